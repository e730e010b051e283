//go:build ignore

// Exercise 09-2: a SwiGLU FFN forward.
package main

// swiGLU returns (SiLU(x·wGate) ⊙ (x·wUp))·wDown for x n×d, wGate and wUp d×F,
// wDown F×d; SiLU(g) = g/(1 + e^(−g)).
func swiGLU(x, wGate, wUp, wDown [][]float64) [][]float64 {
	d, f := len(wGate), len(wDown)
	out := make([][]float64, len(x))
	for i, row := range x {
		m := make([]float64, f)
		for j := 0; j < f; j++ {
			var g, u float64
			for k := 0; k < d; k++ {
				g = float64(row[k]*wGate[k][j]) + g
				u = float64(row[k]*wUp[k][j]) + u
			}
			m[j] = g / (1 + math.Exp(-g)) * u
		}
		y := make([]float64, len(wDown[0]))
		for j, mj := range m {
			for c := range y {
				y[c] = float64(mj*wDown[j][c]) + y[c]
			}
		}
		out[i] = y
	}
	return out
}
