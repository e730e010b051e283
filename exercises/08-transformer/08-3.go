//go:build ignore

// Exercise 08-3: a pre-norm residual step.
package main

// preNormStep returns x + sublayer(norm(x)): norm is applied to each row of
// x, sublayer to the normalised n×d matrix, and the result is added to x.
// x itself is not modified.
func preNormStep(x [][]float64, norm func(row []float64) []float64, sublayer func(h [][]float64) [][]float64) [][]float64 {
	h := make([][]float64, len(x))
	for i, row := range x {
		h[i] = norm(row)
	}
	f := sublayer(h)
	out := make([][]float64, len(x))
	for i, row := range x {
		out[i] = make([]float64, len(row))
		for j, v := range row {
			out[i][j] = v + f[i][j]
		}
	}
	return out
}
