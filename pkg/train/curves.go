package train

import "llminternals/pkg/figure"

// Curves plots a run's History: the training loss of every step and the
// validation loss at each evaluation, against the step. The training loss
// is of one batch, so it is noisy; the validation loss is a mean over the
// same fixed batches each time, so its points compare directly.
func Curves(title string, h History) *figure.Figure {
	train := figure.Series{Name: "train (one batch)"}
	for s, l := range h.Loss {
		// Step s's loss is measured with the weights after s updates, as
		// the validation loss at ValStep s is: both use x = s.
		train.X = append(train.X, float64(s))
		train.Y = append(train.Y, l)
	}
	val := figure.Series{Name: "validation", Style: figure.Style{Marker: figure.Circle}}
	for i, s := range h.ValStep {
		val.X = append(val.X, float64(s))
		val.Y = append(val.Y, h.ValLoss[i])
	}
	f := figure.Lines(title, "step", "cross-entropy loss (nats)", figure.LineOptions{}, train, val)
	f.Name = "loss-curves"
	f.Alt = "training and validation loss against the optimizer step"
	return f
}
