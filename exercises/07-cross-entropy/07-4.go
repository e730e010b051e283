//go:build ignore

// Exercise 07-4: perplexity.
package main

// perplexity returns e^(mean loss) for a text whose tokens got the
// log-probabilities logProbs (each ln p ≤ 0): exp(−(1/n) Σᵢ logProbsᵢ).
func perplexity(logProbs []float64) float64 {
	var sum float64
	for _, lp := range logProbs {
		sum += lp
	}
	return math.Exp(-sum / float64(len(logProbs)))
}
