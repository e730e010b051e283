package optim

import (
	"math"
	"strings"
	"testing"

	"llminternals/pkg/autograd"
)

func TestClipGradNormBelowAndZero(t *testing.T) {
	a := autograd.Scalar(0)
	autograd.Scale(a, 0.5).Backward()
	// ‖g‖ = 0.5 < 1: the coefficient 1/(0.5+1e-6) is clamped to 1.
	if n := ClipGradNorm([]*autograd.Value{a}, 1); n != 0.5 || a.GradItem() != 0.5 {
		t.Errorf("norm %v, grad %v; want both 0.5 unchanged", n, a.GradItem())
	}
	a.ZeroGrad()
	if n := ClipGradNorm([]*autograd.Value{a}, 1); n != 0 || a.GradItem() != 0 {
		t.Errorf("zero gradients: norm %v, grad %v", n, a.GradItem())
	}
	// A parameter Backward never reached is skipped, as PyTorch skips grad None.
	if n := ClipGradNorm([]*autograd.Value{autograd.Scalar(1)}, 1); n != 0 {
		t.Errorf("norm of no gradients %v", n)
	}
}

func TestSGDMomentumByHand(t *testing.T) {
	// L = w·3 has constant gradient 3. With momentum 0.9: b₁ = 3, b₂ = 0.9·3 + 3 = 5.7,
	// so w = 1 − 0.1·3 − 0.1·5.7 = 0.13.
	w := autograd.Scalar(1)
	opt := NewSGD([]*autograd.Value{w}, 0.1, 0.9)
	for range 2 {
		w.ZeroGrad()
		autograd.Scale(w, 3).Backward()
		opt.Step()
	}
	if math.Abs(w.Item()-0.13) > 1e-15 {
		t.Errorf("w = %v, want 0.13", w.Item())
	}
}

func TestAdamSkipsParamsWithoutGrad(t *testing.T) {
	w, unused := autograd.Scalar(1), autograd.Scalar(5)
	opt := NewAdam([]*autograd.Value{w, unused}, 0.1)
	autograd.Mul(w, w).Backward()
	opt.Step()
	if unused.Item() != 5 || opt.Steps() != 1 {
		t.Errorf("unused = %v, steps %d", unused.Item(), opt.Steps())
	}
}

func TestWarmupCosinePanics(t *testing.T) {
	defer func() {
		msg, _ := recover().(string)
		if !strings.Contains(msg, "optim: WarmupCosine.Factor:") {
			t.Errorf("panic %q", msg)
		}
	}()
	WarmupCosine{Warmup: 5, Total: 5}.Factor(0)
}

// TestChapter06Step: one plain gradient step on chapter 06's network,
// θ ← θ − η·∂L/∂θ, with the gradients written out by the chain rule.
func TestChapter06Step(t *testing.T) {
	sigma := func(x float64) float64 { return 1 / (1 + math.Exp(-x)) }
	const x, target, eta = 0.5, 1.0, 0.5
	w1, b1, w2, b2 := autograd.Scalar(0.4), autograd.Scalar(0.1), autograd.Scalar(-0.3), autograd.Scalar(0.2)
	h := autograd.Sigmoid(autograd.Add(autograd.Mul(w1, autograd.ConstScalar(x)), b1))
	y := autograd.Sigmoid(autograd.Add(autograd.Mul(w2, h), b2))
	d := autograd.Sub(y, autograd.ConstScalar(target))
	autograd.Scale(autograd.Mul(d, d), 0.5).Backward()
	NewSGD([]*autograd.Value{w1, b1, w2, b2}, eta, 0).Step()

	hh := sigma(0.4*x + 0.1)
	hy := sigma(-0.3*hh + 0.2)
	dz2 := (hy - target) * hy * (1 - hy)
	dz1 := dz2 * -0.3 * hh * (1 - hh)
	want := map[string][2]float64{
		"w1": {w1.Item(), 0.4 - eta*dz1*x}, "b1": {b1.Item(), 0.1 - eta*dz1},
		"w2": {w2.Item(), -0.3 - eta*dz2*hh}, "b2": {b2.Item(), 0.2 - eta*dz2},
	}
	for name, gw := range want {
		if math.Abs(gw[0]-gw[1]) > 1e-15 {
			t.Errorf("%s after one step = %.17g, by hand %.17g", name, gw[0], gw[1])
		}
	}
}
