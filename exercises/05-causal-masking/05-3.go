//go:build ignore

// Exercise 05-3: the causal mask with an offset.
package main

// maskWithOffset returns a copy of the n×m scores s (m ≥ n; the n queries
// are the last n of the m positions) with s[i][j] = −∞ for every key after
// query i's position, j > i + (m − n). s itself is unchanged.
func maskWithOffset(s [][]float64) [][]float64 {
	n := len(s)
	out := make([][]float64, n)
	for i, row := range s {
		m := len(row)
		out[i] = append([]float64(nil), row...)
		for j := i + m - n + 1; j < m; j++ {
			out[i][j] = math.Inf(-1)
		}
	}
	return out
}
