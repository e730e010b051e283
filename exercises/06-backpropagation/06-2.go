//go:build ignore

// Exercise 06-2: the matrix product's backward.
package main

// matMulBackward returns dX = ∂L/∂X and dW = ∂L/∂W for Y = X·W (X n×k,
// W k×m), given the upstream gradient g = ∂L/∂Y (n×m). Matrices are
// slices of rows.
func matMulBackward(x, w, g [][]float64) (dX, dW [][]float64) {
	n, k, m := len(x), len(w), len(w[0])
	// dX = G·Wᵀ: dX[i][p] = Σⱼ G[i][j]·W[p][j].
	dX = make([][]float64, n)
	for i := range n {
		dX[i] = make([]float64, k)
		for p := range k {
			for j := range m {
				// float64(…) rounds the product, so no CPU fuses it into an FMA.
				dX[i][p] += float64(g[i][j] * w[p][j])
			}
		}
	}
	// dW = Xᵀ·G: dW[p][j] = Σᵢ X[i][p]·G[i][j].
	dW = make([][]float64, k)
	for p := range k {
		dW[p] = make([]float64, m)
		for j := range m {
			for i := range n {
				dW[p][j] += float64(x[i][p] * g[i][j])
			}
		}
	}
	return dX, dW
}
