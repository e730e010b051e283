// Command plots regenerates the course's key figures in plots/ (or
// $FIGURE_DIR). Each figure is drawn by the same figure calls the
// notebooks use; outside a notebook, Show writes a PNG file.
//
//	FIGURE_DIR=plots go run ./cmd/plots
package main

import (
	"math"
	"strings"

	"llminternals/pkg/attention"
	"llminternals/pkg/corpus"
	"llminternals/pkg/figure"
	"llminternals/pkg/tensor"
	"llminternals/pkg/tokenizer"
)

func main() {
	attentionMap()
	softmaxTemperature()
	compressionVsVocab()
}

// attentionMap is chapter 03's example: three tokens, 4-dim embeddings,
// integer projections to d_k = 3, the same numbers as the notebook
// (W_Q ≠ W_K, so the map is not symmetric).
func attentionMap() {
	tokens := []string{"the", "cat", "sat"}
	x := tensor.FromRows([][]float64{{1, 0, 1, 0}, {0, 1, 0, 1}, {1, 1, 0, 0}})
	wq := tensor.FromRows([][]float64{{1, 0, 1}, {0, 1, 0}, {1, 0, 0}, {0, 1, 1}})
	wk := tensor.FromRows([][]float64{{0, 1, 0}, {1, 0, 1}, {1, 1, 0}, {1, 0, 1}})
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

// compressionVsVocab is chapter 01's plot, drawn as the chapter draws it:
// bytes per token of a byte-level BPE trained on the Go spec (GPT-4's
// pre-split pattern), at vocabulary sizes 256…4096, on the spec itself and
// on held-out Go code (strings.go), each a line; OpenAI's three encodings
// on the held-out file are three labelled points, not joined, since they
// are unrelated tokenizers.
func compressionVsVocab() {
	spec, err := corpus.GoSpec()
	if err != nil {
		panic(err)
	}
	held, err := corpus.GoSource("strings/strings.go")
	if err != nil {
		panic(err)
	}
	bpe, err := tokenizer.TrainByteBPE(spec, 4096, tokenizer.PatternCL100k)
	if err != nil {
		panic(err)
	}
	sizes := []int{256, 512, 1024, 2048, 4096}
	curve := func(text string) (x, y []float64) {
		pts, err := bpe.Compression(text, sizes)
		if err != nil {
			panic(err)
		}
		return tokenizer.CompressionCurve(pts)
	}
	sx, sy := curve(spec)
	hx, hy := curve(held)
	var rx, ry []float64
	var labels []string
	for _, name := range []string{"r50k_base", "cl100k_base", "o200k_base"} {
		enc, err := tokenizer.Load(name)
		if err != nil {
			panic(err)
		}
		rx = append(rx, math.Log2(float64(enc.VocabSize())))
		ry = append(ry, enc.BytesPerToken(held))
		labels = append(labels, strings.TrimSuffix(name, "_base"))
	}
	f := figure.Scatter("Compression vs vocabulary size", "log₂ vocabulary size", "bytes per token", figure.ScatterOptions{LegendBottom: true},
		figure.Points{Name: "our BPE, Go spec (training text)", X: sx, Y: sy, Style: figure.Style{Join: figure.JoinLine}},
		figure.Points{Name: "our BPE, strings.go (held out)", X: hx, Y: hy, Style: figure.Style{Join: figure.JoinLine}},
		figure.Points{Name: "OpenAI encodings, strings.go", X: rx, Y: ry, Labels: labels, Style: figure.Style{Join: figure.JoinNone}},
	)
	f.Name = "compression-vs-vocab"
	f.Show()
}
