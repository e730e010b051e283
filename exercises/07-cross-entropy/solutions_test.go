package crossentropy

import (
	"math"
	"testing"

	"llminternals/pkg/autograd"
	"llminternals/pkg/tensor"
)

func near(t *testing.T, name string, got, want, tol float64) {
	t.Helper()
	if !(math.Abs(got-want) <= tol) {
		t.Errorf("%s = %v, want %v (tolerance %g)", name, got, want, tol)
	}
}

// The grading cells' numbers, worked independently: ln(e² + e + 1) and its shifts.
func TestLogSumExp(t *testing.T) {
	small := math.Log(math.Exp(2) + math.E + 1)
	near(t, "logSumExp([2 1 0])", logSumExp([]float64{2, 1, 0}), small, 1e-12)
	near(t, "logSumExp([5])", logSumExp([]float64{5}), 5, 0)
	near(t, "logSumExp([1000 1001 1002])", logSumExp([]float64{1000, 1001, 1002}), 1000+small, 1e-10)
	near(t, "logSumExp([-1000 -1000])", logSumExp([]float64{-1000, -1000}), -1000+math.Ln2, 1e-10)
	for _, x := range [][]float64{{3, -7, 0.5, 12}, {-0.25}, {700, 710, -710}} {
		near(t, "logSumExp = tensor.LogSumExp", logSumExp(x), tensor.LogSumExp(x), 1e-12)
	}
}

func TestCrossEntropy(t *testing.T) {
	want := math.Log(1 + math.Exp(-1) + math.Exp(-2))
	near(t, "crossEntropy([2 1 0], 0)", crossEntropy([]float64{2, 1, 0}, 0), want, 1e-12)
	near(t, "crossEntropy([1 1 1], 2)", crossEntropy([]float64{1, 1, 1}, 2), math.Log(3), 1e-12)
	near(t, "crossEntropy([0 0 6], 0)", crossEntropy([]float64{0, 0, 6}, 0), math.Log(2+math.Exp(6)), 1e-12)
	near(t, "crossEntropy([1000 1001 1002], 2)", crossEntropy([]float64{1000, 1001, 1002}, 2), want, 1e-10)
	z := []float64{0.3, -1.2, 2.5, 0}
	for target := range z {
		engine := autograd.CrossEntropy(autograd.FromRows([][]float64{z}), []int{target}).Item()
		near(t, "crossEntropy = autograd.CrossEntropy", crossEntropy(z, target), engine, 1e-12)
	}
}

func TestCrossEntropyGrad(t *testing.T) {
	s := math.Exp(2) + math.E + 1
	cases := []struct {
		z      []float64
		target int
		want   []float64
	}{
		{[]float64{2, 1, 0}, 0, []float64{math.Exp(2)/s - 1, math.E / s, 1 / s}},
		{[]float64{1, 1, 1}, 1, []float64{1.0 / 3, 1.0/3 - 1, 1.0 / 3}},
		{[]float64{1000, 1001, 1002}, 2, []float64{1 / s, math.E / s, math.Exp(2)/s - 1}},
	}
	for _, c := range cases {
		got := crossEntropyGrad(c.z, c.target)
		for j := range c.want {
			near(t, "crossEntropyGrad", got[j], c.want[j], 1e-12)
		}
	}
	// Against the engine's backward pass and central finite differences of crossEntropy.
	z := []float64{0.3, -1.2, 2.5, 0}
	logits := autograd.FromRows([][]float64{z})
	autograd.CrossEntropy(logits, []int{1}).Backward()
	got := crossEntropyGrad(z, 1)
	const eps = 1e-6
	for j := range z {
		near(t, "crossEntropyGrad = autograd", got[j], logits.Grad.At(0, j), 1e-12)
		plus, minus := append([]float64(nil), z...), append([]float64(nil), z...)
		plus[j] += eps
		minus[j] -= eps
		near(t, "crossEntropyGrad ≈ finite differences", got[j], (crossEntropy(plus, 1)-crossEntropy(minus, 1))/(2*eps), 1e-8)
	}
}

func TestPerplexity(t *testing.T) {
	third := math.Log(1.0 / 3)
	near(t, "three tokens at 1/3", perplexity([]float64{third, third, third}), 3, 1e-12)
	near(t, "1/2 and 1/4", perplexity([]float64{math.Log(0.5), math.Log(0.25)}), math.Sqrt(8), 1e-12)
	near(t, "a sure model", perplexity([]float64{0, 0, 0, 0}), 1, 0)
	// The chapter's batch: losses 0.4076, 0.0949, 1.0986 give perplexity 1.7053.
	lp := []float64{-crossEntropy([]float64{2, 1, 0}, 0), -crossEntropy([]float64{0, 3, 0}, 1), -crossEntropy([]float64{1, 1, 1}, 2)}
	near(t, "the chapter's batch", perplexity(lp), 1.7053, 5e-5)
}
