//go:build ignore

// Exercise 07-2: cross-entropy of one row.
package main

// crossEntropy returns the loss of one row of logits z for the target token:
// L = −ln softmax(z)[target] = logSumExp(z) − z[target].
func crossEntropy(z []float64, target int) float64 {
	return logSumExp(z) - z[target]
}
