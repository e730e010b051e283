// Package attention implements scaled dot-product attention, the
// operation at the heart of every transformer.
package attention

import (
	"llminternals/pkg/internal/panics"
	"math"

	"gonum.org/v1/gonum/mat"

	"llminternals/pkg/tensor"
)

// ScaledDotProductAttention returns
//
//	weights = softmax(Q·Kᵀ/√d_k + M)   (row by row)
//	out     = weights · V
//
// for queries Q (n×d_k), keys K (m×d_k), values V (m×d_v) and an optional
// additive mask M (n×m, nil for none; see tensor.NewCausalMask). out is n×d_v
// and weights is n×m: row i says how much query i takes from each value.
//
// Dividing by √d_k keeps the scores' variance near 1 whatever the width,
// so the softmax does not saturate (chapter 04).
func ScaledDotProductAttention(q, k, v, mask mat.Matrix) (out, weights *mat.Dense) {
	n, dk := q.Dims()
	m, dk2 := k.Dims()
	mv, _ := v.Dims()
	const op = "ScaledDotProductAttention"
	if dk != dk2 {
		panics.Panicf("attention", op, "q is %s, k is %s; Q and K need the same width d_k", tensor.Shape(q), tensor.Shape(k))
	}
	if m != mv {
		panics.Panicf("attention", op, "k is %s, v is %s; K and V need one row per key", tensor.Shape(k), tensor.Shape(v))
	}
	if mask != nil {
		mr, mc := mask.Dims()
		if mr != n || mc != m {
			panics.Panicf("attention", op, "mask is %s, scores Q·Kᵀ are %d×%d", tensor.Shape(mask), n, m)
		}
	}
	scores := Scores(q, k)
	if mask != nil {
		scores = tensor.ApplyMask(scores, mask)
	}
	weights = tensor.SoftmaxRows(scores)
	out = tensor.MatMul(weights, v)
	return out, weights
}

// Scores returns the scaled scores Q·Kᵀ/√d_k, before any mask or softmax.
func Scores(q, k mat.Matrix) *mat.Dense {
	_, dk := q.Dims()
	s := tensor.MatMulT(q, k)
	if dk == 0 {
		return s
	}
	return tensor.Scale(1/math.Sqrt(float64(dk)), s)
}
