//go:build ignore

// Exercise 11-3: clipping by global norm.
package main

// clipGradients rescales every entry of grads in place by
// min(1, maxNorm/(‖g‖ + 1e-6)), where ‖g‖ = √(Σ over all slices and entries of g²),
// and returns ‖g‖ before the rescaling.
func clipGradients(grads [][]float64, maxNorm float64) float64 {
	sq := 0.0
	for _, g := range grads {
		for _, x := range g {
			sq += x * x
		}
	}
	norm := math.Sqrt(sq)
	scale := math.Min(1, maxNorm/(norm+1e-6))
	for _, g := range grads {
		for i := range g {
			g[i] *= scale
		}
	}
	return norm
}
