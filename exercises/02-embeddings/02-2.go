//go:build ignore

// Exercise 02-2: the sinusoidal encoding of one position.
package main

// sinusoidalAt returns PE(p) of width d (even): PE(p, 2i) = sin(p·ωᵢ),
// PE(p, 2i+1) = cos(p·ωᵢ), with ωᵢ = base^(−2i/d).
func sinusoidalAt(p, d int, base float64) []float64 {
	pe := make([]float64, d)
	for i := 0; 2*i < d; i++ {
		omega := math.Pow(base, -float64(2*i)/float64(d))
		pe[2*i] = math.Sin(float64(p) * omega)
		pe[2*i+1] = math.Cos(float64(p) * omega)
	}
	return pe
}
