//go:build ignore

// Exercise 07-1: a stable log-sum-exp.
package main

// logSumExp returns ln Σᵢ e^(xᵢ) without overflow or underflow: factor out
// m = maxᵢ xᵢ and return m + ln Σᵢ e^(xᵢ − m).
func logSumExp(x []float64) float64 {
	m := math.Inf(-1)
	for _, v := range x {
		m = math.Max(m, v)
	}
	// Every exponent is ≤ 0 and the largest is exactly 0, so the sum is in [1, len(x)].
	var s float64
	for _, v := range x {
		s += math.Exp(v - m)
	}
	return m + math.Log(s)
}
