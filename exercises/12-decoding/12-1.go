//go:build ignore

// Exercise 12-1: top-k.
package main

// topK returns a copy of z in which every logit smaller than the k-th largest
// is −Inf; k ≥ len(z) keeps everything.
func topK(z []float64, k int) []float64 {
	out := slices.Clone(z)
	if k >= len(z) {
		return out
	}
	sorted := slices.Clone(z)
	slices.Sort(sorted)
	slices.Reverse(sorted)
	bar := sorted[k-1]
	for i, v := range out {
		if v < bar {
			out[i] = math.Inf(-1)
		}
	}
	return out
}
