package backprop06

import "math"

// Exercise 06-3.

// chainRuleTanh returns ∂L/∂w1, ∂L/∂b1, ∂L/∂w2, ∂L/∂b2 for the chapter's
// network with tanh in place of both sigmoids:
// h = tanh(w1·x + b1), y = tanh(w2·h + b2), L = ½(y − t)²,
// using tanh'(z) = 1 − tanh²(z).
func chainRuleTanh(w1, b1, w2, b2 float64) [4]float64 {
	h := math.Tanh(float64(w1*x) + b1)
	y := math.Tanh(float64(w2*h) + b2)
	dz2 := (y - target) * (1 - float64(y*y)) // float64(…): no fused multiply-subtract
	dz1 := dz2 * w2 * (1 - float64(h*h))
	return [4]float64{dz1 * x, dz1, dz2 * h, dz2}
}
