package model

// ParamCount is a model's number of parameters (scalars) per part, by
// formula from its Config, with d the width, V the vocabulary, H and G the
// query and KV heads, d_k the head size, F the FFN's hidden width and L the
// layers.
type ParamCount struct {
	Embedding int // the token table: V·d
	Positions int // a Learned table: Context·d; 0 for Sinusoidal and RoPE
	// Attention is one block's: W_Q d·H·d_k, W_K and W_V d·G·d_k each,
	// W_O H·d_k·d, plus (H + 2G)·d_k + d biases when Config.Bias.
	Attention int
	// FFN is one block's: 2·d·F for the GELU MLP (up, down), 3·d·F for
	// SwiGLU (gate, up, down), plus F + d biases (2F + d for SwiGLU) when
	// Config.Bias.
	FFN int
	// Norms is one block's two norms: 2·2d for LayerNorm (gain and
	// bias), 2·d for RMSNorm (gain).
	Norms     int
	FinalNorm int // 2d for LayerNorm, d for RMSNorm
	Head      int // the LM head d·V; 0 when tied to the token table
	// Total = Embedding + Positions + L·(Attention + FFN + Norms) +
	// FinalNorm + Head.
	Total int
}

// ParamCounts returns the parameter counts of a model built from c, by
// formula; it allocates nothing, so it works for 7B configurations.
// Counts of a built model, Params.NumScalars, agree (tested).
func (c Config) ParamCounts() ParamCount {
	d, dk := c.Width, c.headSize()
	var p ParamCount
	p.Embedding = c.Vocab * d
	if c.Positions == Learned {
		p.Positions = c.Context * d
	}
	q, kv := c.Heads*dk, c.KVHeads*dk
	p.Attention = d*q + 2*d*kv + q*d
	mats := 2
	if c.FFN == SwiGLU {
		mats = 3
	}
	p.FFN = mats * d * c.Hidden
	if c.Bias {
		p.Attention += q + 2*kv + d
		p.FFN += (mats-1)*c.Hidden + d
	}
	p.FinalNorm = d
	if c.Norm == LayerNorm {
		p.FinalNorm = 2 * d
	}
	p.Norms = 2 * p.FinalNorm
	if !c.TiedEmbeddings {
		p.Head = d * c.Vocab
	}
	p.Total = p.Embedding + p.Positions + c.Layers*(p.Attention+p.FFN+p.Norms) + p.FinalNorm + p.Head
	return p
}
