//go:build crossarchprobe

// Command probe runs a broad set of the engine's computations on fixed
// seeded inputs and prints, for each, one line
//
//	name  sha256(bits of every float64 result, little-endian)  count
//
// so that two runs on different CPUs, architectures or thread counts can
// be compared line by line. It imports the engine's internal packages
// (gemm, detmath), which only code under llminternals/pkg may do, so the
// crossarch driver compiles this file inside the engine's module with
// go build -overlay, as package llminternals/pkg/internal/crossarchprobe;
// the build tag keeps the tools module from compiling it on its own.
package main

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"math"
	"os"

	"gonum.org/v1/gonum/mat"

	"llminternals/pkg/attention"
	"llminternals/pkg/autograd"
	"llminternals/pkg/internal/detmath"
	"llminternals/pkg/internal/gemm"
	"llminternals/pkg/model"
	"llminternals/pkg/optim"
	"llminternals/pkg/rng"
	"llminternals/pkg/sample"
	"llminternals/pkg/tensor"
	"llminternals/pkg/train"
)

// emit prints name, the SHA-256 of the bits of xs, and len(xs).
func emit(name string, xs []float64) {
	h := sha256.New()
	var b [8]byte
	for _, x := range xs {
		binary.LittleEndian.PutUint64(b[:], math.Float64bits(x))
		h.Write(b[:])
	}
	fmt.Printf("%-40s %x %d\n", name, h.Sum(nil), len(xs))
}

// u returns an r×c matrix of uniform draws in [−2, 2): the probe's inputs.
// rng.Uniform is lo + float64((hi−lo)·u) with u from PCG, the same bits
// everywhere; rng.Normal is not (see probeRNG), so it is kept out of the
// inputs and probed on its own.
func u(g *rng.RNG, r, c int) *mat.Dense { return g.UniformMatrix(r, c, -2, 2) }

// flat returns the entries of ms, row by row, one after the other.
func flat(ms ...mat.Matrix) []float64 {
	var out []float64
	for _, m := range ms {
		if m == nil {
			continue
		}
		r, c := m.Dims()
		for i := 0; i < r; i++ {
			for j := 0; j < c; j++ {
				out = append(out, m.At(i, j))
			}
		}
	}
	return out
}

func main() {
	probeGemm()
	probeTensor()
	probeAutograd()
	probeAttention()
	probeOptim()
	probeModel()
	probeTrainer()
	probeDetmath()
	probeRNG()
	os.Stdout.Sync()
}

func probeGemm() {
	g := rng.New(1)
	// Sizes around the kernels' tiles (6×8 AVX2, 8×24 AVX-512) and its edges, and two large
	// enough to be split over goroutines.
	dims := []int{1, 3, 4, 5, 7, 8, 9, 13, 16, 17, 33}
	n := 0
	for _, m := range dims {
		for _, k := range []int{1, 5, 16, 37} {
			for _, nn := range dims {
				ta, tb := n%2 == 1, n/2%2 == 1
				alpha := []float64{1, 0.5, -1.25}[n%3]
				beta := []float64{0, 1, 0.75}[n/3%3]
				n++
				a := u(g, m, k)
				if ta {
					a = u(g, k, m)
				}
				b := u(g, k, nn)
				if tb {
					b = u(g, nn, k)
				}
				c := u(g, m, nn)
				name := fmt.Sprintf("gemm/%dx%dx%d/ta=%t/tb=%t/a=%g/b=%g", m, k, nn, ta, tb, alpha, beta)
				emit(name+"/inputs", flat(a, b, c))
				gemm.Dense(ta, tb, alpha, a, b, beta, c)
				emit(name, flat(c))
			}
		}
	}
	for _, s := range [][3]int{{128, 128, 128}, {200, 96, 300}, {67, 257, 129}} {
		a, b, c := u(g, s[0], s[1]), u(g, s[2], s[1]), u(g, s[0], s[2])
		gemm.Dense(false, true, 1, a, b, 1, c)
		emit(fmt.Sprintf("gemm/large/%dx%dx%d/tb/beta=1", s[0], s[1], s[2]), flat(c))
	}
}

func probeTensor() {
	g := rng.New(2)
	a, b := u(g, 9, 13), u(g, 13, 6)
	emit("tensor/MatMul", flat(tensor.MatMul(a, b)))
	emit("tensor/MatMulT", flat(tensor.MatMulT(a, u(g, 5, 13))))
	x := u(g, 7, 50)
	x.Set(3, 4, math.Inf(-1))
	emit("tensor/SoftmaxRows", flat(tensor.SoftmaxRows(x)))
	emit("tensor/LogSoftmaxRows", flat(tensor.LogSoftmaxRows(x)))
	var lse, sm, lsm []float64
	for i := 0; i < 20; i++ {
		v := make([]float64, 1+i*7)
		for j := range v {
			v[j] = g.Uniform(-float64(1+i), float64(1+i))
		}
		lse = append(lse, tensor.LogSumExp(v))
		sm = append(sm, tensor.Softmax(v)...)
		lsm = append(lsm, tensor.LogSoftmax(v)...)
	}
	emit("tensor/LogSumExp", lse)
	emit("tensor/Softmax", sm)
	emit("tensor/LogSoftmax", lsm)
	emit("tensor/ApplyMask", flat(tensor.ApplyMask(u(g, 6, 6), tensor.NewCausalMask(6))))
}

// op runs f on leaves built from ms (each requiring a gradient), takes the
// loss Σ y ⊙ R for a fixed random R, runs Backward, and emits y and every
// input's gradient.
func op(name string, g *rng.RNG, f func(in []*autograd.Value) *autograd.Value, ms ...*mat.Dense) {
	in := make([]*autograd.Value, len(ms))
	for i, m := range ms {
		in[i] = autograd.New(m)
	}
	y := f(in)
	r, c := y.Dims()
	loss := autograd.Sum(autograd.Mul(y, autograd.Const(u(g, r, c))))
	loss.Backward()
	emit("autograd/"+name+"/forward", flat(y.Data))
	var grads []float64
	for _, v := range in {
		grads = append(grads, flat(v.Grad)...)
	}
	emit("autograd/"+name+"/backward", grads)
}

func probeAutograd() {
	g := rng.New(3)
	n := func(r, c int) *mat.Dense { return u(g, r, c) }
	one := func(f func(*autograd.Value) *autograd.Value) func([]*autograd.Value) *autograd.Value {
		return func(in []*autograd.Value) *autograd.Value { return f(in[0]) }
	}
	op("MatMul", g, func(in []*autograd.Value) *autograd.Value { return autograd.MatMul(in[0], in[1]) }, n(7, 11), n(11, 9))
	op("Add", g, func(in []*autograd.Value) *autograd.Value { return autograd.Add(in[0], in[1]) }, n(5, 6), n(5, 6))
	op("Add/broadcast", g, func(in []*autograd.Value) *autograd.Value { return autograd.Add(in[0], in[1]) }, n(5, 6), n(1, 6))
	op("Sub", g, func(in []*autograd.Value) *autograd.Value { return autograd.Sub(in[0], in[1]) }, n(5, 6), n(5, 6))
	op("Mul", g, func(in []*autograd.Value) *autograd.Value { return autograd.Mul(in[0], in[1]) }, n(5, 6), n(5, 6))
	op("Scale", g, one(func(x *autograd.Value) *autograd.Value { return autograd.Scale(x, 0.37) }), n(5, 6))
	op("Sum", g, one(autograd.Sum), n(5, 6))
	op("Mean", g, one(autograd.Mean), n(5, 6))
	op("Transpose", g, one(autograd.Transpose), n(5, 6))
	for _, a := range []struct {
		name string
		f    func(*autograd.Value) *autograd.Value
	}{
		{"ReLU", autograd.ReLU}, {"Sigmoid", autograd.Sigmoid}, {"Tanh", autograd.Tanh}, {"SiLU", autograd.SiLU},
		{"GELU", autograd.GELU}, {"GELUExact", autograd.GELUExact}, {"Exp", autograd.Exp},
		{"Softmax", autograd.Softmax}, {"LogSoftmax", autograd.LogSoftmax}, {"MaskFuture", autograd.MaskFuture},
	} {
		op(a.name, g, one(a.f), n(8, 8))
	}
	op("Log", g, one(autograd.Log), g.UniformMatrix(6, 7, 0.01, 20))
	op("Dropout", g, one(func(x *autograd.Value) *autograd.Value { return autograd.Dropout(x, 0.3, rng.New(9), true) }), n(6, 7))
	op("LayerNorm", g, func(in []*autograd.Value) *autograd.Value { return autograd.LayerNorm(in[0], in[1], in[2], 1e-5) }, n(6, 10), n(1, 10), n(1, 10))
	op("RMSNorm", g, func(in []*autograd.Value) *autograd.Value { return autograd.RMSNorm(in[0], in[1], 1e-6) }, n(6, 10), n(1, 10))
	op("SliceRows", g, one(func(x *autograd.Value) *autograd.Value { return autograd.SliceRows(x, 2, 5) }), n(6, 4))
	op("SliceCols", g, one(func(x *autograd.Value) *autograd.Value { return autograd.SliceCols(x, 1, 3) }), n(6, 4))
	op("SplitCols+ConcatCols", g, one(func(x *autograd.Value) *autograd.Value {
		p := autograd.SplitCols(x, 3)
		return autograd.ConcatCols(autograd.Tanh(p[2]), p[0], autograd.Scale(p[1], 2))
	}), n(4, 9))
	op("ConcatRows", g, func(in []*autograd.Value) *autograd.Value { return autograd.ConcatRows(in[0], autograd.Exp(in[1])) }, n(2, 5), n(3, 5))
	targets := []int{3, 0, 7, 7, 1, 2}
	op("CrossEntropy", g, one(func(x *autograd.Value) *autograd.Value { return autograd.CrossEntropy(x, targets) }), n(6, 8))
	// Large enough (≥ 2¹⁵ entries) that the elementwise ops split their
	// rows over goroutines.
	op("GELU/large", g, one(autograd.GELU), n(300, 128))
	op("Add/large+broadcast", g, func(in []*autograd.Value) *autograd.Value { return autograd.Add(in[0], in[1]) }, n(300, 128), n(1, 128))
	op("Mul/large", g, func(in []*autograd.Value) *autograd.Value { return autograd.Mul(in[0], in[1]) }, n(300, 128), n(300, 128))
	op("Embedding", g, one(func(x *autograd.Value) *autograd.Value { return autograd.Embedding(x, []int{4, 1, 4, 0, 9}) }), n(10, 6))
}

func probeAttention() {
	g := rng.New(4)
	n := func(r, c int) *mat.Dense { return u(g, r, c) }
	for _, m := range []struct {
		name string
		mask attention.Mask
	}{
		{"none", attention.Mask{}}, {"causal", attention.Mask{Causal: true}},
	} {
		op("attention/Attend/"+m.name, g, func(in []*autograd.Value) *autograd.Value {
			out, _ := attention.Attend(in[0], in[1], in[2], m.mask)
			return out
		}, n(5, 8), n(5, 8), n(5, 6))
		op("attention/MultiHead/4q2kv/"+m.name, g, func(in []*autograd.Value) *autograd.Value {
			out, _ := attention.MultiHead(in[0], in[1], in[2], 4, 2, m.mask)
			return out
		}, n(6, 16), n(6, 8), n(6, 8))
	}
	op("attention/CausalSelfAttention", g, func(in []*autograd.Value) *autograd.Value {
		return attention.CausalSelfAttention(in[0], in[1], in[2], in[3], in[4], 4, 2)
	}, n(7, 16), n(16, 16), n(16, 8), n(16, 8), n(16, 16))
	op("attention/CausalBatch/4q2kv", g, func(in []*autograd.Value) *autograd.Value {
		return attention.CausalBatch(in[0], in[1], in[2], 4, 2, []int{5, 1, 0, 6})
	}, n(12, 16), n(12, 8), n(12, 8))
	o, w := attention.ScaledDotProductAttention(n(4, 8), n(6, 8), n(6, 3), nil)
	emit("attention/ScaledDotProductAttention", flat(o, w))
}

// probeModel trains a small GPT-2-shaped and a Llama-shaped model (GQA,
// RoPE, SwiGLU, RMSNorm) for three AdamW steps on a batch of three
// sequences, and emits the losses, the final logits and every parameter.
func probeModel() {
	gpt := model.Config{Vocab: 17, Width: 32, Layers: 2, Heads: 4, KVHeads: 4, FFN: model.GELUMLP, Hidden: 64,
		Norm: model.LayerNorm, NormEps: 1e-5, Positions: model.Learned, Context: 16, TiedEmbeddings: true, Bias: true}
	llama := model.Config{Vocab: 19, Width: 32, Layers: 2, Heads: 4, KVHeads: 2, FFN: model.SwiGLU, Hidden: 48,
		Norm: model.RMSNorm, NormEps: 1e-6, Positions: model.RoPE, Base: 10000, RoPE: autograd.RoPEHalf, Context: 16}
	for _, mc := range []struct {
		name string
		c    model.Config
	}{{"gpt2", gpt}, {"llama", llama}} {
		name, c := mc.name, mc.c
		m := model.New(c, 5)
		g := rng.New(6)
		batch, targets := make([][]int, 3), []int{}
		for i := range batch {
			batch[i] = make([]int, 10+2*i)
			for j := range batch[i] {
				batch[i][j] = g.IntN(c.Vocab)
				targets = append(targets, g.IntN(c.Vocab))
			}
		}
		opt := optim.NewAdamW(m.Params.Values(), 3e-3, 0.1)
		var losses []float64
		for range 3 {
			m.Params.ZeroGrad()
			loss := autograd.CrossEntropy(m.ForwardBatch(batch), targets)
			loss.Backward()
			optim.ClipGradNorm(m.Params.Values(), 1)
			opt.Step()
			losses = append(losses, loss.Item())
		}
		var logits *autograd.Value
		autograd.NoGrad(func() { logits = m.ForwardBatch(batch) })
		var params []float64
		for _, p := range m.Params.Values() {
			params = append(params, flat(p.Data)...)
		}
		emit("model/"+name+"/losses", losses)
		emit("model/"+name+"/logits", flat(logits.Data))
		emit("model/"+name+"/params", params)
		// Seeded decoding through every filter: the drawn ids as numbers.
		cfg := sample.DefaultConfig()
		cfg.MaxTokens, cfg.Temperature, cfg.TopK, cfg.TopP, cfg.MinP, cfg.RepetitionPenalty, cfg.Seed = 12, 0.8, 8, 0.9, 0.02, 1.3, 7
		ids, err := sample.Generate(m, batch[0][:4], cfg)
		if err != nil {
			panic(err)
		}
		drawn := make([]float64, len(ids))
		for i, id := range ids {
			drawn[i] = float64(id)
		}
		emit("sample/"+name+"/generate", drawn)
	}
}

// probeTrainer takes three Trainer steps with two micro-batches, which run
// on two replicas of the model at once when there are two cores, and emits
// the losses and every parameter.
func probeTrainer() {
	c := model.Config{Vocab: 13, Width: 16, Layers: 1, Heads: 2, KVHeads: 2, FFN: model.GELUMLP, Hidden: 32,
		Norm: model.LayerNorm, NormEps: 1e-5, Positions: model.Learned, Context: 8, TiedEmbeddings: true, Bias: true}
	g := rng.New(8)
	ids := make([]int, 400)
	for i := range ids {
		ids[i] = g.IntN(c.Vocab)
	}
	d, err := train.NewDataset(ids, 0.2)
	if err != nil {
		panic(err)
	}
	m := model.New(c, 9)
	tr, err := train.New(m, d, train.Config{Steps: 3, Batch: 4, MicroBatches: 2, Context: 8,
		LR: 3e-3, Warmup: 1, MinLRRatio: 0.1, WeightDecay: 0.1, ClipNorm: 1, Seed: 10})
	if err != nil {
		panic(err)
	}
	var losses []float64
	for range 3 {
		losses = append(losses, tr.TrainStep())
	}
	var params []float64
	for _, p := range m.Params.Values() {
		params = append(params, flat(p.Data)...)
	}
	emit("train/micro2/losses", losses)
	emit("train/micro2/params", params)
}

// probeOptim takes steps of each optimizer on the same small two-layer
// net and cross-entropy loss, with the cosine schedule setting the rate.
func probeOptim() {
	sched := optim.WarmupCosine{Warmup: 3, Total: 40, MinRatio: 0.1}
	var factors []float64
	for s := 0; s < 45; s++ {
		factors = append(factors, sched.Factor(s))
	}
	emit("optim/WarmupCosine", factors)
	type stepper interface {
		Step()
		SetLR(float64)
	}
	for _, o := range []struct {
		name string
		make func([]*autograd.Value) stepper
	}{
		{"SGD", func(p []*autograd.Value) stepper { return optim.NewSGD(p, 0.1, 0) }},
		{"SGD/momentum", func(p []*autograd.Value) stepper { return optim.NewSGD(p, 0.1, 0.9) }},
		{"Adam", func(p []*autograd.Value) stepper { return optim.NewAdam(p, 0.01) }},
		{"AdamW", func(p []*autograd.Value) stepper { return optim.NewAdamW(p, 0.01, 0.1) }},
	} {
		g := rng.New(5)
		w1, w2 := autograd.New(u(g, 6, 12)), autograd.New(u(g, 12, 4))
		params := []*autograd.Value{w1, w2}
		opt := o.make(params)
		x := autograd.Const(u(g, 8, 6))
		targets := []int{0, 1, 2, 3, 3, 2, 1, 0}
		var losses, norms []float64
		for s := 0; s < 8; s++ {
			for _, p := range params {
				p.ZeroGrad()
			}
			loss := autograd.CrossEntropy(autograd.MatMul(autograd.GELUExact(autograd.MatMul(x, w1)), w2), targets)
			loss.Backward()
			norms = append(norms, optim.ClipGradNorm(params, 1))
			opt.SetLR(0.05 * sched.Factor(s))
			opt.Step()
			losses = append(losses, loss.Item())
		}
		emit("optim/"+o.name+"/losses", losses)
		emit("optim/"+o.name+"/gradnorms", norms)
		emit("optim/"+o.name+"/params", flat(w1.Data, w2.Data))
	}
}

func probeDetmath() {
	g := rng.New(6)
	many := func(n int, lo, hi float64) []float64 {
		xs := []float64{0, math.Copysign(0, -1), 1, -1, 0.5, math.Inf(1), math.Inf(-1), math.NaN(), math.SmallestNonzeroFloat64, math.MaxFloat64}
		for i := 0; i < n; i++ {
			xs = append(xs, g.Uniform(lo, hi))
		}
		return xs
	}
	apply := func(name string, f func(float64) float64, xs []float64) {
		out := make([]float64, len(xs))
		for i, x := range xs {
			out[i] = f(x)
		}
		emit("detmath/"+name, out)
	}
	apply("Exp", detmath.Exp, many(4000, -745, 710))
	apply("Log", detmath.Log, many(4000, 0, 1e6))
	apply("Tanh", detmath.Tanh, many(4000, -25, 25))
	apply("Erf", detmath.Erf, many(4000, -7, 7))
	apply("Sin", detmath.Sin, many(4000, -20, 20))
	apply("Cos", detmath.Cos, many(4000, -20, 20))
	apply("Sin/positions", detmath.Sin, many(2000, -2e6, 2e6))
	apply("Cos/positions", detmath.Cos, many(2000, -2e6, 2e6))
	huge := many(0, 0, 0)
	for i := 0; i < 200; i++ {
		huge = append(huge, math.Ldexp(g.Uniform(-1, 1), 20+g.IntN(1000)))
	}
	apply("Sin/huge", detmath.Sin, huge)
	apply("Cos/huge", detmath.Cos, huge)
	var pows []float64
	for i := 0; i < 300; i++ {
		pows = append(pows, detmath.Pow(detmath.Exp(g.Uniform(-40, 40)), g.Uniform(-20, 20)))
	}
	for i := 0; i < 64; i++ { // RoPE frequencies 10000^(−2i/128)
		pows = append(pows, detmath.Pow(10000, -2*float64(i)/128))
	}
	emit("detmath/Pow", pows)
	// The slice forms: AVX-512F or AVX2 kernels where the CPU has them, the
	// scalar loop under purego and on arm64; all must give the same bits.
	applySlice := func(name string, f func(dst, src []float64), xs []float64) {
		out := make([]float64, len(xs))
		f(out, xs)
		emit("detmath/"+name, out)
	}
	applySlice("ExpSlice", detmath.ExpSlice, many(4001, -760, 720))
	applySlice("TanhSlice", detmath.TanhSlice, many(4001, -25, 25))
}

// probeRNG hashes the seeded generator's matrices: the course's inputs
// must themselves be the same everywhere.
func probeRNG() {
	g := rng.New(7)
	emit("rng/UniformMatrix", flat(g.UniformMatrix(200, 500, -3, 3)))
	// 10⁶ draws reach the ziggurat's rare tail and wedge paths.
	emit("rng/NormalMatrix", flat(g.NormalMatrix(1000, 1000, 1)))
}
