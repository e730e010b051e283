package model

import (
	"sync"
	"testing"

	"llminternals/pkg/autograd"
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
	// One untimed pass first, as bench_gpt2.py gives PyTorch: the first
	// pass of a process also fills the storage pool and the packing
	// workspaces and faults in their pages, which made it ~25 % slower
	// than the next ones on 1 thread.
	autograd.NoGrad(func() { m.Forward(ids) })
	b.ResetTimer()
	for b.Loop() {
		autograd.NoGrad(func() { m.Forward(ids) })
	}
	b.ReportMetric(float64(len(ids))*float64(b.N)/b.Elapsed().Seconds(), "tokens/s")
}
