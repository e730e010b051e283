//go:build ignore

// Exercise 12-4: entropy at temperature T.
package main

// entropyAt returns the entropy, in nats, of softmax(z/T): −Σᵢ pᵢ ln pᵢ.
func entropyAt(z []float64, T float64) float64 {
	m := slices.Max(z) / T
	e := make([]float64, len(z))
	sum := 0.0
	for i, v := range z {
		e[i] = math.Exp(v/T - m)
		sum += e[i]
	}
	h := 0.0
	for _, ei := range e {
		if pi := ei / sum; pi > 0 {
			h -= float64(pi * math.Log(pi))
		}
	}
	return h
}
