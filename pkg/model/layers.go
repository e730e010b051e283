package model

import (
	"fmt"

	"llminternals/pkg/attention"
	"llminternals/pkg/autograd"
	"llminternals/pkg/rng"
	"llminternals/pkg/tensor"
)

// initStd is the standard deviation of every weight at initialisation,
// GPT-2's 0.02: small enough that the residual stream starts near the
// embeddings and the first softmaxes are nearly uniform.
const initStd = 0.02

// builder creates a model's parameters and registers them under their
// names, drawing weights from one seeded generator in registration order.
type builder struct {
	ps *autograd.Params
	g  *rng.RNG
	// share, when set, makes a replica: each parameter is a new leaf over
	// the matrix share holds under the same name, so the replica computes
	// with the same weights but gathers its own gradients.
	share *autograd.Params
}

func (b *builder) normal(name string, r, c int) *autograd.Value {
	if b.share != nil {
		return b.shared(name)
	}
	return b.ps.Add(name, autograd.New(b.g.NormalMatrix(r, c, initStd)))
}

func (b *builder) shared(name string) *autograd.Value {
	return b.ps.Add(name, autograd.New(b.share.Get(name).Data))
}

func (b *builder) fill(name string, r, c int, x float64) *autograd.Value {
	if b.share != nil {
		return b.shared(name)
	}
	m := tensor.New(r, c)
	if x != 0 {
		for i := range m.RawMatrix().Data {
			m.RawMatrix().Data[i] = x
		}
	}
	return b.ps.Add(name, autograd.New(m))
}

// Linear is the affine map y = x·W + b for x n×in, W in×out and b 1×out
// (nil for none). W is stored input-major, as the engine multiplies
// (x·W), which is also GPT-2's Conv1D layout; a torch nn.Linear stores
// Wᵀ (out×in).
type Linear struct {
	W *autograd.Value // in×out
	B *autograd.Value // 1×out, or nil
}

func newLinear(b *builder, name string, in, out int, bias bool) *Linear {
	l := &Linear{W: b.normal(name+".weight", in, out)}
	if bias {
		l.B = b.fill(name+".bias", 1, out, 0)
	}
	return l
}

// Forward returns x·W + b (autograd.Linear: the bits of MatMul then Add).
func (l *Linear) Forward(x *autograd.Value) *autograd.Value {
	return autograd.Linear(x, l.W, l.B)
}

// Embedding is a lookup table, one learned row of width d per id: row t of
// Table is the vector of token (or position) t.
type Embedding struct {
	Table *autograd.Value // V×d
}

// Forward returns the rows Table[ids[0]], Table[ids[1]], …, a len(ids)×d value.
func (e *Embedding) Forward(ids []int) *autograd.Value { return autograd.Embedding(e.Table, ids) }

// Norm is LayerNorm or RMSNorm over each row of the residual stream:
//
//	LayerNorm: y = gain ⊙ (x − μ)/√(σ² + ε) + bias
//	RMSNorm:   y = gain ⊙ x/√(mean(x²) + ε)
type Norm struct {
	Kind NormKind
	Gain *autograd.Value // 1×d, initialised to 1
	Bias *autograd.Value // 1×d, initialised to 0; nil for RMSNorm
	Eps  float64
}

func newNorm(b *builder, name string, c Config) *Norm {
	n := &Norm{Kind: c.Norm, Eps: c.NormEps, Gain: b.fill(name+".gain", 1, c.Width, 1)}
	if c.Norm == LayerNorm {
		n.Bias = b.fill(name+".bias", 1, c.Width, 0)
	}
	return n
}

// Forward normalises each row of x.
func (n *Norm) Forward(x *autograd.Value) *autograd.Value {
	if n.Kind == RMSNorm {
		return autograd.RMSNorm(x, n.Gain, n.Eps)
	}
	return autograd.LayerNorm(x, n.Gain, n.Bias, n.Eps)
}

// Attention is causal multi-head self-attention with H query heads sharing
// G key/value heads:
//
//	q = x·W_Q, k = x·W_K, v = x·W_V          (+ biases; RoPE on q and k)
//	heads = attention.MultiHead(q, k, v, H, G, causal)
//	out = heads·W_O
//
// q is n×(H·d_k), k and v n×(G·d_k): each projection holds its heads side
// by side, and MultiHead splits and merges them.
type Attention struct {
	Q, K, V, Out *Linear
	Heads        int // H
	KVHeads      int // G
	HeadSize     int // d_k
	// RoPE, when set, rotates q and k by position before the scores.
	RoPE     bool
	Base     float64
	Rotation autograd.RoPEConvention
}

func newAttention(b *builder, name string, c Config) *Attention {
	dk := c.headSize()
	return &Attention{
		Q:     newLinear(b, name+".q", c.Width, c.Heads*dk, c.Bias),
		K:     newLinear(b, name+".k", c.Width, c.KVHeads*dk, c.Bias),
		V:     newLinear(b, name+".v", c.Width, c.KVHeads*dk, c.Bias),
		Out:   newLinear(b, name+".out", c.Heads*dk, c.Width, c.Bias),
		Heads: c.Heads, KVHeads: c.KVHeads, HeadSize: dk,
		RoPE: c.Positions == RoPE, Base: c.Base, Rotation: c.RoPE,
	}
}

// Forward returns the attention sublayer's output for x (n×d), token i
// at positions[i]. The rows may hold several sequences stacked (a batch):
// each run of consecutive positions (p, p+1, p+2, …) is one sequence, and a
// row attends only to earlier rows of its own run. The projections, which
// treat rows independently, run once over all rows; attention.CausalBatch
// then attends within each sequence, with the bits of attention.MultiHead.
func (a *Attention) Forward(x *autograd.Value, positions []int) *autograd.Value {
	qkv := autograd.LinearShared(x, []*autograd.Value{a.Q.W, a.K.W, a.V.W}, []*autograd.Value{a.Q.B, a.K.B, a.V.B})
	q, k, v := qkv[0], qkv[1], qkv[2] // Q.Forward(x), K.Forward(x), V.Forward(x), in one pass over x
	if a.RoPE {
		qr := autograd.RoPE(q, positions, a.HeadSize, a.Base, a.Rotation)
		kr := autograd.RoPE(k, positions, a.HeadSize, a.Base, a.Rotation)
		autograd.Discard(q, k) // inference only: see Block.Forward
		q, k = qr, kr
	}
	runs := sequences(positions)
	lens := make([]int, len(runs))
	for i, r := range runs {
		lens[i] = r[1] - r[0]
	}
	heads := attention.CausalBatch(q, k, v, a.Heads, a.KVHeads, lens)
	autograd.Discard(q, k, v)
	out := a.Out.Forward(heads)
	autograd.Discard(heads)
	return out
}

// sequences splits row indices 0…n−1 into runs [lo, hi) of consecutive
// positions: a new sequence starts wherever positions[i] ≠ positions[i−1]+1.
func sequences(positions []int) [][2]int {
	var runs [][2]int
	lo := 0
	for i := 1; i <= len(positions); i++ {
		if i == len(positions) || positions[i] != positions[i-1]+1 {
			runs = append(runs, [2]int{lo, i})
			lo = i
		}
	}
	return runs
}

// FFN is a block's position-wise feed-forward sublayer, applied to each
// row independently: MLP or GatedMLP.
type FFN interface {
	Forward(x *autograd.Value) *autograd.Value
}

// MLP is GPT-2's feed-forward sublayer: y = GELU(x·W_up + b_up)·W_down + b_down,
// widening d to F (4d) and back; GELU is the tanh approximation GPT-2 was
// trained with.
type MLP struct {
	Up, Down *Linear
}

// Forward returns down(GELU(up(x))).
func (m *MLP) Forward(x *autograd.Value) *autograd.Value {
	up := m.Up.Forward(x)
	h := autograd.GELU(up)
	autograd.Discard(up) // inference only: see Block.Forward
	out := m.Down.Forward(h)
	autograd.Discard(h)
	return out
}

// GatedMLP is the SwiGLU feed-forward sublayer of Llama:
// y = (SiLU(x·W_gate) ⊙ (x·W_up))·W_down, SiLU(z) = z·σ(z). The gate
// decides, per hidden unit, how much of the up projection passes.
type GatedMLP struct {
	Gate, Up, Down *Linear
}

// Forward returns down(SiLU(gate(x)) ⊙ up(x)).
func (m *GatedMLP) Forward(x *autograd.Value) *autograd.Value {
	gu := autograd.LinearShared(x, []*autograd.Value{m.Gate.W, m.Up.W}, []*autograd.Value{m.Gate.B, m.Up.B})
	gate, up := gu[0], gu[1] // Gate.Forward(x), Up.Forward(x), in one pass over x
	act := autograd.SiLU(gate)
	autograd.Discard(gate) // inference only: see Block.Forward
	h := autograd.Mul(act, up)
	autograd.Discard(act, up)
	out := m.Down.Forward(h)
	autograd.Discard(h)
	return out
}

func newFFN(b *builder, name string, c Config) FFN {
	if c.FFN == SwiGLU {
		return &GatedMLP{
			Gate: newLinear(b, name+".gate", c.Width, c.Hidden, c.Bias),
			Up:   newLinear(b, name+".up", c.Width, c.Hidden, c.Bias),
			Down: newLinear(b, name+".down", c.Hidden, c.Width, c.Bias),
		}
	}
	return &MLP{
		Up:   newLinear(b, name+".up", c.Width, c.Hidden, c.Bias),
		Down: newLinear(b, name+".down", c.Hidden, c.Width, c.Bias),
	}
}

// Block is one pre-norm transformer block: each sublayer reads a
// normalised copy of the residual stream and adds its output back,
//
//	x = x + Attention(Norm1(x))
//	x = x + FFN(Norm2(x))
//
// so the stream itself is never normalised and gradients reach early
// layers through the additions unchanged.
type Block struct {
	Norm1 *Norm
	Attn  *Attention
	Norm2 *Norm
	FFN   FFN
}

func newBlock(b *builder, i int, c Config) *Block {
	name := fmt.Sprintf("block.%d", i)
	return &Block{
		Norm1: newNorm(b, name+".norm1", c),
		Attn:  newAttention(b, name+".attn", c),
		Norm2: newNorm(b, name+".norm2", c),
		FFN:   newFFN(b, name+".ffn", c),
	}
}

// Forward returns the block's output for the residual stream x (n×d),
// token i at positions[i].
//
// Under NoGrad (inference) each intermediate is handed back to the storage
// pool as soon as it is used (autograd.Discard; it does nothing when a
// graph is recorded), so a pass reuses a few buffers instead of taking,
// and zeroing, fresh memory for every op. The block's input x is the
// caller's and is left alone.
func (bl *Block) Forward(x *autograd.Value, positions []int) *autograd.Value {
	h := bl.Norm1.Forward(x)
	a := bl.Attn.Forward(h, positions)
	autograd.Discard(h)
	mid := autograd.Add(x, a)
	autograd.Discard(a)
	h = bl.Norm2.Forward(mid)
	f := bl.FFN.Forward(h)
	autograd.Discard(h)
	out := autograd.Add(mid, f)
	autograd.Discard(mid, f)
	return out
}
