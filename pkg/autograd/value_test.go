package autograd

import (
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"llminternals/pkg/rng"
)

// panicMessage runs f and returns what it panicked with ("" if nothing).
func panicMessage(f func()) (msg string) {
	defer func() {
		if r := recover(); r != nil {
			msg, _ = r.(string)
			if msg == "" {
				msg = "non-string panic"
			}
		}
	}()
	f()
	return ""
}

func wantPanic(t *testing.T, f func(), parts ...string) {
	t.Helper()
	msg := panicMessage(f)
	if msg == "" {
		t.Fatalf("no panic; want one containing %q", parts)
	}
	for _, p := range parts {
		if !strings.Contains(msg, p) {
			t.Errorf("panic %q does not contain %q", msg, p)
		}
	}
}

func sigma(x float64) float64 { return 1 / (1 + math.Exp(-x)) }

// TestChapter06ByHand reproduces chapter 06's network — one input, two
// sigmoid units, squared error — and checks every intermediate value and
// every partial derivative against the chain rule written out by hand.
func TestChapter06ByHand(t *testing.T) {
	const x, target = 0.5, 1.0
	w1, b1, w2, b2 := Scalar(0.4), Scalar(0.1), Scalar(-0.3), Scalar(0.2)

	z1 := Add(Mul(w1, ConstScalar(x)), b1)
	h := Sigmoid(z1)
	z2 := Add(Mul(w2, h), b2)
	y := Sigmoid(z2)
	diff := Sub(y, ConstScalar(target))
	loss := Scale(Mul(diff, diff), 0.5) // L = ½(y − t)²
	loss.Backward()

	// Forward, by hand.
	hz1 := 0.4*x + 0.1
	hh := sigma(hz1)
	hz2 := -0.3*hh + 0.2
	hy := sigma(hz2)
	hL := 0.5 * (hy - target) * (hy - target)
	// Backward, by the chain rule.
	dLdy := hy - target
	dLdz2 := dLdy * hy * (1 - hy)
	dLdw2, dLdb2 := dLdz2*hh, dLdz2
	dLdh := dLdz2 * -0.3
	dLdz1 := dLdh * hh * (1 - hh)
	dLdw1, dLdb1 := dLdz1*x, dLdz1

	checks := []struct {
		name      string
		got, want float64
	}{
		{"z1", z1.Item(), hz1}, {"h", h.Item(), hh}, {"z2", z2.Item(), hz2},
		{"y", y.Item(), hy}, {"L", loss.Item(), hL},
		{"∂L/∂y", y.GradItem(), dLdy}, {"∂L/∂z2", z2.GradItem(), dLdz2},
		{"∂L/∂w2", w2.GradItem(), dLdw2}, {"∂L/∂b2", b2.GradItem(), dLdb2},
		{"∂L/∂h", h.GradItem(), dLdh}, {"∂L/∂z1", z1.GradItem(), dLdz1},
		{"∂L/∂w1", w1.GradItem(), dLdw1}, {"∂L/∂b1", b1.GradItem(), dLdb1},
	}
	for _, c := range checks {
		if math.Abs(c.got-c.want) > 1e-15 {
			t.Errorf("%s = %.17g, by hand %.17g", c.name, c.got, c.want)
		}
	}
}

// TestChapter07ByHand: logits → softmax → −log p for 3 classes; the
// gradient of the loss with respect to the logits is p − y.
func TestChapter07ByHand(t *testing.T) {
	logits := FromRows([][]float64{{2, 1, 0.1}})
	loss := CrossEntropy(logits, []int{0})
	loss.Backward()
	z := []float64{2, 1, 0.1}
	s := math.Exp(2) + math.Exp(1) + math.Exp(0.1)
	p := []float64{math.Exp(z[0]) / s, math.Exp(z[1]) / s, math.Exp(z[2]) / s}
	if want := -math.Log(p[0]); math.Abs(loss.Item()-want) > 1e-15 {
		t.Errorf("loss %v, by hand %v", loss.Item(), want)
	}
	y := []float64{1, 0, 0}
	for j := range z {
		if got, want := logits.Grad.At(0, j), p[j]-y[j]; math.Abs(got-want) > 1e-15 {
			t.Errorf("∂L/∂z%d = %v, p−y = %v", j, got, want)
		}
	}
	// The same through the explicit chain Softmax → Log → pick → negate.
	z2 := FromRows([][]float64{{2, 1, 0.1}})
	probs := Softmax(z2)
	nll := Scale(SliceCols(Log(probs), 0, 1), -1)
	nll.Backward()
	for j := range z {
		if got := z2.Grad.At(0, j); math.Abs(got-(p[j]-y[j])) > 1e-15 {
			t.Errorf("chain: ∂L/∂z%d = %v, want %v", j, got, p[j]-y[j])
		}
	}
}

func TestUsedTwiceAccumulates(t *testing.T) {
	x := Scalar(3)
	y := Add(Mul(x, x), x) // y = x² + x, dy/dx = 2x + 1 = 7
	y.Backward()
	if x.GradItem() != 7 {
		t.Errorf("dy/dx = %v, want 7", x.GradItem())
	}
}

func TestBackwardTwice(t *testing.T) {
	x := Scalar(3)
	y := Mul(x, x)
	y.BackwardRetain()
	y.Backward() // leaves accumulate: 6 + 6
	if x.GradItem() != 12 {
		t.Errorf("after two passes dy/dx = %v, want 6 + 6 = 12", x.GradItem())
	}
	if y.GradItem() != 1 {
		t.Errorf("intermediate grad %v, want 1: intermediate gradients are per pass", y.GradItem())
	}
	if y.Item() != 9 || x.Item() != 3 {
		t.Errorf("Data must survive Backward: y = %v, x = %v", y.Item(), x.Item())
	}
	wantPanic(t, y.Backward, "autograd: Backward:", "freed", "BackwardRetain", "retain_graph")

	x.ZeroGrad()
	z := Tanh(x)
	z.Backward()
	wantPanic(t, z.BackwardRetain, "autograd: BackwardRetain:", "freed")
}

func TestBackwardNeedsScalar(t *testing.T) {
	wantPanic(t, func() { FromRows([][]float64{{1, 2}}).Backward() }, "autograd: Backward:", "1×2")
}

func TestNoGradAndConst(t *testing.T) {
	w := Scalar(2)
	var y *Value
	NoGrad(func() {
		if GradEnabled() {
			t.Error("GradEnabled inside NoGrad")
		}
		y = Mul(w, w)
	})
	if !GradEnabled() {
		t.Error("NoGrad did not restore recording")
	}
	if y.Item() != 4 || y.RequiresGrad() || y.Parents() != nil {
		t.Errorf("NoGrad result: %v, requiresGrad %v, parents %v", y.Item(), y.RequiresGrad(), y.Parents())
	}
	wantPanic(t, y.Backward, "does not require a gradient")

	c := Const(mat.NewDense(1, 1, []float64{5}))
	z := Mul(w, c)
	z.Backward()
	if c.Grad != nil {
		t.Error("a Const received a gradient")
	}
	if w.GradItem() != 5 {
		t.Errorf("d(w·5)/dw = %v", w.GradItem())
	}
}

func TestShapePanics(t *testing.T) {
	a, b := New(tensorOnes(3, 4)), New(tensorOnes(3, 4))
	wantPanic(t, func() { MatMul(a, b) }, "autograd: MatMul: a is 3×4, b is 3×4", "(4)", "(3)")
	wantPanic(t, func() { Add(a, New(tensorOnes(2, 4))) }, "autograd: Add: a is 3×4, b is 2×4")
	wantPanic(t, func() { Mul(a, New(tensorOnes(1, 3))) }, "autograd: Mul: a is 3×4, b is 1×3")
	wantPanic(t, func() { SplitCols(a, 3) }, "autograd: SplitCols:", "3×4")
	wantPanic(t, func() { ConcatCols(a, New(tensorOnes(2, 4))) }, "autograd: ConcatCols:", "3×4", "2×4")
	wantPanic(t, func() { LayerNorm(a, New(tensorOnes(1, 3)), New(tensorOnes(1, 4)), 1e-5) }, "autograd: LayerNorm:", "gain is 1×3")
	wantPanic(t, func() { RMSNorm(a, New(tensorOnes(4, 1)), 1e-5) }, "autograd: RMSNorm:", "4×1")
	wantPanic(t, func() { MaskFuture(New(tensorOnes(4, 3))) }, "autograd: MaskFuture:", "4×3")
	wantPanic(t, func() { a.Item() }, "autograd: Item:", "3×4")
}

func tensorOnes(r, c int) *mat.Dense {
	m := mat.NewDense(r, c, nil)
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			m.Set(i, j, 1)
		}
	}
	return m
}

func TestCrossEntropyBadTarget(t *testing.T) {
	logits := New(tensorOnes(3, 5))
	wantPanic(t, func() { CrossEntropy(logits, []int{0, 7, 1}) },
		"autograd: CrossEntropy:", "target 7", "row 1", "vocabulary [0, 5)")
	wantPanic(t, func() { CrossEntropy(logits, []int{0, 1, -1}) }, "target -1", "row 2")
	wantPanic(t, func() { CrossEntropy(logits, []int{0, 1}) }, "3×5", "2 targets")
	wantPanic(t, func() { Embedding(logits, []int{0, 3}) }, "autograd: Embedding:", "id 3", "position 1", "3 rows")
}

func TestCrossEntropyUniform(t *testing.T) {
	// All-equal logits: p = 1/V, loss = log V, gradient (1/V − [j = t]) / n.
	z := New(mat.NewDense(2, 4, nil))
	loss := CrossEntropy(z, []int{1, 3})
	loss.Backward()
	if math.Abs(loss.Item()-math.Log(4)) > 1e-15 {
		t.Errorf("loss %v, want log 4", loss.Item())
	}
	if g := z.Grad.At(0, 1); math.Abs(g-(0.25-1)/2) > 1e-16 {
		t.Errorf("grad at target %v, want −0.375", g)
	}
	if g := z.Grad.At(1, 0); math.Abs(g-0.25/2) > 1e-16 {
		t.Errorf("grad off target %v, want 0.125", g)
	}
}

func TestMaskFuture(t *testing.T) {
	s := New(mat.NewDense(3, 3, nil))
	m := MaskFuture(s)
	p := Softmax(m)
	// Zero scores: row i is uniform over its i+1 visible keys.
	for i := 0; i < 3; i++ {
		for j := 0; j < 3; j++ {
			want := 0.0
			if j <= i {
				want = 1 / float64(i+1)
			} else if !math.IsInf(m.Data.At(i, j), -1) {
				t.Errorf("masked score (%d,%d) = %v, want −Inf", i, j, m.Data.At(i, j))
			}
			if math.Abs(p.Data.At(i, j)-want) > 1e-16 {
				t.Errorf("p(%d,%d) = %v, want %v", i, j, p.Data.At(i, j), want)
			}
		}
	}
	Sum(Mul(p, Const(tensorOnes(3, 3)))).Backward()
	Sum(Mul(MaskFuture(s), Const(mat.NewDense(3, 3, []float64{1, 2, 3, 4, 5, 6, 7, 8, 9})))).Backward()
	if g := s.Grad.At(0, 2); g != 0 {
		t.Errorf("gradient through a masked entry %v, want 0", g)
	}
}

func TestEmbeddingScatterAdd(t *testing.T) {
	table := FromRows([][]float64{{1, 2}, {3, 4}, {5, 6}})
	out := Embedding(table, []int{1, 1, 2})
	Sum(out).Backward()
	want := [][]float64{{0, 0}, {2, 2}, {1, 1}} // id 1 used twice, id 0 never
	for i, row := range want {
		for j, w := range row {
			if table.Grad.At(i, j) != w {
				t.Errorf("grad[%d][%d] = %v, want %v", i, j, table.Grad.At(i, j), w)
			}
		}
	}
	if out.Data.At(1, 1) != 4 || out.Data.At(2, 0) != 5 {
		t.Errorf("gathered rows wrong: %v", out.Data.RawMatrix().Data)
	}
}

func TestNormsByHand(t *testing.T) {
	x := FromRows([][]float64{{1, 2, 3}})
	ln := LayerNorm(x, FromRows([][]float64{{1, 1, 1}}), FromRows([][]float64{{0, 0, 0}}), 0)
	// mean 2, variance 2/3: x̂ = (x − 2)/√(2/3) = [−√1.5, 0, √1.5]
	for j, want := range []float64{-math.Sqrt(1.5), 0, math.Sqrt(1.5)} {
		if math.Abs(ln.Data.At(0, j)-want) > 1e-15 {
			t.Errorf("LayerNorm[%d] = %v, want %v", j, ln.Data.At(0, j), want)
		}
	}
	r := RMSNorm(FromRows([][]float64{{3, 4}}), FromRows([][]float64{{1, 2}}), 0)
	// rms = √((9 + 16)/2) = √12.5
	for j, want := range []float64{3 / math.Sqrt(12.5), 2 * 4 / math.Sqrt(12.5)} {
		if math.Abs(r.Data.At(0, j)-want) > 1e-15 {
			t.Errorf("RMSNorm[%d] = %v, want %v", j, r.Data.At(0, j), want)
		}
	}
}

func TestActivationsKnownValues(t *testing.T) {
	one := func(f func(*Value) *Value, x float64) float64 { return f(Scalar(x)).Item() }
	cases := []struct {
		name      string
		got, want float64
	}{
		{"GELUExact(1) = Φ(1)", one(GELUExact, 1), 0.5 * (1 + math.Erf(1/math.Sqrt2))},
		{"GELU(1)", one(GELU, 1), 0.5 * (1 + math.Tanh(math.Sqrt(2/math.Pi)*1.044715))},
		{"SiLU(2)", one(SiLU, 2), 2 / (1 + math.Exp(-2))},
		{"ReLU(−1)", one(ReLU, -1), 0},
		{"Sigmoid(0)", one(Sigmoid, 0), 0.5},
		{"Sigmoid(−800)", one(Sigmoid, -800), 0},
	}
	for _, c := range cases {
		if math.Abs(c.got-c.want) > 1e-15 {
			t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
		}
	}
}

func TestDropout(t *testing.T) {
	x := New(tensorOnes(100, 100))
	if Dropout(x, 0.5, rng.New(1), false) != x {
		t.Error("evaluation-mode Dropout must return its input")
	}
	y := Dropout(x, 0.25, rng.New(1), true)
	dropped := 0
	for _, v := range y.Data.RawMatrix().Data {
		switch v {
		case 0:
			dropped++
		case 1 / 0.75:
		default:
			t.Fatalf("entry %v is neither 0 nor 1/(1−p)", v)
		}
	}
	// 10 000 Bernoulli(0.25) draws: mean 2500, standard deviation 43.3.
	if dropped < 2500-5*44 || dropped > 2500+5*44 {
		t.Errorf("dropped %d of 10000 with p = 0.25", dropped)
	}
	z := Dropout(x, 0.25, rng.New(1), true)
	if !mat.Equal(y.Data, z.Data) {
		t.Error("the same seed must give the same mask")
	}
	Sum(y).Backward()
	if !mat.Equal(x.Grad, y.Data) { // ∂Σy/∂x = mask/(1−p) = y for x = 1
		t.Error("gradient is not mask/(1−p)")
	}
	wantPanic(t, func() { Dropout(x, 1, rng.New(1), true) }, "autograd: Dropout:", "p = 1")
}

func TestParams(t *testing.T) {
	var ps Params
	ps.Add("w", New(tensorOnes(3, 4)))
	ps.Add("b", New(tensorOnes(1, 4)))
	ps.Add("g", Scalar(1))
	if got := ps.NumScalars(); got != 12+4+1 {
		t.Errorf("NumScalars = %d, want 17", got)
	}
	if names := strings.Join(ps.Names(), ","); names != "w,b,g" {
		t.Errorf("order %s", names)
	}
	var it []string
	for name, v := range ps.All() {
		it = append(it, name+":"+v.Label)
	}
	if strings.Join(it, " ") != "w:w b:b g:g" {
		t.Errorf("All gives %v", it)
	}
	if ps.Get("b") == nil || ps.Get("nope") != nil || ps.Len() != 3 {
		t.Error("Get/Len wrong")
	}
	wantPanic(t, func() { ps.Add("w", Scalar(0)) }, "autograd: Params.Add:", `"w"`, "already")
	wantPanic(t, func() { ps.Add("c", Const(tensorOnes(1, 1))) }, "does not require a gradient")
	Sum(ps.Get("w")).Backward()
	ps.ZeroGrad()
	if mat.Sum(ps.Get("w").Grad) != 0 {
		t.Error("ZeroGrad left a gradient")
	}
}

// TestRetaining: a Fused op's backward sees Retaining() true in a
// BackwardRetain pass and false in a Backward pass, and it is false
// outside any pass.
func TestRetaining(t *testing.T) {
	x := New(mat.NewDense(1, 1, []float64{3}))
	var seen []bool
	y := Fused("probe", mat.NewDense(1, 1, []float64{6}), func(g *mat.Dense) {
		seen = append(seen, Retaining())
		AccumGrad(x).Set(0, 0, AccumGrad(x).At(0, 0)+2*g.At(0, 0))
	}, x)
	y.BackwardRetain()
	y.Backward()
	if len(seen) != 2 || !seen[0] || seen[1] || Retaining() {
		t.Fatalf("Retaining() in the passes: %v, after: %v; want [true false], false", seen, Retaining())
	}
	if x.Grad.At(0, 0) != 4 {
		t.Fatalf("∂y/∂x summed over two passes = %v, want 4", x.Grad.At(0, 0))
	}
}
