//go:build ignore

// Exercise 05-1: the additive causal mask.
package main

// causalMask returns the n×n additive causal mask: M[i][j] = 0 when key j
// is query i or before it (j ≤ i), −∞ when it is in the future (j > i).
func causalMask(n int) [][]float64 {
	m := make([][]float64, n)
	for i := range m {
		m[i] = make([]float64, n)
		for j := i + 1; j < n; j++ {
			m[i][j] = math.Inf(-1)
		}
	}
	return m
}
