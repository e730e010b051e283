//go:build ignore

// Exercise 03-1: the scaled scores Q·Kᵀ/√d_k.
package main

// attentionScores returns the scaled scores S = Q·Kᵀ/√d_k for queries q
// (n rows) and keys k (m rows), all of width d_k:
// S[i][j] = Σₜ q[i][t]·k[j][t] / √d_k, one row per query, one column per key.
func attentionScores(q, k [][]float64) [][]float64 {
	scale := 1 / math.Sqrt(float64(len(q[0])))
	s := make([][]float64, len(q))
	for i := range q {
		s[i] = make([]float64, len(k))
		for j := range k {
			dot := 0.0
			for t := range q[i] {
				// float64(…) rounds the product, so no CPU fuses it into an FMA.
				dot += float64(q[i][t] * k[j][t])
			}
			s[i][j] = dot * scale
		}
	}
	return s
}
