package optim

import (
	"math"

	"llminternals/pkg/autograd"
)

// ClipGradNorm rescales the gradients of params so that their global
// norm is at most maxNorm, as torch.nn.utils.clip_grad_norm_:
//
//	‖g‖ = √(Σₚ ‖gₚ‖²)          (the 2-norm of all gradients as one vector)
//	c = min(1, maxNorm / (‖g‖ + 1e-6))
//	gₚ ← c · gₚ  for every parameter
//
// The 1e-6 keeps the division finite when every gradient is 0, and makes
// the clipped norm slightly below maxNorm. It returns ‖g‖ before clipping
// (what training logs print). Parameters without a gradient are skipped.
func ClipGradNorm(params []*autograd.Value, maxNorm float64) float64 {
	total := GradNorm(params)
	c := math.Min(1, maxNorm/(total+1e-6))
	var work []func()
	for _, p := range params {
		if gm := grad("ClipGradNorm", p); gm != nil {
			g := raw("ClipGradNorm", gm)
			for lo := 0; lo < len(g); lo += chunk {
				hi := min(lo+chunk, len(g))
				work = append(work, func() {
					for i := lo; i < hi; i++ {
						g[i] *= c
					}
				})
			}
		}
	}
	parallel(work)
	return total
}

// GradNorm returns the global 2-norm of the gradients, √(Σₚ ‖gₚ‖²),
// computed like PyTorch as the norm of the per-parameter norms.
func GradNorm(params []*autograd.Value) float64 {
	// Each parameter's sum of squares runs in its own task, in entry
	// order; the norms are then combined in parameter order, so the bits
	// do not depend on the goroutines.
	norms := make([]float64, len(params))
	has := make([]bool, len(params))
	var work []func()
	for k, p := range params {
		if gm := grad("GradNorm", p); gm != nil {
			g := raw("GradNorm", gm)
			has[k] = true
			work = append(work, func() {
				s := 0.0
				for _, x := range g {
					s += float64(x * x)
				}
				norms[k] = math.Sqrt(s)
			})
		}
	}
	parallel(work)
	sq := 0.0
	for k, n := range norms {
		if has[k] {
			sq += float64(n * n)
		}
	}
	return math.Sqrt(sq)
}
