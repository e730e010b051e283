package optim_test

import (
	"fmt"

	"llminternals/pkg/autograd"
	"llminternals/pkg/optim"
)

// One SGD step on L = w² from w = 1: dL/dw = 2, so w ← 1 − 0.1·2 = 0.8.
func ExampleSGD() {
	w := autograd.Scalar(1)
	opt := optim.NewSGD([]*autograd.Value{w}, 0.1, 0)
	autograd.Mul(w, w).Backward()
	opt.Step()
	fmt.Printf("%.6f\n", w.Item())
	// Output: 0.800000
}

// AdamW's first step: decay θ ← θ(1 − lr·λ) = 0.99, then move by about
// lr, because the bias-corrected m̂/√v̂ = g/|g| = 1.
func ExampleNewAdamW() {
	w := autograd.Scalar(1)
	opt := optim.NewAdamW([]*autograd.Value{w}, 0.1, 0.1)
	autograd.Mul(w, w).Backward()
	opt.Step()
	fmt.Printf("%.6f\n", w.Item())
	// Output: 0.890000
}

// Gradients (3, 4) have norm 5; clipping to 1 scales them by 1/(5 + 1e-6).
func ExampleClipGradNorm() {
	a, b := autograd.Scalar(0), autograd.Scalar(0)
	autograd.Add(autograd.Scale(a, 3), autograd.Scale(b, 4)).Backward()
	norm := optim.ClipGradNorm([]*autograd.Value{a, b}, 1)
	fmt.Printf("norm %.1f → grads %.6f %.6f\n", norm, a.GradItem(), b.GradItem())
	// Output: norm 5.0 → grads 0.600000 0.800000
}

// Two warmup steps, cosine decay to 10% at step 6.
func ExampleWarmupCosine() {
	s := optim.WarmupCosine{Warmup: 2, Total: 6, MinRatio: 0.1}
	for step := 0; step < 8; step++ {
		fmt.Printf("%.4f ", s.Factor(step))
	}
	fmt.Println()
	// Output: 0.5000 1.0000 1.0000 0.8682 0.5500 0.2318 0.1000 0.1000
}
