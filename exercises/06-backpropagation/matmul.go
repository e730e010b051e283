package backprop06

// Exercise 06-2.

// matMulBackward returns the gradients of Y = X·W (X n×k, W k×m) given the
// upstream gradient G = ∂L/∂Y (n×m):
// dX = G·Wᵀ (n×k), dX[i][p] = Σⱼ G[i][j]·W[p][j];
// dW = Xᵀ·G (k×m), dW[p][j] = Σᵢ X[i][p]·G[i][j].
func matMulBackward(x, w, g [][]float64) (dX, dW [][]float64) {
	n, k, m := len(x), len(w), len(w[0])
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
