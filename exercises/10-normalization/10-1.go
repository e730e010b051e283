//go:build ignore

// Exercise 10-1: RMSNorm of a vector.
package main

// rmsNorm returns gainⱼ · xⱼ / √((1/d) Σₖ xₖ² + eps) for each j.
func rmsNorm(x, gain []float64, eps float64) []float64 {
	ms := 0.0
	for _, v := range x {
		ms += float64(v * v)
	}
	r := math.Sqrt(ms/float64(len(x)) + eps)
	y := make([]float64, len(x))
	for j, v := range x {
		y[j] = gain[j] * (v / r)
	}
	return y
}
