package attention

import (
	"fmt"
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"

	"llminternals/pkg/autograd"
	"llminternals/pkg/rng"
	"llminternals/pkg/tensor"
)

// weighted reduces out to a scalar loss Σ out ⊙ R with a fixed random R,
// so that every entry of out carries a different gradient.
func weighted(out *autograd.Value, g *rng.RNG) *autograd.Value {
	r, c := out.Dims()
	return autograd.Sum(autograd.Mul(out, autograd.Const(g.NormalMatrix(r, c, 1))))
}

// TestGradCheckCausalSelfAttention checks every weight of a causal
// attention layer, and the input, against finite differences: multi-head
// (G = H = 2), grouped (H = 4, G = 2) and multi-query (H = 4, G = 1).
func TestGradCheckCausalSelfAttention(t *testing.T) {
	for _, c := range []struct{ heads, kvHeads int }{{2, 2}, {4, 2}, {4, 1}} {
		g := rng.New(12)
		const dModel, dk = 6, 2
		x := autograd.New(g.NormalMatrix(4, dModel, 1))
		wq := autograd.New(g.NormalMatrix(dModel, c.heads*dk, 0.5))
		wk := autograd.New(g.NormalMatrix(dModel, c.kvHeads*dk, 0.5))
		wv := autograd.New(g.NormalMatrix(dModel, c.kvHeads*dk, 0.5))
		wo := autograd.New(g.NormalMatrix(c.heads*dk, dModel, 0.5))
		f := func() *autograd.Value {
			return weighted(CausalSelfAttention(x, wq, wk, wv, wo, c.heads, c.kvHeads), rng.New(4))
		}
		if e, rep := autograd.GradCheck(f, []*autograd.Value{x, wq, wk, wv, wo}, 1e-6); !(e < 1e-6) {
			t.Errorf("H=%d G=%d: %v", c.heads, c.kvHeads, rep)
		}
	}
}

// TestAttentionNoLeak: changing the last token leaves every earlier output
// row bit-identical (chapter 05's proof that the mask works).
func TestAttentionNoLeak(t *testing.T) {
	g := rng.New(13)
	x := g.NormalMatrix(5, 4, 1)
	ws := make([]*autograd.Value, 4)
	for i := range ws {
		ws[i] = autograd.Const(g.NormalMatrix(4, 4, 0.5))
	}
	before := CausalSelfAttention(autograd.Const(x), ws[0], ws[1], ws[2], ws[3], 2, 2).Data
	x2 := g.NormalMatrix(5, 4, 1)
	for j := 0; j < 4; j++ {
		x.Set(4, j, x2.At(4, j))
	}
	after := CausalSelfAttention(autograd.Const(x), ws[0], ws[1], ws[2], ws[3], 2, 2).Data
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

// TestGroupedEqualsRepeatedHeads: grouped-query attention is multi-head
// attention whose K and V heads are repeated H/G times, so MultiHead with
// G KV heads must equal MultiHead with the repeated K and V and H heads,
// bit for bit (the same products in the same order).
func TestGroupedEqualsRepeatedHeads(t *testing.T) {
	g := rng.New(14)
	const n, dk, heads = 5, 3, 4
	for _, kvHeads := range []int{1, 2} {
		q := autograd.Const(g.NormalMatrix(n, heads*dk, 1))
		k := autograd.Const(g.NormalMatrix(n, kvHeads*dk, 1))
		v := autograd.Const(g.NormalMatrix(n, kvHeads*dk, 1))
		repeat := func(a *autograd.Value) *autograd.Value {
			parts := autograd.SplitCols(a, kvHeads)
			var rep []*autograd.Value
			for _, p := range parts {
				for range heads / kvHeads {
					rep = append(rep, p)
				}
			}
			return autograd.ConcatCols(rep...)
		}
		gqa, _ := MultiHead(q, k, v, heads, kvHeads, Mask{Causal: true})
		mha, _ := MultiHead(q, repeat(k), repeat(v), heads, heads, Mask{Causal: true})
		if !mat.Equal(gqa.Data, mha.Data) {
			t.Errorf("G=%d: grouped differs from repeated heads by %g", kvHeads, tensor.MaxAbsDiff(gqa.Data, mha.Data))
		}
	}
}

// TestOneQueryEqualsItsRowOfTheFullComputation is the KV-cache property:
// query i attending alone to keys 0..i (the cache plus itself) gives,
// bit for bit, row i of the full causal computation. Later chapters rely
// on it to show cached and uncached generation agree exactly.
//
// Past the masking and the softmax (whose masked terms add exact zeros),
// the property needs the matrix product to compute each entry the same
// way whatever the number of rows: pkg/internal/gemm's canonical
// arithmetic. n = 3 stays below the kernel's 4-row blocks; n = 9 crosses
// them.
func TestOneQueryEqualsItsRowOfTheFullComputation(t *testing.T) {
	for _, n := range []int{3, 9} {
		t.Run(fmt.Sprintf("n=%d", n), func(t *testing.T) {
			g := rng.New(15)
			const dk, dv = 4, 3
			q := autograd.Const(g.NormalMatrix(n, dk, 1))
			k := autograd.Const(g.NormalMatrix(n, dk, 1))
			v := autograd.Const(g.NormalMatrix(n, dv, 1))
			if i, ok := rowIndependentProduct(q, k); !ok {
				t.Fatalf("autograd.MatMul gives row %d of q·kᵀ different bits alone than among %d rows", i, n)
			}
			full, fullW := Attend(q, k, v, Mask{Causal: true})
			for i := 0; i < n; i++ {
				one, w := Attend(autograd.SliceRows(q, i, i+1), autograd.SliceRows(k, 0, i+1), autograd.SliceRows(v, 0, i+1), Mask{Causal: true})
				for j := 0; j < dv; j++ {
					if one.Data.At(0, j) != full.Data.At(i, j) {
						t.Errorf("query %d alone: out[%d] = %.17g, in the full computation %.17g", i, j, one.Data.At(0, j), full.Data.At(i, j))
					}
				}
				for j := 0; j <= i; j++ {
					if w.Data.At(0, j) != fullW.Data.At(i, j) {
						t.Errorf("query %d alone: weight[%d] = %.17g, in the full computation %.17g", i, j, w.Data.At(0, j), fullW.Data.At(i, j))
					}
				}
			}
		})
	}
}

// rowIndependentProduct reports whether each row of q·kᵀ, computed alone,
// has the same bits as in the full product; if not, the first row that
// differs.
func rowIndependentProduct(q, k *autograd.Value) (row int, ok bool) {
	full := autograd.MatMul(q, autograd.Transpose(k)).Data
	n, _ := q.Dims()
	for i := 0; i < n; i++ {
		one := autograd.MatMul(autograd.SliceRows(q, i, i+1), autograd.Transpose(k)).Data
		if !mat.Equal(one, full.Slice(i, i+1, 0, n)) {
			return i, false
		}
	}
	return 0, true
}

// TestZeroCachedKeys: a query over an empty cache has an empty weights
// row and a zero output (a sum over no values); appending its own key
// and value to the empty cache gives exactly its value back (the one
// weight is e⁰/e⁰ = 1).
func TestZeroCachedKeys(t *testing.T) {
	q := autograd.FromRows([][]float64{{1, 2}})
	kCache, vCache := autograd.Const(tensor.New(0, 2)), autograd.Const(tensor.New(0, 3))
	out, w := Attend(q, kCache, vCache, Mask{Causal: true})
	if r, c := w.Dims(); r != 1 || c != 0 {
		t.Errorf("weights over no keys are %d×%d, want 1×0", r, c)
	}
	if !mat.Equal(out.Data, tensor.New(1, 3)) {
		t.Errorf("output over no keys = %v, want [0 0 0]", tensor.Row(out.Data, 0))
	}
	kNew := autograd.FromRows([][]float64{{3, -1}})
	vNew := autograd.FromRows([][]float64{{7, 8, 9}})
	out, w = Attend(q, autograd.ConcatRows(kCache, kNew), autograd.ConcatRows(vCache, vNew), Mask{Causal: true})
	if w.Data.At(0, 0) != 1 || !mat.Equal(out.Data, vNew.Data) {
		t.Errorf("one key: weights %v, out %v; want [1], [7 8 9]", tensor.Row(w.Data, 0), tensor.Row(out.Data, 0))
	}
	// Same through MultiHead: 2 heads over an empty cache give zeros.
	mh, _ := MultiHead(autograd.Const(tensor.New(1, 4)), autograd.Const(tensor.New(0, 4)), autograd.Const(tensor.New(0, 4)), 2, 2, Mask{Causal: true})
	if !mat.Equal(mh.Data, tensor.New(1, 4)) {
		t.Errorf("MultiHead over no keys = %v", mat.Formatted(mh.Data))
	}
}

// TestPaddingMask: a query whose keys are all padding gets zero weights
// and a zero output row; the others are unaffected by the padded row.
func TestPaddingMask(t *testing.T) {
	ninf := math.Inf(-1)
	x := autograd.Const(tensor.FromRows([][]float64{{1, 0}, {0, 1}}))
	pad := tensor.FromRows([][]float64{{0, 0}, {ninf, ninf}})
	out, w := Attend(x, x, x, Mask{Additive: pad})
	// Row 0 as in the example: scores [1, 0]/√2, softmax, then ·x.
	wantOut, wantW := ScaledDotProductAttention(tensor.FromRows([][]float64{{1, 0}}), x.Data, x.Data, nil)
	if !mat.Equal(out.Data, tensor.ConcatRows(wantOut, tensor.New(1, 2))) || !mat.Equal(w.Data, tensor.ConcatRows(wantW, tensor.New(1, 2))) {
		t.Errorf("out %v, weights %v", mat.Formatted(out.Data), mat.Formatted(w.Data))
	}
}

// TestMatrixVersionIsTheSameCode: ScaledDotProductAttention and Scores
// return the very bits Attend computes, with and without a mask.
func TestMatrixVersionIsTheSameCode(t *testing.T) {
	g := rng.New(16)
	q, k, v := g.NormalMatrix(4, 3, 1), g.NormalMatrix(4, 3, 1), g.NormalMatrix(4, 2, 1)
	for _, causal := range []bool{false, true} {
		var mask *mat.Dense
		if causal {
			mask = tensor.NewCausalMask(4)
		}
		out, w := ScaledDotProductAttention(q, k, v, mask)
		m := Mask{Causal: causal}
		gOut, gW := Attend(autograd.New(q), autograd.New(k), autograd.New(v), m)
		if !mat.Equal(out, gOut.Data) || !mat.Equal(w, gW.Data) {
			t.Errorf("causal=%v: ScaledDotProductAttention differs from Attend", causal)
		}
	}
	s := Scores(q, k)
	// By the definition: (q·kᵀ)ᵢⱼ/√3, to rounding.
	for i := 0; i < 4; i++ {
		for j := 0; j < 4; j++ {
			dot := 0.0
			for p := 0; p < 3; p++ {
				dot += q.At(i, p) * k.At(j, p)
			}
			if d := math.Abs(s.At(i, j) - dot/math.Sqrt(3)); d > 1e-15 {
				t.Errorf("Scores[%d][%d] = %v, want %v", i, j, s.At(i, j), dot/math.Sqrt(3))
			}
		}
	}
}

func TestMultiHeadShapePanics(t *testing.T) {
	cases := []struct {
		name                  string
		qc, kc, heads, kvHead int
		want                  string
	}{
		{"kv heads do not divide", 6, 4, 3, 2, "attention: MultiHead: 3 query heads and 2 key/value heads"},
		{"widths disagree", 6, 4, 2, 1, "attention: MultiHead: q is 2×6, k is 2×4, v is 2×4"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			defer func() {
				msg, _ := recover().(string)
				if len(msg) < len(c.want) || msg[:len(c.want)] != c.want {
					t.Errorf("panic %q, want it to start with %q", msg, c.want)
				}
			}()
			MultiHead(autograd.Const(tensor.New(2, c.qc)), autograd.Const(tensor.New(2, c.kc)), autograd.Const(tensor.New(2, c.kc)), c.heads, c.kvHead, Mask{})
		})
	}
}
