package autograd

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"

	"llminternals/pkg/rng"
)

// weighted returns Σ out ⊙ w for a fixed random w, a scalar whose gradient
// with respect to out is w: every entry of out gets a different weight,
// so a wrong index or a transposed gradient cannot cancel out.
func weighted(out *Value, g *rng.RNG) *Value {
	r, c := out.Dims()
	return Sum(Mul(out, Const(g.NormalMatrix(r, c, 1))))
}

// awayFromZero returns an r×c matrix with entries in ±[0.2, 1.5], so that
// kinks at 0 (ReLU) lie far outside ±eps.
func awayFromZero(g *rng.RNG, r, c int) *mat.Dense {
	m := g.UniformMatrix(r, c, 0.2, 1.5)
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			if g.Float64() < 0.5 {
				m.Set(i, j, -m.At(i, j))
			}
		}
	}
	return m
}

type gradCase struct {
	name   string
	params []*Value
	f      func() *Value
}

func gradCases() []gradCase {
	g := rng.New(7)
	p := func(r, c int) *Value { return New(g.NormalMatrix(r, c, 1)) }
	w := func(out *Value) *Value { return weighted(out, rng.New(99)) }
	unaryCase := func(name string, op func(*Value) *Value, x *Value) gradCase {
		return gradCase{name, []*Value{x}, func() *Value { return w(op(x)) }}
	}

	a, b := p(3, 4), p(4, 5)
	x34, y34, bias := p(3, 4), p(3, 4), p(1, 4)
	m1, m2, mrow := p(3, 4), p(3, 4), p(1, 4)
	s1 := p(2, 3)
	sum1, mean1, tr := p(3, 2), p(3, 2), p(2, 5)
	heads := p(3, 6)
	cr1, cr2 := p(2, 3), p(1, 3)
	sl := p(5, 4)
	sm, lsm := p(3, 5), p(3, 5)
	ce := p(4, 6)
	cm := p(4, 4)
	cmRect := p(2, 5)
	table := p(5, 3)
	ln, lnG, lnB := p(3, 5), p(1, 5), p(1, 5)
	rms, rmsG := p(3, 5), p(1, 5)
	twice := p(2, 3)
	logIn := New(g.UniformMatrix(2, 3, 0.5, 2))
	drop := p(4, 5)
	lsx, lsw1, lsb1, lsw2 := p(3, 4), p(4, 5), p(1, 5), p(4, 2)

	return []gradCase{
		{"MatMul", []*Value{a, b}, func() *Value { return w(MatMul(a, b)) }},
		{"Add", []*Value{x34, y34}, func() *Value { return w(Add(x34, y34)) }},
		{"AddBroadcast", []*Value{x34, bias}, func() *Value { return w(Add(x34, bias)) }},
		{"Sub", []*Value{x34, y34}, func() *Value { return w(Sub(x34, y34)) }},
		{"SubBroadcast", []*Value{x34, bias}, func() *Value { return w(Sub(x34, bias)) }},
		{"Mul", []*Value{m1, m2}, func() *Value { return w(Mul(m1, m2)) }},
		{"MulBroadcast", []*Value{m1, mrow}, func() *Value { return w(Mul(m1, mrow)) }},
		{"Scale", []*Value{s1}, func() *Value { return w(Scale(s1, -2.5)) }},
		{"Sum", []*Value{sum1}, func() *Value { return Sum(sum1) }},
		{"Mean", []*Value{mean1}, func() *Value { return Mean(Mul(mean1, mean1)) }},
		{"Transpose", []*Value{tr}, func() *Value { return w(Transpose(tr)) }},
		{"SplitConcatCols", []*Value{heads}, func() *Value {
			hs := SplitCols(heads, 3)
			// Reverse and transform the heads so each block's gradient differs.
			return w(ConcatCols(Tanh(hs[2]), Scale(hs[1], 3), Mul(hs[0], hs[0])))
		}},
		{"ConcatRows", []*Value{cr1, cr2}, func() *Value { return w(ConcatRows(cr1, cr2, cr1)) }},
		{"SliceRows", []*Value{sl}, func() *Value { return w(SliceRows(sl, 1, 4)) }},
		{"SliceCols", []*Value{sl}, func() *Value { return w(SliceCols(sl, 2, 4)) }},
		{"Softmax", []*Value{sm}, func() *Value { return w(Softmax(sm)) }},
		{"LogSoftmax", []*Value{lsm}, func() *Value { return w(LogSoftmax(lsm)) }},
		{"CrossEntropy", []*Value{ce}, func() *Value { return CrossEntropy(ce, []int{0, 5, 2, 2}) }},
		{"MaskFutureSoftmax", []*Value{cm}, func() *Value { return w(Softmax(MaskFuture(cm))) }},
		{"MaskFutureRect", []*Value{cmRect}, func() *Value { return w(Softmax(MaskFuture(cmRect))) }},
		{"Embedding", []*Value{table}, func() *Value { return w(Embedding(table, []int{3, 0, 3, 4, 3})) }},
		{"LinearShared", []*Value{lsx, lsw1, lsb1, lsw2}, func() *Value {
			outs := LinearShared(lsx, []*Value{lsw1, lsw2}, []*Value{lsb1, nil})
			return Add(w(outs[0]), w(Tanh(outs[1])))
		}},
		{"LayerNorm", []*Value{ln, lnG, lnB}, func() *Value { return w(LayerNorm(ln, lnG, lnB, 1e-5)) }},
		{"RMSNorm", []*Value{rms, rmsG}, func() *Value { return w(RMSNorm(rms, rmsG, 1e-6)) }},
		unaryCase("ReLU", ReLU, New(awayFromZero(g, 3, 4))),
		unaryCase("GELU", GELU, p(3, 4)),
		unaryCase("GELUExact", GELUExact, p(3, 4)),
		unaryCase("SiLU", SiLU, p(3, 4)),
		unaryCase("Sigmoid", Sigmoid, p(3, 4)),
		unaryCase("Tanh", Tanh, p(3, 4)),
		unaryCase("Exp", Exp, p(3, 4)),
		unaryCase("Log", Log, logIn),
		{"Dropout", []*Value{drop}, func() *Value {
			// A fresh generator with a fixed seed: every evaluation draws the same mask.
			return w(Dropout(drop, 0.3, rng.New(5), true))
		}},
		{"UsedTwice", []*Value{twice}, func() *Value {
			// twice feeds three consumers; its gradient is the sum of all three.
			return w(Add(Mul(twice, twice), Tanh(twice)))
		}},
	}
}

// TestGradCheck checks every operation's gradient against central finite
// differences with eps = 1e-6; the error is RelErr, |a−b|/max(1,|a|,|b|).
func TestGradCheck(t *testing.T) {
	for _, tc := range gradCases() {
		t.Run(tc.name, func(t *testing.T) {
			e, rep := GradCheck(tc.f, tc.params, 1e-6)
			if !(e < 1e-6) {
				t.Errorf("%s: %v", tc.name, rep)
			}
			if rep.Entries == 0 {
				t.Errorf("%s: nothing checked", tc.name)
			}
		})
	}
}

// TestGradCheckMLP checks a composite: a 2-layer MLP with LayerNorm,
// GELU, dropout and cross-entropy, every parameter at once.
func TestGradCheckMLP(t *testing.T) {
	g := rng.New(3)
	x := Const(g.NormalMatrix(5, 4, 1))
	var ps Params
	w1 := ps.Add("w1", New(g.NormalMatrix(4, 6, 0.5)))
	b1 := ps.Add("b1", New(g.NormalMatrix(1, 6, 0.1)))
	gain := ps.Add("gain", New(g.UniformMatrix(1, 6, 0.5, 1.5)))
	beta := ps.Add("beta", New(g.NormalMatrix(1, 6, 0.1)))
	w2 := ps.Add("w2", New(g.NormalMatrix(6, 3, 0.5)))
	b2 := ps.Add("b2", New(g.NormalMatrix(1, 3, 0.1)))
	f := func() *Value {
		h := GELU(LayerNorm(Add(MatMul(x, w1), b1), gain, beta, 1e-5))
		h = Dropout(h, 0.2, rng.New(11), true)
		return CrossEntropy(Add(MatMul(h, w2), b2), []int{0, 2, 1, 1, 0})
	}
	if e, rep := GradCheck(f, ps.Values(), 1e-6); !(e < 1e-6) {
		t.Errorf("MLP: %v", rep)
	}
}

// TestGradCheckDetectsWrongGradient makes sure GradCheck can fail: an op
// whose backward is deliberately off by a factor 2 must be caught.
func TestGradCheckDetectsWrongGradient(t *testing.T) {
	x := Scalar(0.7)
	bad := func() *Value {
		out := mat.NewDense(1, 1, []float64{x.Item() * x.Item()})
		return result("bad_square", out, func(o *Value) {
			gradOf(x).Set(0, 0, gradOf(x).At(0, 0)+4*x.Item()*o.Grad.At(0, 0)) // true: 2x
		}, x)
	}
	e, rep := GradCheck(bad, []*Value{x}, 1e-6)
	if e < 0.4 {
		t.Fatalf("GradCheck missed a wrong gradient: %v", rep)
	}
	if math.Abs(rep.Numeric-1.4) > 1e-8 || math.Abs(rep.Analytic-2.8) > 1e-12 {
		t.Errorf("report %v: want numeric 1.4 and analytic 2.8", rep)
	}
}
