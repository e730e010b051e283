//go:build ignore

// Exercise 06-1: the sigmoid's backward.
package main

// sigmoidBackward returns ∂L/∂x for y = σ(x) applied entry by entry, given
// the forward outputs y and the upstream gradient g = ∂L/∂y.
func sigmoidBackward(y, g []float64) []float64 {
	// σ'(x) = σ(x)(1 − σ(x)) = y(1 − y): the slope comes from the output.
	dx := make([]float64, len(y))
	for i := range y {
		dx[i] = g[i] * y[i] * (1 - y[i])
	}
	return dx
}
