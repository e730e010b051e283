package autograd

import (
	"testing"

	"llminternals/pkg/rng"
)

// BenchmarkMLP times one forward + backward pass of a 2-layer MLP,
// batch 64, 256 → 256 (tanh) → 10 classes, mean cross-entropy: the same
// computation as tools/torchfixtures/bench_mlp.py runs in PyTorch.
func BenchmarkMLP(b *testing.B) {
	const batch, dIn, hidden, classes = 64, 256, 256, 10
	g := rng.New(1)
	x := Const(g.NormalMatrix(batch, dIn, 1))
	targets := make([]int, batch)
	for i := range targets {
		targets[i] = g.IntN(classes)
	}
	var ps Params
	w1 := ps.Add("w1", New(g.NormalMatrix(dIn, hidden, 0.06)))
	b1 := ps.Add("b1", New(g.NormalMatrix(1, hidden, 0)))
	w2 := ps.Add("w2", New(g.NormalMatrix(hidden, classes, 0.06)))
	b2 := ps.Add("b2", New(g.NormalMatrix(1, classes, 0)))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		ps.ZeroGrad()
		h := Tanh(Add(MatMul(x, w1), b1))
		loss := CrossEntropy(Add(MatMul(h, w2), b2), targets)
		loss.Backward()
	}
}
