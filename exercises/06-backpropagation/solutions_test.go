package backprop06

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"

	"llminternals/pkg/autograd"
	"llminternals/pkg/rng"
	"llminternals/pkg/tensor"
)

func TestSigmoidBackward(t *testing.T) {
	// By hand: y = ½ gives the local slope ½·½ = ¼; y = 0.9 gives 0.09.
	got := sigmoidBackward([]float64{0.5, 0.9, 0.5}, []float64{1, 2, -4})
	want := []float64{0.25, 0.18, -1}
	for i := range want {
		if math.Abs(got[i]-want[i]) > 1e-15 {
			t.Errorf("entry %d: got %v, want %v", i, got[i], want[i])
		}
	}
	// Against the engine: ∂/∂x Σ σ(x)⊙G is G⊙σ'(x).
	xs, g := []float64{-2, -0.5, 0, 1.5, 3}, []float64{1, -2, 0.5, 3, -1}
	xv := autograd.New(mat.NewDense(1, len(xs), append([]float64(nil), xs...)))
	y := autograd.Sigmoid(xv)
	autograd.Sum(autograd.Mul(y, autograd.Const(mat.NewDense(1, len(g), g)))).Backward()
	got = sigmoidBackward(y.Data.RawRowView(0), g)
	for i := range xs {
		if want := xv.Grad.At(0, i); math.Abs(got[i]-want) > 1e-15 {
			t.Errorf("x = %v: got %v, autograd %v", xs[i], got[i], want)
		}
	}
}

func TestMatMulBackward(t *testing.T) {
	// The chapter's example, worked by hand in the notebook:
	// dW = Xᵀ·G, e.g. dW[2][0] = 0·1 + 3·3 = 9; dX = G·Wᵀ, e.g. dX[0][2] = 1·1 + (−2)·3 = −5.
	x := [][]float64{{1, 2, 0}, {-1, 1, 3}}
	w := [][]float64{{2, -1}, {0, 1}, {1, 3}}
	g := [][]float64{{1, -2}, {3, 1}}
	dX, dW := matMulBackward(x, w, g)
	exact(t, "dX", dX, [][]float64{{4, -2, -5}, {5, 1, 6}})
	exact(t, "dW", dW, [][]float64{{-2, -3}, {5, -3}, {9, 3}})

	// A non-square case against the engine: L = Σ (X·W)⊙G.
	r := rng.New(6)
	xm, wm, gm := r.NormalMatrix(4, 3, 1), r.NormalMatrix(3, 5, 1), r.NormalMatrix(4, 5, 1)
	xv, wv := autograd.New(mat.DenseCopyOf(xm)), autograd.New(mat.DenseCopyOf(wm))
	autograd.Sum(autograd.Mul(autograd.MatMul(xv, wv), autograd.Const(gm))).Backward()
	dX, dW = matMulBackward(tensor.ToRows(xm), tensor.ToRows(wm), tensor.ToRows(gm))
	if e := autograd.MaxRelErr(tensor.FromRows(dX), xv.Grad); e > 1e-14 {
		t.Errorf("dX against autograd: max error %g", e)
	}
	if e := autograd.MaxRelErr(tensor.FromRows(dW), wv.Grad); e > 1e-14 {
		t.Errorf("dW against autograd: max error %g", e)
	}
}

func TestChainRuleTanh(t *testing.T) {
	// By hand at w = b = 0: h = y = 0, so ∂L/∂z2 = (0 − 1)·1 = −1, ∂L/∂b2 = −1,
	// ∂L/∂w2 = −1·h = 0, and ∂L/∂z1 = −1·w2 = 0.
	if got, want := chainRuleTanh(0, 0, 0, 0), [4]float64{0, 0, 0, -1}; got != want {
		t.Errorf("at zero weights: got %v, want %v", got, want)
	}
	// At the chapter's weights, against central finite differences of L.
	loss := func(p [4]float64) float64 {
		h := math.Tanh(p[0]*x + p[1])
		y := math.Tanh(p[2]*h + p[3])
		return 0.5 * (y - target) * (y - target)
	}
	p := [4]float64{0.4, 0.1, -0.3, 0.2}
	got := chainRuleTanh(p[0], p[1], p[2], p[3])
	const eps = 1e-6
	for i := range p {
		plus, minus := p, p
		plus[i] += eps
		minus[i] -= eps
		num := (loss(plus) - loss(minus)) / (2 * eps)
		if math.Abs(got[i]-num) > 1e-9 {
			t.Errorf("parameter %d: got %v, finite difference %v", i, got[i], num)
		}
	}
}

func exact(t *testing.T, name string, got, want [][]float64) {
	t.Helper()
	if !mat.Equal(tensor.FromRows(got), tensor.FromRows(want)) {
		t.Errorf("%s: got %v, want %v", name, got, want)
	}
}
