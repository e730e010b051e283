//go:build ignore

// Exercise 07-3: the gradient p − y.
package main

// crossEntropyGrad returns ∂L/∂z for L = crossEntropy(z, target): the vector
// p − y, with p = softmax(z) computed stably as pⱼ = e^(zⱼ − logSumExp(z)) and
// y the one-hot vector of the target.
func crossEntropyGrad(z []float64, target int) []float64 {
	lse := logSumExp(z)
	g := make([]float64, len(z))
	for j, v := range z {
		g[j] = math.Exp(v - lse)
	}
	g[target] -= 1
	return g
}
