//go:build ignore

// Exercise 02-3: rotate one pair.
package main

// rotatePair returns R(φ)·(a, b) = (a cos φ − b sin φ, a sin φ + b cos φ).
func rotatePair(a, b, phi float64) (float64, float64) {
	c, s := math.Cos(phi), math.Sin(phi)
	return float64(a*c) - float64(b*s), float64(a*s) + float64(b*c)
}
