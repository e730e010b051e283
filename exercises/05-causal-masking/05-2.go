//go:build ignore

// Exercise 05-2: a masked softmax of one row.
package main

// causalSoftmaxRow returns the causal attention weights of query i from its
// scores s against all keys: p[j] = e^(s[j] − m) / Σ_{t ≤ i} e^(s[t] − m) for
// j ≤ i, with m = max_{t ≤ i} s[t], and p[j] = 0 for j > i. The future
// entries of s are never read.
func causalSoftmaxRow(s []float64, i int) []float64 {
	m := s[0]
	for _, v := range s[:i+1] {
		m = math.Max(m, v)
	}
	p := make([]float64, len(s))
	sum := 0.0
	for j := 0; j <= i; j++ {
		p[j] = math.Exp(s[j] - m)
		sum += p[j]
	}
	for j := 0; j <= i; j++ {
		p[j] /= sum
	}
	return p
}
