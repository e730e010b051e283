package autograd

import "math"

// causalSelfAttention composes this package's ops into causal multi-head
// self-attention, concatₕ softmax(mask(qₕkₕᵀ/√d))·vₕ · Wo, for the
// op-level PyTorch fixture "attention" in torch_test.go. The engine's
// attention is package attention (which imports this one, so this test
// cannot call it); its torch_test.go checks it against the same fixture.
func causalSelfAttention(x, wq, wk, wv, wo *Value, heads int) *Value {
	q := SplitCols(MatMul(x, wq), heads)
	k := SplitCols(MatMul(x, wk), heads)
	v := SplitCols(MatMul(x, wv), heads)
	_, width := q[0].Dims()
	outs := make([]*Value, heads)
	for h := range outs {
		scores := Scale(MatMul(q[h], Transpose(k[h])), 1/math.Sqrt(float64(width)))
		outs[h] = MatMul(Softmax(MaskFuture(scores)), v[h])
	}
	return MatMul(ConcatCols(outs...), wo)
}
