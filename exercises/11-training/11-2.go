//go:build ignore

// Exercise 11-2: warmup + cosine.
package main

// learningRate returns the learning rate of step s (s = 0, 1, …) for a peak
// rate peak, warmup linear steps, a cosine decay reaching minRatio·peak at
// step total, and minRatio·peak after it.
func learningRate(s int, peak float64, warmup, total int, minRatio float64) float64 {
	switch {
	case s < warmup:
		return peak * float64(s+1) / float64(warmup)
	case s >= total:
		return minRatio * peak
	}
	r := float64(s-warmup) / float64(total-warmup)
	return peak * (minRatio + 0.5*(1-minRatio)*(1+math.Cos(math.Pi*r)))
}
