//go:build ignore

// Exercise 00-2: softmax with temperature.
package main

// SoftmaxT returns softmax(x / T) for T > 0, and its limit as T → 0 for
// T = 0: 1/k on each of the k largest entries of x, 0 elsewhere.
func SoftmaxT(x []float64, T float64) []float64 {
	if T == 0 {
		// As T → 0, exp((xᵢ − m)/T) → 1 for the maxima and → 0 for the
		// rest, so the mass is shared equally among the k maxima.
		m, k := x[0], 0
		for _, v := range x {
			m = max(m, v)
		}
		for _, v := range x {
			if v == m {
				k++
			}
		}
		p := make([]float64, len(x))
		for i, v := range x {
			if v == m {
				p[i] = 1 / float64(k)
			}
		}
		return p
	}
	scaled := make([]float64, len(x))
	for i, v := range x {
		scaled[i] = v / T
	}
	return Softmax(scaled)
}
