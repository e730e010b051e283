//go:build ignore

// Exercise 02-4: RoPE on a whole head (interleaved).
package main

// ropeInterleaved returns x (one head of even width d) rotated for position p:
// pair (x[2i], x[2i+1]) turns by p·θᵢ, θᵢ = base^(−2i/d), i = 0 … d/2−1.
func ropeInterleaved(x []float64, p int, base float64) []float64 {
	d := len(x)
	out := make([]float64, d)
	for i := 0; i < d/2; i++ {
		theta := math.Pow(base, -float64(2*i)/float64(d))
		c, s := math.Cos(float64(p)*theta), math.Sin(float64(p)*theta)
		a, b := x[2*i], x[2*i+1]
		out[2*i], out[2*i+1] = float64(a*c)-float64(b*s), float64(a*s)+float64(b*c)
	}
	return out
}
