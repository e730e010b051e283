//go:build ignore

// Exercise 12-3: min-p.
package main

// minP returns a copy of z keeping the tokens whose probability is at least
// fraction times the largest probability, every other logit set to −Inf.
func minP(z []float64, fraction float64) []float64 {
	probs := sample.Probabilities(z)
	bar := fraction * slices.Max(probs)
	out := slices.Clone(z)
	for i, pi := range probs {
		if pi < bar {
			out[i] = math.Inf(-1)
		}
	}
	return out
}
