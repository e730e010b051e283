package crossentropy

// crossEntropy returns the loss of one row of logits z for the target token:
// L = −ln softmax(z)[target] = logSumExp(z) − z[target].
func crossEntropy(z []float64, target int) float64 {
	return logSumExp(z) - z[target]
}
