package autograd

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"

	"llminternals/pkg/rng"
	"llminternals/pkg/tensor"
)

var ninf = math.Inf(-1)

// TestSoftmaxNaNRowNoPanic: a NaN in one row makes that row NaN, forward
// and backward, and leaves the other row alone; nothing panics.
func TestSoftmaxNaNRowNoPanic(t *testing.T) {
	x := FromRows([][]float64{{0, math.NaN()}, {0, 0}})
	y := Softmax(x)
	Sum(Mul(y, Const(tensor.FromRows([][]float64{{1, 2}, {1, 2}})))).Backward()
	for j := 0; j < 2; j++ {
		if !math.IsNaN(y.Data.At(0, j)) || !math.IsNaN(x.Grad.At(0, j)) {
			t.Errorf("row 0, col %d: y %v, grad %v; want NaN", j, y.Data.At(0, j), x.Grad.At(0, j))
		}
	}
	// Row 1: y = [½, ½], g = [1, 2], g·y = 3/2, grad = y(g − 3/2) = [−¼, ¼].
	if y.Data.At(1, 0) != 0.5 || x.Grad.At(1, 0) != -0.25 || x.Grad.At(1, 1) != 0.25 {
		t.Errorf("row 1: y %v, grad %v", tensor.Row(y.Data, 1), tensor.Row(x.Grad, 1))
	}
}

// TestSoftmaxFullyMaskedRow: padding hides every key from query 1. Its
// weights are zero, so its output row is zero, and so is its gradient;
// finite differences agree on every entry, including those of the
// masked row (moving a score that is then masked changes nothing).
func TestSoftmaxFullyMaskedRow(t *testing.T) {
	g := rng.New(21)
	scores := New(g.NormalMatrix(3, 4, 1))
	v := New(g.NormalMatrix(4, 2, 1))
	pad := tensor.New(3, 4)
	for j := 0; j < 4; j++ {
		pad.Set(1, j, ninf)
	}
	pad.Set(2, 3, ninf) // row 2 keeps three keys
	f := func() (out, w *Value) {
		w = Softmax(Add(scores, Const(pad)))
		return MatMul(w, v), w
	}
	out, w := f()
	for j := 0; j < 4; j++ {
		if w.Data.At(1, j) != 0 {
			t.Errorf("masked row weight %d = %v, want 0", j, w.Data.At(1, j))
		}
	}
	if out.Data.At(1, 0) != 0 || out.Data.At(1, 1) != 0 {
		t.Errorf("masked row output = %v, want zeros", tensor.Row(out.Data, 1))
	}
	loss := func() *Value { o, _ := f(); return weighted(o, rng.New(5)) }
	if e, rep := GradCheck(loss, []*Value{scores, v}, 1e-6); !(e < 1e-7) {
		t.Errorf("gradcheck: %v", rep)
	}
	for j := 0; j < 4; j++ {
		if scores.Grad.At(1, j) != 0 {
			t.Errorf("masked row gradient %d = %v, want exactly 0", j, scores.Grad.At(1, j))
		}
	}
}

// TestSoftmaxPosInf: two +Inf entries share the weight, ½ each.
func TestSoftmaxPosInf(t *testing.T) {
	y := Softmax(Const(tensor.FromRows([][]float64{{math.Inf(1), 3, math.Inf(1)}})))
	if !mat.Equal(y.Data, tensor.FromRows([][]float64{{0.5, 0, 0.5}})) {
		t.Errorf("softmax = %v, want [½ 0 ½]", tensor.Row(y.Data, 0))
	}
}

// TestEmptyCacheGradients: one step of a KV cache from empty. The cache
// is 0×d, the new key and value are appended (ConcatRows), and the query
// attends causally. Gradients flow to the query and the new key and
// value, and finite differences agree. Then the same with no keys at all:
// the weights row is empty, the output is zero, every gradient is zero.
func TestEmptyCacheGradients(t *testing.T) {
	g := rng.New(22)
	const d = 3
	q := New(g.NormalMatrix(2, d, 1))
	kNew := New(g.NormalMatrix(2, d, 1))
	vNew := New(g.NormalMatrix(2, d, 1))
	kCache, vCache := New(tensor.New(0, d)), New(tensor.New(0, d))
	attend := func(k, v *Value) *Value {
		s := Scale(MatMul(q, Transpose(k)), 1/math.Sqrt(d))
		return MatMul(Softmax(MaskFuture(s)), v)
	}
	loss := func() *Value {
		return weighted(attend(ConcatRows(kCache, kNew), ConcatRows(vCache, vNew)), rng.New(6))
	}
	if e, rep := GradCheck(loss, []*Value{q, kNew, vNew, kCache, vCache}, 1e-6); !(e < 1e-7) {
		t.Errorf("gradcheck through an empty cache: %v", rep)
	}
	if r, c := kCache.Grad.Dims(); r != 0 || c != d {
		t.Errorf("empty cache's gradient is %d×%d, want 0×%d", r, c, d)
	}

	// No keys: 2 queries over a 0×d cache.
	q.ZeroGrad()
	out := attend(kCache, vCache)
	if r, c := out.Dims(); r != 2 || c != d {
		t.Fatalf("output over no keys is %d×%d, want 2×%d", r, c, d)
	}
	if !mat.Equal(out.Data, tensor.New(2, d)) {
		t.Errorf("output over no keys = %v, want zeros", mat.Formatted(out.Data))
	}
	noKeys := func() *Value { return weighted(attend(kCache, vCache), rng.New(7)) }
	if e, rep := GradCheck(noKeys, []*Value{q}, 1e-6); !(e < 1e-12) {
		t.Errorf("gradcheck with no keys: %v", rep)
	}
	if !mat.Equal(q.Grad, tensor.New(2, d)) {
		t.Errorf("query gradient with no keys = %v, want zeros", mat.Formatted(q.Grad))
	}
}

func TestMaskFutureShapes(t *testing.T) {
	wantPanic(t, func() { MaskFuture(Const(tensor.New(3, 2))) }, "autograd: MaskFuture", "3×2")
	// n×0 is allowed (nothing to mask); n×n masks the strict upper triangle.
	if r, c := MaskFuture(Const(tensor.New(3, 0))).Dims(); r != 3 || c != 0 {
		t.Errorf("MaskFuture of 3×0 is %d×%d", r, c)
	}
	// 2 queries, 3 keys: the offset is 1, so query 0 sees keys 0–1 and
	// query 1 sees all three.
	m := MaskFuture(Const(tensor.FromRows([][]float64{{1, 2, 3}, {4, 5, 6}}))).Data
	if !mat.Equal(m, tensor.FromRows([][]float64{{1, 2, ninf}, {4, 5, 6}})) {
		t.Errorf("MaskFuture = %v", mat.Formatted(m))
	}
}

// TestDetectAnomaly: with the check on, the first op that produces a
// non-finite value panics, by name, and later ops are never reached.
func TestDetectAnomaly(t *testing.T) {
	cases := []struct {
		name string
		f    func()
		want string // the whole message, or "" for no panic
	}{
		{"log of −1 is NaN, reported at log, not at scale", func() {
			Scale(Log(FromRows([][]float64{{1, -1}})), 2)
		}, "autograd: log: NaN appeared in the output (shape 1×2, row 0, col 1); inputs were finite"},
		{"log of 0 is −Inf from finite inputs", func() {
			Log(FromRows([][]float64{{2, 3}, {0, 1}}))
		}, "autograd: log: -Inf appeared in the output (shape 2×2, row 1, col 0); inputs were finite"},
		{"exp overflows to +Inf", func() {
			Exp(FromRows([][]float64{{800}}))
		}, "autograd: exp: +Inf appeared in the output (shape 1×1, row 0, col 0); inputs were finite"},
		{"a NaN that came in through a leaf is named", func() {
			Add(FromRows([][]float64{{1, 2}}), Const(tensor.FromRows([][]float64{{math.NaN(), 0}})))
		}, "autograd: add: NaN appeared in the output (shape 1×2, row 0, col 0); input 1 already held NaN (shape 1×2, row 0, col 0)"},
		{"an Inf turned into NaN names the Inf", func() {
			// −Inf·0 = NaN at (0, 1).
			Mul(Add(FromRows([][]float64{{1, 2}}), Const(tensor.FromRows([][]float64{{0, ninf}}))), Const(tensor.New(1, 2)))
		}, "autograd: mul: NaN appeared in the output (shape 1×2, row 0, col 1); input 0 already held -Inf (shape 1×2, row 0, col 1)"},
		{"causal attention: MaskFuture's −Inf is intended", func() {
			x := FromRows([][]float64{{1, 2}, {3, 4}, {5, 6}})
			Sum(MatMul(Softmax(MaskFuture(MatMul(x, Transpose(x)))), x)).Backward()
		}, ""},
		{"an additive −Inf mask carried through Add is not new", func() {
			x := FromRows([][]float64{{1, 2}, {3, 4}})
			Sum(Softmax(Add(x, Const(tensor.NewCausalMask(2))))).Backward()
		}, ""},
		{"a fully masked row is fine", func() {
			x := FromRows([][]float64{{1, 2}})
			Sum(Softmax(Add(x, Const(tensor.FromRows([][]float64{{ninf, ninf}}))))).Backward()
		}, ""},
		{"backward: d(log x)/dx = 1/x overflows for a subnormal x", func() {
			Sum(Log(FromRows([][]float64{{1, 1e-320}}))).Backward()
		}, "autograd: log backward: +Inf appeared in the gradient of input 0 (leaf; shape 1×2, row 0, col 1); the output's gradient was finite"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var msg string
			CheckFinite(func() { msg = panicMessage(c.f) })
			if msg != c.want {
				t.Errorf("panic %q\nwant  %q", msg, c.want)
			}
			if anomalyOn {
				t.Fatal("CheckFinite left the check on")
			}
			// Off, nothing panics: NaN and Inf simply propagate.
			if off := panicMessage(c.f); off != "" {
				t.Errorf("with the check off: panic %q", off)
			}
		})
	}
}

func TestDetectAnomalyRestores(t *testing.T) {
	if prev := DetectAnomaly(true); prev {
		t.Fatal("on by default")
	}
	if prev := DetectAnomaly(false); !prev {
		t.Error("DetectAnomaly(false) should report it was on")
	}
}
