// Package attention holds the course's one attention: scaled dot-product
// attention on autograd values, for one head (Attend) and for many heads
// sharing fewer key/value heads (MultiHead, CausalSelfAttention). The
// matrix version used by the early chapters, ScaledDotProductAttention,
// runs the same code with gradients off, so its numbers are bit-identical.
//
// Non-finite values and empty shapes follow package tensor's policy: a
// query whose keys are all masked, or that has no keys at all (an empty
// KV cache), gets a zero weights row and a zero output row.
package attention

import (
	"math"

	"gonum.org/v1/gonum/mat"

	"llminternals/pkg/autograd"
	"llminternals/pkg/internal/panics"
	"llminternals/pkg/tensor"
)

// Mask says which keys each query may see. The zero Mask hides nothing.
type Mask struct {
	// Causal hides the future. With n queries and m ≥ n keys, the queries
	// are the last n positions of the m (a KV cache holds the first m − n),
	// so query i sees keys j ≤ i + m − n; for n = m that is j ≤ i.
	// It is autograd.MaskFuture.
	Causal bool
	// Additive, if not nil, is an n×m matrix added to the scores before
	// the softmax: 0 keeps a key, −Inf drops it (padding), any other
	// value is a bias. tensor.NewCausalMask(n) builds the square causal one.
	Additive mat.Matrix
}

// Attend returns scaled dot-product attention for one head:
//
//	weights = softmax(Q·Kᵀ/√d_k + mask)   (row by row)
//	out     = weights · V
//
// for queries Q (n×d_k), keys K (m×d_k) and values V (m×d_v). out is
// n×d_v and weights is n×m: row i says how much query i takes from each
// value. Dividing by √d_k keeps the scores' variance near 1 whatever the
// width, so the softmax does not saturate (chapter 04).
//
// A query that sees no key (m = 0, or every key masked) gets a zero
// weights row and a zero output row, and passes no gradient back.
//
// Gradients flow to q, k and v through autograd's ops.
func Attend(q, k, v *autograd.Value, mask Mask) (out, weights *autograd.Value) {
	return attend("Attend", q, k, v, mask)
}

func attend(op string, q, k, v *autograd.Value, mask Mask) (out, weights *autograd.Value) {
	if d, ok := mask.Additive.(*mat.Dense); ok && d == nil {
		mask.Additive = nil // a nil *mat.Dense in the interface means no mask too
	}
	n, dk := q.Dims()
	m, dk2 := k.Dims()
	mv, _ := v.Dims()
	if dk != dk2 {
		panics.Panicf("attention", op, "q is %s, k is %s; Q and K need the same width d_k", tensor.Shape(q.Data), tensor.Shape(k.Data))
	}
	if m != mv {
		panics.Panicf("attention", op, "k is %s, v is %s; K and V need one row per key", tensor.Shape(k.Data), tensor.Shape(v.Data))
	}
	if mask.Additive != nil {
		if mr, mc := mask.Additive.Dims(); mr != n || mc != m {
			panics.Panicf("attention", op, "mask is %s, scores Q·Kᵀ are %d×%d", tensor.Shape(mask.Additive), n, m)
		}
	}
	if mask.Causal && m < n && m > 0 {
		panics.Panicf("attention", op, "causal attention of %d queries over %d keys: the queries must be the last n of the m ≥ n keys", n, m)
	}
	s := scores(q, k)
	if mask.Causal {
		s = autograd.MaskFuture(s)
	}
	if mask.Additive != nil {
		s = autograd.Add(s, autograd.Const(dense(mask.Additive)))
	}
	weights = autograd.Softmax(s)
	return autograd.MatMul(weights, v), weights
}

// scores returns Q·Kᵀ/√d_k.
func scores(q, k *autograd.Value) *autograd.Value {
	s := autograd.MatMulT(q, k)
	if _, dk := q.Dims(); dk > 0 {
		s = autograd.Scale(s, 1/math.Sqrt(float64(dk)))
	}
	return s
}

// ScaledDotProductAttention is Attend on matrices, with an optional
// additive mask M (n×m, nil for none; see tensor.NewCausalMask):
// weights = softmax(Q·Kᵀ/√d_k + M), out = weights·V. It runs Attend's
// code under autograd.NoGrad, so the numbers are the same bits.
func ScaledDotProductAttention(q, k, v, mask mat.Matrix) (out, weights *mat.Dense) {
	autograd.NoGrad(func() {
		o, w := attend("ScaledDotProductAttention", autograd.Const(dense(q)), autograd.Const(dense(k)), autograd.Const(dense(v)), Mask{Additive: mask})
		out, weights = o.Data, w.Data
	})
	return out, weights
}

// Scores returns the scaled scores Q·Kᵀ/√d_k, before any mask or softmax,
// computed as Attend computes them.
func Scores(q, k mat.Matrix) *mat.Dense {
	_, dk := q.Dims()
	_, dk2 := k.Dims()
	if dk != dk2 {
		panics.Panicf("attention", "Scores", "q is %s, k is %s; Q and K need the same width d_k", tensor.Shape(q), tensor.Shape(k))
	}
	var s *mat.Dense
	autograd.NoGrad(func() { s = scores(autograd.Const(dense(q)), autograd.Const(dense(k))).Data })
	return s
}

// dense returns m as a *mat.Dense, copying only if it is another kind of
// matrix. autograd ops never modify their inputs, so no copy is needed
// for a *mat.Dense.
func dense(m mat.Matrix) *mat.Dense {
	if d, ok := m.(*mat.Dense); ok {
		return d
	}
	r, c := m.Dims()
	d := tensor.New(r, c)
	for i := 0; i < r; i++ {
		row := d.RawRowView(i)
		for j := range row {
			row[j] = m.At(i, j)
		}
	}
	return d
}
