package model

import (
	"fmt"

	"llminternals/pkg/autograd"
)

// FFNKind says which feed-forward sublayer a block uses.
type FFNKind int

const (
	// GELUMLP is GPT-2's FFN: down(GELU(up(x))), GELU the tanh approximation.
	GELUMLP FFNKind = iota
	// SwiGLU is Llama's FFN: down(SiLU(gate(x)) ⊙ up(x)).
	SwiGLU
)

// NormKind says which normalisation a block applies before each sublayer.
type NormKind int

const (
	// LayerNorm subtracts the mean, divides by the standard deviation,
	// then applies a gain and a bias (GPT-2).
	LayerNorm NormKind = iota
	// RMSNorm divides by the root mean square and applies a gain (Llama).
	RMSNorm
)

// PositionKind says how a model learns where each token is.
type PositionKind int

const (
	// Learned adds a trained row of a Context×d table per position (GPT-2).
	Learned PositionKind = iota
	// Sinusoidal adds the fixed encoding autograd.Sinusoidal (the original
	// Transformer), with Config.Base as its base.
	Sinusoidal
	// RoPE rotates queries and keys by position (autograd.RoPE), with
	// Config.Base as θ's base and Config.RoPE as its pairing (Llama).
	RoPE
)

// Config is the shape of a decoder-only transformer: everything needed to
// build its parameters and run it.
type Config struct {
	Vocab    int // V, the number of token ids
	Width    int // d, the width of the residual stream
	Layers   int // L, the number of blocks
	Heads    int // H, query heads
	KVHeads  int // G, key/value heads: G = H is MHA, 1 < G < H is GQA, G = 1 is MQA
	HeadSize int // d_k, the width of one head; 0 means d/H, which H must divide

	FFN    FFNKind
	Hidden int // the FFN's inner width (4d for GPT-2, 11008 for Llama-2-7B)

	Norm    NormKind
	NormEps float64 // ε in the norm's √(σ² + ε) or √(mean x² + ε)

	Positions PositionKind
	Base      float64                 // base of the sinusoidal or RoPE frequencies (10000 usually)
	RoPE      autograd.RoPEConvention // which coordinates RoPE pairs
	Context   int                     // the longest sequence; the size of a Learned table

	TiedEmbeddings bool // the LM head is the token table transposed (no separate d×V matrix)
	Bias           bool // every linear layer (Q, K, V, out, FFN) has a bias (GPT-2 yes, Llama no)
}

// GPT2Small is GPT-2's smallest published configuration ("gpt2" on
// Hugging Face): 12 layers of width 768 with 12 heads, a 50257-token
// vocabulary and 1024 learned positions.
func GPT2Small() Config {
	return Config{Vocab: 50257, Width: 768, Layers: 12, Heads: 12, KVHeads: 12, HeadSize: 64,
		FFN: GELUMLP, Hidden: 3072, Norm: LayerNorm, NormEps: 1e-5,
		Positions: Learned, Context: 1024, TiedEmbeddings: true, Bias: true}
}

// Llama2_7B is the configuration of Meta's Llama-2-7B: 32 layers of width
// 4096, 32 heads (no GQA at this size), SwiGLU of width 11008, RMSNorm,
// rotate-half RoPE with base 10000 and an untied LM head.
func Llama2_7B() Config {
	return Config{Vocab: 32000, Width: 4096, Layers: 32, Heads: 32, KVHeads: 32, HeadSize: 128,
		FFN: SwiGLU, Hidden: 11008, Norm: RMSNorm, NormEps: 1e-5,
		Positions: RoPE, Base: 10000, RoPE: autograd.RoPEHalf, Context: 4096}
}

// Validate reports the first thing that makes c impossible to build, in
// words that name the numbers involved; nil if c is sound.
func (c Config) Validate() error {
	for _, f := range []struct {
		name string
		v    int
	}{{"vocabulary", c.Vocab}, {"width", c.Width}, {"layers", c.Layers}, {"query heads", c.Heads},
		{"KV heads", c.KVHeads}, {"FFN hidden width", c.Hidden}, {"context length", c.Context}} {
		if f.v <= 0 {
			return fmt.Errorf("model: config: %s must be positive, got %d", f.name, f.v)
		}
	}
	if c.HeadSize == 0 && c.Width%c.Heads != 0 {
		return fmt.Errorf("model: config: %d query heads do not divide the width %d (set HeadSize to choose the head width)", c.Heads, c.Width)
	}
	if c.headSize() <= 0 {
		return fmt.Errorf("model: config: head size must be positive, got %d", c.headSize())
	}
	if c.Heads%c.KVHeads != 0 {
		return fmt.Errorf("model: config: %d query heads are not a multiple of %d KV heads", c.Heads, c.KVHeads)
	}
	if !(c.NormEps >= 0) {
		return fmt.Errorf("model: config: norm epsilon must be ≥ 0, got %v", c.NormEps)
	}
	switch c.FFN {
	case GELUMLP, SwiGLU:
	default:
		return fmt.Errorf("model: config: unknown FFN kind %d", int(c.FFN))
	}
	switch c.Norm {
	case LayerNorm, RMSNorm:
	default:
		return fmt.Errorf("model: config: unknown norm kind %d", int(c.Norm))
	}
	switch c.Positions {
	case Learned:
	case Sinusoidal:
		if !(c.Base > 0) {
			return fmt.Errorf("model: config: sinusoidal positions need a base > 0, got %v", c.Base)
		}
	case RoPE:
		if !(c.Base > 0) {
			return fmt.Errorf("model: config: RoPE needs a base > 0, got %v", c.Base)
		}
		if c.headSize()%2 != 0 {
			return fmt.Errorf("model: config: RoPE rotates pairs, so the head size must be even, got %d", c.headSize())
		}
		if c.RoPE != autograd.RoPEInterleaved && c.RoPE != autograd.RoPEHalf {
			return fmt.Errorf("model: config: unknown RoPE convention %v", c.RoPE)
		}
	default:
		return fmt.Errorf("model: config: unknown position kind %d", int(c.Positions))
	}
	return nil
}

// headSize is d_k: HeadSize, or d/H when HeadSize is 0.
func (c Config) headSize() int {
	if c.HeadSize != 0 || c.Heads == 0 {
		return c.HeadSize
	}
	return c.Width / c.Heads
}
