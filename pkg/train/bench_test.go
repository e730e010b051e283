package train

import (
	"testing"

	"llminternals/pkg/corpus"
	"llminternals/pkg/model"
)

// BenchmarkTinyTrainStep times one Trainer.TrainStep of the course's tiny
// GPT (nanoGPT's CPU "baby GPT": 4 layers, 4 heads, width 128, context 64,
// batch 12) on the Go specification at the character level, as
// cmd/train-tiny trains it: a batch, forward, cross-entropy, backward,
// clipping, the scheduled rate and an AdamW step.
// tools/torchfixtures/bench_train.py runs it beside PyTorch.
func BenchmarkTinyTrainStep(b *testing.B) {
	text, err := corpus.GoSpec()
	if err != nil {
		b.Fatal(err)
	}
	vocab, err := NewCharVocab(text)
	if err != nil {
		b.Fatal(err)
	}
	ids, err := vocab.Encode(text)
	if err != nil {
		b.Fatal(err)
	}
	data, err := NewDataset(ids, 0.1)
	if err != nil {
		b.Fatal(err)
	}
	m := model.New(TinyConfig(vocab.VocabSize()), 1)
	tr, err := New(m, data, TinyTrainConfig())
	if err != nil {
		b.Fatal(err)
	}
	tr.TrainStep() // gradient buffers and AdamW's moments exist from here on
	b.ResetTimer()
	for b.Loop() {
		tr.TrainStep()
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/1e6/float64(b.N), "ms/step")
	b.ReportMetric(float64(m.Params.NumScalars()), "params")
	b.ReportMetric(float64(vocab.VocabSize()), "vocab")
}
