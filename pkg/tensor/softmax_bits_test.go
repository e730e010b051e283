package tensor

import (
	"math"
	"testing"

	"llminternals/pkg/internal/detmath"
)

// TestSoftmaxExpBits checks that Softmax's vectorized exponentials
// (detmath.ExpSlice) give the bits of the scalar loop
// e_i = Exp(x_i − m), s = Σ e_i in index order, e_i / s, for every row
// length 1…40 (tails after the 8- and 4-wide blocks), including rows
// whose x_i − m fall where Exp takes its 2ᵏ-subnormal path.
func TestSoftmaxExpBits(t *testing.T) {
	s := uint64(99)
	next := func() float64 {
		s = s*6364136223846793005 + 1442695040888963407
		return float64(s>>11)/(1<<53)*40 - 20
	}
	for n := 1; n <= 40; n++ {
		for trial := 0; trial < 5; trial++ {
			x := make([]float64, n)
			for i := range x {
				x[i] = next()
				if trial == 4 && i%3 == 1 {
					x[i] = -720 - float64(i) // e^(x−m) subnormal or 0
				}
			}
			got := Softmax(x)
			m := math.Inf(-1)
			for _, v := range x {
				m = math.Max(m, v)
			}
			want := make([]float64, n)
			sum := 0.0
			for i, v := range x {
				want[i] = detmath.Exp(v - m)
				sum += want[i]
			}
			for i := range want {
				want[i] /= sum
				if math.Float64bits(got[i]) != math.Float64bits(want[i]) {
					t.Fatalf("n = %d: Softmax(x)[%d] = %v, scalar loop %v", n, i, got[i], want[i])
				}
			}
		}
	}
}
