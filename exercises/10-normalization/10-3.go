//go:build ignore

// Exercise 10-3: RMSNorm's gradient.
package main

// rmsNormGrad returns ∂L/∂x for y = x / r, r = √((1/d) Σₖ xₖ² + eps), given
// g = ∂L/∂y: (gₖ − x̂ₖ · (1/d) Σⱼ gⱼ x̂ⱼ) / r with x̂ = x / r.
func rmsNormGrad(x, g []float64, eps float64) []float64 {
	d := float64(len(x))
	ms := 0.0
	for _, v := range x {
		ms += float64(v * v)
	}
	r := math.Sqrt(ms/d + eps)
	m := 0.0
	for j, v := range x {
		m += float64(g[j] * (v / r))
	}
	m /= d
	dx := make([]float64, len(x))
	for k, v := range x {
		dx[k] = (g[k] - float64((v/r)*m)) / r
	}
	return dx
}
