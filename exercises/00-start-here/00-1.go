//go:build ignore

// Exercise 00-1: softmax.
package main

// Softmax returns softmax(x)ᵢ = exp(xᵢ − m) / Σⱼ exp(xⱼ − m), with m = maxⱼ xⱼ.
func Softmax(x []float64) []float64 {
	// Subtracting the maximum keeps every exponent ≤ 0, so exp cannot
	// overflow; it cancels between numerator and denominator.
	m := math.Inf(-1)
	for _, v := range x {
		m = max(m, v)
	}
	p := make([]float64, len(x))
	sum := 0.0
	for i, v := range x {
		p[i] = math.Exp(v - m)
		sum += p[i]
	}
	for i := range p {
		p[i] /= sum
	}
	return p
}
