package starthere

import (
	"math"
	"testing"
)

// near reports whether got and want have the same length and differ by at
// most tol everywhere.
func near(got, want []float64, tol float64) bool {
	if len(got) != len(want) {
		return false
	}
	for i := range got {
		if !(math.Abs(got[i]-want[i]) <= tol) {
			return false
		}
	}
	return true
}

// The expected values are closed forms: softmax([a, a+1, a+2]) =
// [1, e, e²]/(1+e+e²) for every a, and x/T rescales the exponents.
func TestSoftmax(t *testing.T) {
	e := math.E
	z := 1 + e + e*e
	want := []float64{1 / z, e / z, e * e / z}
	for _, c := range []struct {
		x, want []float64
	}{
		{[]float64{0, 0}, []float64{0.5, 0.5}},
		{[]float64{1, 2, 3}, want},
		{[]float64{1000, 1001, 1002}, want},
		{[]float64{-3}, []float64{1}},
	} {
		if got := Softmax(c.x); !near(got, c.want, 1e-15) {
			t.Errorf("Softmax(%v) = %v, want %v", c.x, got, c.want)
		}
	}
}

func TestSoftmaxT(t *testing.T) {
	e := math.E
	z := 1 + e*e + e*e*e*e
	for _, c := range []struct {
		x    []float64
		T    float64
		want []float64
	}{
		{[]float64{1, 2, 3}, 1, []float64{1 / (1 + e + e*e), e / (1 + e + e*e), e * e / (1 + e + e*e)}},
		{[]float64{1, 2, 3}, 0.5, []float64{1 / z, e * e / z, e * e * e * e / z}},
		{[]float64{0, 2}, 2, []float64{1 / (1 + e), e / (1 + e)}},
		{[]float64{1, 3, 2}, 0, []float64{0, 1, 0}},
		{[]float64{3, 1, 3}, 0, []float64{0.5, 0, 0.5}},
	} {
		if got := SoftmaxT(c.x, c.T); !near(got, c.want, 1e-15) {
			t.Errorf("SoftmaxT(%v, %g) = %v, want %v", c.x, c.T, got, c.want)
		}
	}
}
