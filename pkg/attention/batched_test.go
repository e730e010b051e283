package attention

import (
	"fmt"
	"math"
	"runtime"
	"strings"
	"testing"

	"llminternals/pkg/autograd"
	"llminternals/pkg/rng"

	"gonum.org/v1/gonum/mat"
)

// reference is what CausalBatch replaces: MultiHead with the causal mask on
// each sequence's rows, the results stacked.
func reference(q, k, v *autograd.Value, heads, kvHeads int, lens []int) *autograd.Value {
	var parts []*autograd.Value
	lo := 0
	for _, l := range lens {
		out, _ := MultiHead(autograd.SliceRows(q, lo, lo+l), autograd.SliceRows(k, lo, lo+l), autograd.SliceRows(v, lo, lo+l),
			heads, kvHeads, Mask{Causal: true})
		parts = append(parts, out)
		lo += l
	}
	return autograd.ConcatRows(parts...)
}

// TestCausalBatchEqualsMultiHead: the fused kernel gives the bits of the
// composition of ops, forward and backward, for multi-head, grouped and
// multi-query attention, sequences of different lengths (an empty one
// included), at one goroutine and several.
func TestCausalBatchEqualsMultiHead(t *testing.T) {
	for _, c := range []struct{ heads, kvHeads, dk, dv int }{{2, 2, 3, 3}, {4, 2, 2, 3}, {4, 1, 4, 2}, {3, 3, 5, 5}} {
		for _, procs := range []int{1, 2, 3} {
			name := fmt.Sprintf("H=%d G=%d GOMAXPROCS=%d", c.heads, c.kvHeads, procs)
			prev := runtime.GOMAXPROCS(procs)
			lens := []int{5, 1, 0, 7, 3}
			n := 16
			g := rng.New(uint64(7 + c.heads))
			mk := func(cols int) (*autograd.Value, *autograd.Value) {
				m := g.NormalMatrix(n, cols, 1)
				return autograd.New(m), autograd.New(autograd.Const(m).Data)
			}
			qa, qb := mk(c.heads * c.dk)
			ka, kb := mk(c.kvHeads * c.dk)
			va, vb := mk(c.kvHeads * c.dv)
			got := CausalBatch(qa, ka, va, c.heads, c.kvHeads, lens)
			want := reference(qb, kb, vb, c.heads, c.kvHeads, lens)
			same(t, name+": out", got.Data.RawMatrix().Data, want.Data.RawMatrix().Data)
			weighted(got, rng.New(3)).Backward()
			weighted(want, rng.New(3)).Backward()
			same(t, name+": ∂L/∂q", qa.Grad.RawMatrix().Data, qb.Grad.RawMatrix().Data)
			same(t, name+": ∂L/∂k", ka.Grad.RawMatrix().Data, kb.Grad.RawMatrix().Data)
			same(t, name+": ∂L/∂v", va.Grad.RawMatrix().Data, vb.Grad.RawMatrix().Data)
			runtime.GOMAXPROCS(prev)
		}
	}
}

func same(t *testing.T, what string, got, want []float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d values, want %d", what, len(got), len(want))
	}
	for i := range got {
		if got[i] != want[i] {
			t.Fatalf("%s[%d] = %v, composition of ops gives %v", what, i, got[i], want[i])
		}
	}
}

// TestCausalBatchBackwardRetain: BackwardRetain keeps the attention
// weights for another pass (PyTorch's retain_graph=True), so a second
// pass through the same graph runs, and the leaves' gradients are those of
// two graphs built one after the other, each with its own Backward, adding
// into the same gradients: bit for bit.
func TestCausalBatchBackwardRetain(t *testing.T) {
	g := rng.New(8)
	qm, km, vm := g.NormalMatrix(9, 8, 1), g.NormalMatrix(9, 4, 1), g.NormalMatrix(9, 6, 1)
	leaves := func() []*autograd.Value {
		return []*autograd.Value{autograd.New(mat.DenseCopyOf(qm)), autograd.New(mat.DenseCopyOf(km)), autograd.New(mat.DenseCopyOf(vm))}
	}
	loss := func(p []*autograd.Value) *autograd.Value {
		return weighted(CausalBatch(p[0], p[1], p[2], 4, 2, []int{4, 5}), rng.New(2))
	}
	retained := leaves()
	l := loss(retained)
	l.BackwardRetain()
	l.Backward()
	rebuilt := leaves()
	loss(rebuilt).Backward()
	loss(rebuilt).Backward()
	for i := range retained {
		same(t, fmt.Sprintf("operand %d's gradient", i), retained[i].Grad.RawMatrix().Data, rebuilt[i].Grad.RawMatrix().Data)
	}
}

// TestGradCheckCausalBatch checks the kernel's own gradient against finite
// differences, with grouped heads and three sequences.
func TestGradCheckCausalBatch(t *testing.T) {
	g := rng.New(5)
	q := autograd.New(g.NormalMatrix(7, 8, 1))
	k := autograd.New(g.NormalMatrix(7, 4, 1))
	v := autograd.New(g.NormalMatrix(7, 6, 1))
	f := func() *autograd.Value { return weighted(CausalBatch(q, k, v, 4, 2, []int{3, 1, 3}), rng.New(9)) }
	if e, rep := autograd.GradCheck(f, []*autograd.Value{q, k, v}, 1e-6); !(e < 1e-6) {
		t.Error(rep)
	}
}

// TestCausalBatchBadShapes: each misuse panics naming the package, the op
// and the numbers.
func TestCausalBatchBadShapes(t *testing.T) {
	g := rng.New(1)
	q := autograd.New(g.NormalMatrix(4, 4, 1))
	kv := autograd.New(g.NormalMatrix(4, 2, 1))
	for _, c := range []struct {
		name string
		f    func()
		want string
	}{
		{"lengths", func() { CausalBatch(q, kv, kv, 2, 1, []int{3}) }, "add up to 3, but q has 4 rows"},
		{"negative", func() { CausalBatch(q, kv, kv, 2, 1, []int{5, -1}) }, "sequence 1 has length -1"},
		{"heads", func() { CausalBatch(q, kv, kv, 3, 2, []int{4}) }, "3 query heads and 2 key/value heads"},
		{"widths", func() { CausalBatch(q, kv, kv, 4, 1, []int{4}) }, "need q = n×(4·d_k)"},
	} {
		func() {
			defer func() {
				msg, _ := recover().(string)
				if !strings.HasPrefix(msg, "attention: CausalBatch: ") || !strings.Contains(msg, c.want) {
					t.Errorf("%s: panic %q, want one containing %q", c.name, msg, c.want)
				}
			}()
			c.f()
		}()
	}
}

// TestCausalBatchNonFinite: scores with NaN, +Inf and −Inf (from q and k
// holding them) still give MultiHead's bits, output and gradients.
func TestCausalBatchNonFinite(t *testing.T) {
	g := rng.New(21)
	lens := []int{4, 3}
	n := 7
	for _, bad := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
		q, k, v := g.NormalMatrix(n, 8, 1), g.NormalMatrix(n, 8, 1), g.NormalMatrix(n, 8, 1)
		q.Set(2, 1, bad) // row 2 of the first sequence, head 0
		k.Set(5, 6, bad) // row 1 of the second sequence, head 1
		run := func(f func(q, k, v *autograd.Value) *autograd.Value) (*mat.Dense, []*mat.Dense) {
			qa, ka, va := autograd.New(mat.DenseCopyOf(q)), autograd.New(mat.DenseCopyOf(k)), autograd.New(mat.DenseCopyOf(v))
			out := f(qa, ka, va)
			autograd.Sum(out).Backward()
			return out.Data, []*mat.Dense{qa.Grad, ka.Grad, va.Grad}
		}
		got, gotGrads := run(func(q, k, v *autograd.Value) *autograd.Value { return CausalBatch(q, k, v, 2, 2, lens) })
		want, wantGrads := run(func(q, k, v *autograd.Value) *autograd.Value { return reference(q, k, v, 2, 2, lens) })
		same := func(what string, a, b *mat.Dense) {
			ra, rb := a.RawMatrix().Data, b.RawMatrix().Data
			for i := range ra {
				if math.Float64bits(ra[i]) != math.Float64bits(rb[i]) && !(math.IsNaN(ra[i]) && math.IsNaN(rb[i])) {
					t.Fatalf("%v: %s entry %d: CausalBatch %v, MultiHead %v", bad, what, i, ra[i], rb[i])
				}
			}
		}
		same("output", got, want)
		for i, name := range []string{"∂q", "∂k", "∂v"} {
			same(name, gotGrads[i], wantGrads[i])
		}
	}
}

// TestCausalBatchSkipsMaskedFuture: forward computes scores and P·v only
// up to the end of each block of query rows (causalRows). With blocks
// small enough that every sequence crosses several, and blocks of the
// default height on longer sequences, the output and the gradients keep
// MultiHead's bits, compared bit for bit (the sign of a zero included):
// with finite v, with v holding −0 and negative rows (the skipped terms
// are then −0), and with an Inf or a NaN in v or a NaN in q, where a
// block must take every key.
func TestCausalBatchSkipsMaskedFuture(t *testing.T) {
	type tc struct {
		name string
		rows int
		lens []int
		poke func(q, k, v *mat.Dense)
	}
	none := func(q, k, v *mat.Dense) {}
	negZero := func(q, k, v *mat.Dense) {
		r, c := v.Dims()
		for i := 0; i < r; i += 2 {
			for j := 0; j < c; j++ {
				v.Set(i, j, math.Copysign(0, -1))
			}
		}
		for j := 0; j < c; j++ {
			v.Set(1, j, -math.Abs(v.At(1, j)))
		}
	}
	cases := []tc{
		{"finite", 3, []int{11, 1, 0, 8, 13}, none},
		{"−0 in v", 3, []int{11, 1, 0, 8, 13}, negZero},
		{"+Inf late in v", 3, []int{11, 1, 0, 8, 13}, func(q, k, v *mat.Dense) { v.Set(10, 1, math.Inf(1)) }},
		{"NaN late in v", 3, []int{11, 1, 0, 8, 13}, func(q, k, v *mat.Dense) { v.Set(26, 5, math.NaN()) }},
		{"NaN in q", 3, []int{11, 1, 0, 8, 13}, func(q, k, v *mat.Dense) { q.Set(4, 0, math.NaN()) }},
		{"default blocks", causalRows, []int{2*causalRows + 5, causalRows}, none},
	}
	for _, c := range cases {
		for _, procs := range []int{1, 2} {
			prevRows, prevProcs := causalRows, runtime.GOMAXPROCS(procs)
			causalRows = c.rows
			n := 0
			for _, l := range c.lens {
				n += l
			}
			g := rng.New(31)
			const heads, kvHeads, dk = 4, 2, 3
			q, k, v := g.NormalMatrix(n, heads*dk, 1), g.NormalMatrix(n, kvHeads*dk, 1), g.NormalMatrix(n, kvHeads*dk, 1)
			c.poke(q, k, v)
			run := func(f func(q, k, v *autograd.Value) *autograd.Value) []*mat.Dense {
				qa, ka, va := autograd.New(mat.DenseCopyOf(q)), autograd.New(mat.DenseCopyOf(k)), autograd.New(mat.DenseCopyOf(v))
				out := f(qa, ka, va)
				weighted(out, rng.New(3)).Backward()
				return []*mat.Dense{out.Data, qa.Grad, ka.Grad, va.Grad}
			}
			got := run(func(q, k, v *autograd.Value) *autograd.Value { return CausalBatch(q, k, v, heads, kvHeads, c.lens) })
			want := run(func(q, k, v *autograd.Value) *autograd.Value { return reference(q, k, v, heads, kvHeads, c.lens) })
			causalRows = prevRows
			runtime.GOMAXPROCS(prevProcs)
			for i, what := range []string{"out", "∂q", "∂k", "∂v"} {
				ra, rb := got[i].RawMatrix().Data, want[i].RawMatrix().Data
				for j := range ra {
					if math.Float64bits(ra[j]) != math.Float64bits(rb[j]) && !(math.IsNaN(ra[j]) && math.IsNaN(rb[j])) {
						t.Fatalf("%s, GOMAXPROCS=%d: %s entry %d: CausalBatch %v, MultiHead %v", c.name, procs, what, j, ra[j], rb[j])
					}
				}
			}
		}
	}
}
