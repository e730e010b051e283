//go:build ignore

// Exercise 03-2: the softmax, row by row.
package main

// softmaxRows returns the softmax of each row of s:
// p[i][j] = e^(s[i][j] − mᵢ) / Σₜ e^(s[i][t] − mᵢ), with mᵢ = maxⱼ s[i][j]
// subtracted so that no exponential overflows. Each row of p sums to 1.
func softmaxRows(s [][]float64) [][]float64 {
	p := make([][]float64, len(s))
	for i, row := range s {
		m := math.Inf(-1)
		for _, x := range row {
			m = math.Max(m, x)
		}
		p[i] = make([]float64, len(row))
		sum := 0.0
		for j, x := range row {
			p[i][j] = math.Exp(x - m)
			sum += p[i][j]
		}
		for j := range p[i] {
			p[i][j] /= sum
		}
	}
	return p
}
