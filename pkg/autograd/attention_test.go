package autograd

import (
	"math"
	"testing"

	"llminternals/pkg/rng"
)

// causalSelfAttention composes the package's ops into causal multi-head
// self-attention, the way chapter 08's block will:
// concatₕ softmax(mask(qₕkₕᵀ/√d))·vₕ · Wo, with q = x·Wq, k = x·Wk, v = x·Wv
// split into heads of width d.
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

// TestGradCheckAttention checks every weight of a 2-head causal attention
// layer, and the input, against finite differences.
func TestGradCheckAttention(t *testing.T) {
	g := rng.New(12)
	x := New(g.NormalMatrix(4, 6, 1))
	ws := []*Value{New(g.NormalMatrix(6, 6, 0.5)), New(g.NormalMatrix(6, 6, 0.5)),
		New(g.NormalMatrix(6, 6, 0.5)), New(g.NormalMatrix(6, 6, 0.5))}
	f := func() *Value {
		return weighted(causalSelfAttention(x, ws[0], ws[1], ws[2], ws[3], 2), rng.New(4))
	}
	if e, rep := GradCheck(f, append([]*Value{x}, ws...), 1e-6); !(e < 1e-6) {
		t.Errorf("attention: %v", rep)
	}
}

// TestAttentionNoLeak: changing the last token leaves every earlier output
// row bit-identical (chapter 05's proof that the mask works).
func TestAttentionNoLeak(t *testing.T) {
	g := rng.New(13)
	x := g.NormalMatrix(5, 4, 1)
	ws := make([]*Value, 4)
	for i := range ws {
		ws[i] = Const(g.NormalMatrix(4, 4, 0.5))
	}
	before := causalSelfAttention(Const(x), ws[0], ws[1], ws[2], ws[3], 2).Data
	x2 := g.NormalMatrix(5, 4, 1)
	for j := 0; j < 4; j++ {
		x.Set(4, j, x2.At(4, j))
	}
	after := causalSelfAttention(Const(x), ws[0], ws[1], ws[2], ws[3], 2).Data
	for i := 0; i < 4; i++ {
		for j := 0; j < 4; j++ {
			if before.At(i, j) != after.At(i, j) {
				t.Fatalf("row %d changed when only token 4 changed", i)
			}
		}
	}
	if before.At(4, 0) == after.At(4, 0) {
		t.Error("the last row should change")
	}
}
