// Command plots regenerates the course's key figures in plots/ (or
// $FIGURE_DIR). Each figure is drawn by the same figure calls the
// notebooks use; outside a notebook, Show writes a PNG file.
//
//	FIGURE_DIR=plots go run ./cmd/plots
package main

import (
	"llminternals/pkg/attention"
	"llminternals/pkg/figure"
	"llminternals/pkg/tensor"
)

func main() {
	attentionMap()
	softmaxTemperature()
}

// attentionMap is chapter 03's example: three tokens, 4-dim embeddings,
// integer projections to d_k = 3.
func attentionMap() {
	tokens := []string{"the", "cat", "sat"}
	x := tensor.FromRows([][]float64{{1, 0, 1, 0}, {0, 1, 0, 1}, {1, 1, 0, 0}})
	wq := tensor.FromRows([][]float64{{1, 0, 1}, {0, 1, 0}, {1, 0, 0}, {0, 1, 1}})
	wk := tensor.FromRows([][]float64{{0, 1, 0}, {1, 0, 1}, {1, 1, 0}, {0, 0, 1}})
	wv := tensor.FromRows([][]float64{{1, 0, 2}, {0, 1, 0}, {2, 0, 0}, {0, 3, 1}})
	_, w := attention.ScaledDotProductAttention(tensor.MatMul(x, wq), tensor.MatMul(x, wk), tensor.MatMul(x, wv), nil)
	f := figure.Heatmap("Attention weights: the cat sat", w, tokens, tokens,
		figure.HeatmapOptions{XLabel: "key", YLabel: "query", Min: 0, Max: 1, Decimals: 2})
	f.Name = "attention-map"
	f.Show()
}

// softmaxTemperature is chapter 00's plot: softmax([1,2,3]/T) against T.
func softmaxTemperature() {
	x := []float64{1, 2, 3}
	var ts []float64
	probs := make([][]float64, 3)
	for t := 0.1; t <= 5.0001; t += 0.05 {
		ts = append(ts, t)
		p := tensor.Softmax([]float64{x[0] / t, x[1] / t, x[2] / t})
		for i := range p {
			probs[i] = append(probs[i], p[i])
		}
	}
	f := figure.Lines("Softmax of [1, 2, 3] against temperature", "temperature T", "probability", figure.LineOptions{},
		figure.Series{Name: "p(a), logit 1", X: ts, Y: probs[0]},
		figure.Series{Name: "p(b), logit 2", X: ts, Y: probs[1]},
		figure.Series{Name: "p(c), logit 3", X: ts, Y: probs[2]},
	)
	f.Name = "softmax-temperature"
	f.Show()
}
