//go:build ignore

// Exercise 04-2: the entropy of a row.
package main

// rowEntropy returns H(p) = −Σⱼ pⱼ ln pⱼ in nats for a probability
// vector p, with 0·ln 0 taken as 0.
func rowEntropy(p []float64) float64 {
	h := 0.0
	for _, pj := range p {
		if pj > 0 { // 0·ln 0 = 0, the limit of x ln x
			h -= float64(pj * math.Log(pj))
		}
	}
	return h
}
