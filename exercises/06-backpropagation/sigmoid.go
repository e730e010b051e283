package backprop06

// Exercise 06-1.

// sigmoidBackward returns ∂L/∂x for y = σ(x) applied entry by entry, given
// the forward outputs y and the upstream gradient g = ∂L/∂y:
// ∂L/∂xᵢ = gᵢ·yᵢ·(1 − yᵢ), since σ'(x) = σ(x)(1 − σ(x)).
func sigmoidBackward(y, g []float64) []float64 {
	dx := make([]float64, len(y))
	for i := range y {
		dx[i] = g[i] * y[i] * (1 - y[i])
	}
	return dx
}
