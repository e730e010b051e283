//go:build ignore

// Exercise 09-1: GELU (tanh approximation) of a vector.
package main

// geluTanh returns GELU(xᵢ) ≈ ½ xᵢ (1 + tanh(√(2/π) (xᵢ + 0.044715 xᵢ³))) for
// every entry of x, in a new slice.
func geluTanh(x []float64) []float64 {
	c := math.Sqrt(2 / math.Pi)
	y := make([]float64, len(x))
	for i, v := range x {
		// The cubic is rounded before the add so no CPU fuses it into an FMA.
		u := c * (v + float64(0.044715*v*v*v))
		y[i] = 0.5 * v * (1 + math.Tanh(u))
	}
	return y
}
