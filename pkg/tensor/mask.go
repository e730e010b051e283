package tensor

import (
	"llminternals/pkg/internal/panics"
	"math"

	"gonum.org/v1/gonum/mat"
)

// NewCausalMask returns the n×n additive mask M with Mᵢⱼ = 0 for j ≤ i and
// −Inf for j > i. Added to attention scores before the softmax, it gives
// future positions weight exactly 0: exp(−Inf) = 0.
func NewCausalMask(n int) *mat.Dense {
	m := New(n, n)
	for i := 0; i < n; i++ {
		for j := i + 1; j < n; j++ {
			m.Set(i, j, math.Inf(-1))
		}
	}
	return m
}

// ApplyMask returns scores + mask, the masked scores that go into the
// softmax. mask holds 0 (keep) or −Inf (drop); any other value acts as an
// additive bias. The shapes must be equal.
func ApplyMask(scores, mask mat.Matrix) *mat.Dense {
	panics.SameShape("tensor", "ApplyMask", scores, mask)
	r, c := scores.Dims()
	out := New(r, c)
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			out.Set(i, j, scores.At(i, j)+mask.At(i, j))
		}
	}
	return out
}
