//go:build ignore

// Exercise 06-3: the chain rule for a tanh network.
package main

// chainRuleTanh returns ∂L/∂w1, ∂L/∂b1, ∂L/∂w2, ∂L/∂b2 for the network
// with tanh in place of both sigmoids.
func chainRuleTanh(w1, b1, w2, b2 float64) [4]float64 {
	h := math.Tanh(float64(w1*x) + b1)
	y := math.Tanh(float64(w2*h) + b2)
	// tanh'(z) = 1 − tanh²(z); float64(…) keeps 1 − y·y from being fused.
	dz2 := (y - target) * (1 - float64(y*y))
	dz1 := dz2 * w2 * (1 - float64(h*h))
	return [4]float64{dz1 * x, dz1, dz2 * h, dz2}
}
