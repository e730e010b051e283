//go:build ignore

// Exercise 04-1: the variance of a list.
package main

// listVariance returns the variance of x: (1/n) Σᵢ (xᵢ − x̄)², with
// x̄ = (1/n) Σᵢ xᵢ the mean.
func listVariance(x []float64) float64 {
	mean := 0.0
	for _, v := range x {
		mean += v
	}
	mean /= float64(len(x))
	sum := 0.0
	for _, v := range x {
		d := v - mean
		// float64(…) rounds the square, so no CPU fuses it into the sum.
		sum += float64(d * d)
	}
	return sum / float64(len(x))
}
