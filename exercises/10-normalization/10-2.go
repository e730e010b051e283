//go:build ignore

// Exercise 10-2: LayerNorm of a vector.
package main

// layerNorm returns gainⱼ · (xⱼ − μ) / √(σ² + eps) + biasⱼ for each j, with
// μ = (1/d) Σₖ xₖ and σ² = (1/d) Σₖ (xₖ − μ)².
func layerNorm(x, gain, bias []float64, eps float64) []float64 {
	d := float64(len(x))
	mu := 0.0
	for _, v := range x {
		mu += v
	}
	mu /= d
	variance := 0.0
	for _, v := range x {
		variance += float64((v - mu) * (v - mu))
	}
	s := math.Sqrt(variance/d + eps)
	y := make([]float64, len(x))
	for j, v := range x {
		y[j] = float64(gain[j]*((v-mu)/s)) + bias[j]
	}
	return y
}
