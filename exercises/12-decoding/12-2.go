//go:build ignore

// Exercise 12-2: top-p.
package main

// topP returns a copy of z keeping the smallest set of most probable tokens
// whose probabilities add up to more than p, every other logit set to −Inf.
func topP(z []float64, p float64) []float64 {
	probs := sample.Probabilities(z)
	order := make([]int, len(z))
	for i := range order {
		order[i] = i
	}
	// Most probable first; equal probabilities keep the lower id first.
	slices.SortStableFunc(order, func(a, b int) int {
		switch {
		case probs[a] > probs[b]:
			return -1
		case probs[a] < probs[b]:
			return 1
		}
		return 0
	})
	out := slices.Clone(z)
	before := 0.0 // the mass of the tokens more probable than this one
	for rank, i := range order {
		if rank > 0 && before >= p {
			out[i] = math.Inf(-1)
		}
		before += probs[i]
	}
	return out
}
