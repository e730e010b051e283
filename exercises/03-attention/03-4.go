//go:build ignore

// Exercise 03-4: the causal mask.
package main

// maskFuture returns a copy of the n×n score matrix s (row i = query i,
// column j = key j) in which every key after the query, j > i, has the
// score −∞, so that the softmax gives it weight exactly 0. s is unchanged.
func maskFuture(s [][]float64) [][]float64 {
	out := make([][]float64, len(s))
	for i, row := range s {
		out[i] = append([]float64(nil), row...)
		for j := i + 1; j < len(row); j++ {
			out[i][j] = math.Inf(-1)
		}
	}
	return out
}
