//go:build ignore

// Exercise 09-3: the SwiGLU hidden width.
package main

// llamaHidden returns the SwiGLU hidden width Llama's code derives from the
// width d: F = ⌊2·4d/3⌋, F = ⌊multiplier·F⌋, then F rounded up to a multiple
// of multipleOf.
func llamaHidden(d int, multiplier float64, multipleOf int) int {
	f := 2 * (4 * d) / 3
	f = int(multiplier * float64(f))
	return (f + multipleOf - 1) / multipleOf * multipleOf
}
