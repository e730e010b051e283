package model

import (
	"fmt"

	"llminternals/pkg/autograd"
	"llminternals/pkg/internal/panics"
	"llminternals/pkg/rng"
)

// Model is a decoder-only transformer (GPT-2, Llama and their relatives,
// chosen by Config): ids → token embeddings (+ positions) → L blocks →
// final norm → LM head → logits.
type Model struct {
	Config Config
	// Params holds every parameter under the names listed in the package
	// doc, in the order they are built.
	Params    *autograd.Params
	TokEmb    *Embedding // V×d
	PosEmb    *Embedding // Context×d for Learned positions, else nil
	Blocks    []*Block
	FinalNorm *Norm
	// Head maps the last hidden state to logits; nil when the embeddings
	// are tied, and the head is then TokEmb.Tableᵀ.
	Head *Linear
}

// New builds a model with fresh parameters drawn from seed: weights from
// N(0, 0.02²), biases 0, norm gains 1. An invalid c is a programmer error
// here and panics with Validate's message; LoadHF, which reads a config from
// a file, returns it as an error instead.
func New(c Config, seed uint64) *Model {
	if err := c.Validate(); err != nil {
		panics.Panicf("model", "New", "%v", err)
	}
	return build(c, &builder{ps: &autograd.Params{}, g: rng.New(seed)})
}

// Replica returns a model that shares m's weight matrices but has parameter
// leaves of its own: its forward pass computes exactly what m's does, and
// its Backward fills the replica's gradients, not m's. Two replicas can
// therefore run forward and backward on two goroutines at once (data
// parallelism); the caller sums their gradients. An optimizer step on m's
// parameters moves the replica's weights too, since they are the same
// matrices.
func (m *Model) Replica() *Model {
	return build(m.Config, &builder{ps: &autograd.Params{}, share: m.Params})
}

func build(c Config, b *builder) *Model {
	m := &Model{Config: c, Params: b.ps}
	m.TokEmb = &Embedding{Table: b.normal("tok_emb", c.Vocab, c.Width)}
	if c.Positions == Learned {
		m.PosEmb = &Embedding{Table: b.normal("pos_emb", c.Context, c.Width)}
	}
	for i := 0; i < c.Layers; i++ {
		m.Blocks = append(m.Blocks, newBlock(b, i, c))
	}
	m.FinalNorm = newNorm(b, "norm", c)
	if !c.TiedEmbeddings {
		m.Head = &Linear{W: b.normal("head.weight", c.Width, c.Vocab)}
	}
	return m
}

// CheckIDs returns an error if ids cannot go through Forward: an id
// outside [0, V), naming it, its position and V, or a sequence longer
// than a Learned position table. Ids usually come from data (a file, a
// user's prompt): check them here at that boundary.
func (m *Model) CheckIDs(ids []int) error {
	for i, id := range ids {
		if id < 0 || id >= m.Config.Vocab {
			return fmt.Errorf("model: token id %d at position %d is outside the vocabulary of %d ids [0, %d)", id, i, m.Config.Vocab, m.Config.Vocab)
		}
	}
	if m.Config.Positions == Learned && len(ids) > m.Config.Context {
		return fmt.Errorf("model: %d tokens exceed the context length %d of the learned position table", len(ids), m.Config.Context)
	}
	return nil
}

// Forward returns the logits (n×V) for the token ids at positions 0…n−1:
// row i scores every possible next token after ids[0..i].
//
//	x = TokEmb[ids] (+ PosEmb[0..n−1] or + Sinusoidal(0..n−1))
//	x = Block_l(x) for l = 0…L−1
//	logits = FinalNorm(x)·W_head   (W_head = TokEmbᵀ when tied)
//
// The same code trains (it records the graph when a parameter needs a
// gradient) and infers (inside autograd.NoGrad it records nothing). Ids
// that fail CheckIDs are a programmer error here and panic with its message.
func (m *Model) Forward(ids []int) *autograd.Value {
	return m.ForwardBatch([][]int{ids})
}

// ForwardBatch returns the logits of B sequences at once, stacked: a
// (n₀+n₁+…)×V value whose rows n₀+…+n_{b−1}+i score the token after
// batch[b][0..i]. Each sequence starts at position 0 and attends only to
// itself; every other layer treats rows independently, so each matrix
// product runs once over all the rows of the batch. A sequence's rows are
// bit-identical to Forward(batch[b]) alone.
func (m *Model) ForwardBatch(batch [][]int) *autograd.Value {
	var ids, positions []int
	for _, seq := range batch {
		if err := m.CheckIDs(seq); err != nil {
			panics.Panicf("model", "Forward", "%v", err)
		}
		ids = append(ids, seq...)
		for i := range seq {
			positions = append(positions, i)
		}
	}
	c := m.Config
	// Under NoGrad each intermediate goes back to the storage pool once
	// used (autograd.Discard, a no-op when a graph is recorded); see
	// Block.Forward.
	x := m.TokEmb.Forward(ids)
	switch c.Positions {
	case Learned:
		pos := m.PosEmb.Forward(positions)
		sum := autograd.Add(x, pos)
		autograd.Discard(x, pos)
		x = sum
	case Sinusoidal:
		sum := autograd.Add(x, autograd.Const(autograd.Sinusoidal(positions, c.Width, c.Base)))
		autograd.Discard(x)
		x = sum
	}
	for _, b := range m.Blocks {
		next := b.Forward(x, positions)
		autograd.Discard(x)
		x = next
	}
	h := m.FinalNorm.Forward(x)
	autograd.Discard(x)
	var logits *autograd.Value
	if m.Head == nil {
		logits = autograd.MatMulT(h, m.TokEmb.Table)
	} else {
		logits = m.Head.Forward(h)
	}
	autograd.Discard(h)
	return logits
}
