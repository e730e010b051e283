package model

import (
	"sync"
	"testing"

	"llminternals/pkg/autograd"
	"llminternals/pkg/optim"
	"llminternals/pkg/rng"
)

// gpt2Small is built once per test binary: 124 M parameters, about 1 GB
// of float64, take seconds to draw.
var gpt2Small = sync.OnceValue(func() *Model { return New(GPT2Small(), 1) })

// BenchmarkGPT2SmallForward times one inference forward pass of a
// GPT-2-small-shaped model (random weights) over 256 tokens: the logits
// 256×50257. tools/torchfixtures/bench_gpt2.py runs it side by side with
// PyTorch's GPT2LMHeadModel in float64 at the same thread count.
func BenchmarkGPT2SmallForward(b *testing.B) {
	m := gpt2Small()
	g := rng.New(2)
	ids := make([]int, 256)
	for i := range ids {
		ids[i] = g.IntN(m.Config.Vocab)
	}
	b.ResetTimer()
	for b.Loop() {
		autograd.NoGrad(func() { m.Forward(ids) })
	}
	b.ReportMetric(float64(len(ids))*float64(b.N)/b.Elapsed().Seconds(), "tokens/s")
}

// BabyGPT is nanoGPT's CPU "baby GPT" (4 layers, 4 heads, width 128,
// context 64) in GPT-2's architecture, for a 65-character vocabulary.
func babyGPT() Config {
	return Config{Vocab: 65, Width: 128, Layers: 4, Heads: 4, KVHeads: 4, HeadSize: 32,
		FFN: GELUMLP, Hidden: 512, Norm: LayerNorm, NormEps: 1e-5,
		Positions: Learned, Context: 64, TiedEmbeddings: true, Bias: true}
}

// BenchmarkBabyGPTTrainStep times one training step of the baby GPT on a
// batch of 12 windows of 64 tokens: forward, cross-entropy, backward,
// gradient clipping to norm 1 and an AdamW update. Token ids are random;
// the step's cost does not depend on them.
// One untimed step comes first, so that the gradient buffers and AdamW's
// moments exist, as in steady training. It reports ms/step and the
// model's parameter count ("params", 809,856), which
// tools/torchfixtures/bench_train.py, running it beside PyTorch, checks
// against transformers' GPT2LMHeadModel of the same shape.
func BenchmarkBabyGPTTrainStep(b *testing.B) {
	m := New(babyGPT(), 1)
	g := rng.New(2)
	inputs, targets := make([][]int, 12), []int{}
	for i := range inputs {
		inputs[i] = make([]int, 64)
		for j := range inputs[i] {
			inputs[i][j] = g.IntN(65)
			targets = append(targets, g.IntN(65))
		}
	}
	opt := optim.NewAdamW(m.Params.Values(), 1e-3, 0.1)
	step := func() {
		m.Params.ZeroGrad()
		loss := autograd.CrossEntropy(m.ForwardBatch(inputs), targets)
		loss.Backward()
		optim.ClipGradNorm(m.Params.Values(), 1)
		opt.Step()
	}
	step()
	b.ResetTimer()
	for b.Loop() {
		step()
	}
	b.ReportMetric(b.Elapsed().Seconds()*1e3/float64(b.N), "ms/step")
	b.ReportMetric(float64(m.Params.NumScalars()), "params")
}
