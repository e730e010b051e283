//go:build ignore

// Exercise 04-3: scale the scores, then softmax.
package main

// scaledSoftmax returns the attention weights of one query from its raw
// scores s (one per key) and the width dk of queries and keys:
// pⱼ = e^(sⱼ/√dk − m) / Σₜ e^(sₜ/√dk − m), with m = maxⱼ sⱼ/√dk.
func scaledSoftmax(s []float64, dk int) []float64 {
	root := math.Sqrt(float64(dk))
	p := make([]float64, len(s))
	m := math.Inf(-1)
	for j, v := range s {
		p[j] = v / root
		m = math.Max(m, p[j])
	}
	sum := 0.0
	for j := range p {
		p[j] = math.Exp(p[j] - m)
		sum += p[j]
	}
	for j := range p {
		p[j] /= sum
	}
	return p
}
