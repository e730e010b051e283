package grade_test

import (
	"math"

	"llminternals/pkg/grade"
)

// Sigmoid is what a learner writes in the exercise cell.
func Sigmoid(x float64) float64 { return 1 / (1 + math.Exp(-x)) }

// A blank stub, as the committed notebook holds it.
func SigmoidStub(x float64) float64 { panic("TODO: return 1/(1+e^(−x))") }

func ExampleExercise() {
	hint := "σ(x) = 1/(1+e^(−x)); σ(0) is ½."
	grade.Exercise("06-1", "sigmoid", hint, func(t *grade.T) {
		t.Close("σ(0)", Sigmoid(0), 0.5, 1e-12)
		// 1/(1+e⁻²) with e⁻² = 0.1353352832366127.
		t.Close("σ(2)", Sigmoid(2), 0.8807970779778823, 1e-12)
	})
	grade.Exercise("06-1", "sigmoid", hint, func(t *grade.T) {
		t.Close("σ(0)", SigmoidStub(0), 0.5, 1e-12)
	})
	// Output:
	// ✓ Exercise 06-1 — sigmoid: passed
	// ✗ Exercise 06-1 — sigmoid: your function panicked: TODO: return 1/(1+e^(−x))
	//   hint: σ(x) = 1/(1+e^(−x)); σ(0) is ½.
}
