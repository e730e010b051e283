package model

import (
	"encoding/json"
	"math"
	"os"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"llminternals/pkg/autograd"
	"llminternals/pkg/rng"
)

// tinyConfigs covers every kind: GPT-2-like, Llama-like with GQA and MQA,
// sinusoidal positions with interleaved-free MHA, and biases with SwiGLU.
func tinyConfigs() map[string]Config {
	gpt := Config{Vocab: 11, Width: 8, Layers: 2, Heads: 2, KVHeads: 2, FFN: GELUMLP, Hidden: 12,
		Norm: LayerNorm, NormEps: 1e-5, Positions: Learned, Context: 6, TiedEmbeddings: true, Bias: true}
	llama := Config{Vocab: 13, Width: 8, Layers: 2, Heads: 4, KVHeads: 2, HeadSize: 4, FFN: SwiGLU, Hidden: 10,
		Norm: RMSNorm, NormEps: 1e-6, Positions: RoPE, Base: 100, RoPE: autograd.RoPEHalf, Context: 16}
	mqa := llama
	mqa.KVHeads, mqa.RoPE, mqa.HeadSize = 1, autograd.RoPEInterleaved, 0
	sin := gpt
	sin.Positions, sin.Base, sin.TiedEmbeddings = Sinusoidal, 10000, false
	swigluBias := llama
	swigluBias.Bias, swigluBias.Norm = true, LayerNorm
	return map[string]Config{"gpt": gpt, "llama-gqa": llama, "mqa": mqa, "sinusoidal": sin, "swiglu-bias": swigluBias}
}

func TestParamCountsMatchBuiltModel(t *testing.T) {
	for name, c := range tinyConfigs() {
		m := New(c, 1)
		if got, want := m.Params.NumScalars(), c.ParamCounts().Total; got != want {
			t.Errorf("%s: built model has %d parameters, formula says %d", name, got, want)
		}
		// and part by part, grouping the registered names
		parts := map[string]int{}
		for n, v := range m.Params.All() {
			r, cc := v.Dims()
			parts[partOf(n)] += r * cc
		}
		pc := c.ParamCounts()
		L := c.Layers
		for part, want := range map[string]int{"embedding": pc.Embedding, "positions": pc.Positions,
			"attention": L * pc.Attention, "ffn": L * pc.FFN, "norms": L * pc.Norms, "final": pc.FinalNorm, "head": pc.Head} {
			if parts[part] != want {
				t.Errorf("%s: %s has %d parameters, formula says %d", name, part, parts[part], want)
			}
		}
	}
}

// partOf maps an engine parameter name or a Hugging Face tensor name to a
// ParamCount field.
func partOf(name string) string {
	switch {
	case name == "tok_emb" || strings.Contains(name, "wte.") || strings.Contains(name, "embed_tokens"):
		return "embedding"
	case name == "pos_emb" || strings.Contains(name, "wpe."):
		return "positions"
	case strings.Contains(name, "attn"):
		return "attention"
	case strings.Contains(name, "ffn") || strings.Contains(name, "mlp"):
		return "ffn"
	case strings.Contains(name, "norm1") || strings.Contains(name, "norm2") || strings.Contains(name, ".ln_1") ||
		strings.Contains(name, ".ln_2") || strings.Contains(name, "layernorm"):
		return "norms"
	case strings.HasPrefix(name, "norm.") || strings.Contains(name, "ln_f") || name == "model.norm.weight":
		return "final"
	case strings.Contains(name, "head"):
		return "head"
	}
	return "unknown:" + name
}

type hfFixtures struct {
	Models map[string]struct {
		IDs             []int       `json:"ids"`
		Logits          [][]float64 `json:"logits"`
		StockLogits     [][]float64 `json:"stock_logits"`
		StockMaxAbsDiff float64     `json:"stock_max_abs_diff"`
	} `json:"models"`
	ParamCounts map[string]struct {
		Total   int            `json:"total"`
		Tensors map[string]int `json:"tensors"`
	} `json:"param_counts"`
}

func readFixtures(t *testing.T) hfFixtures {
	t.Helper()
	b, err := os.ReadFile("testdata/hf/fixtures.json")
	if err != nil {
		t.Fatal(err)
	}
	var f hfFixtures
	if err := json.Unmarshal(b, &f); err != nil {
		t.Fatal(err)
	}
	return f
}

// The published counts come from transformers (tools/hffixtures/gen.py
// builds each config on the meta device and sums numel): 124,439,808 for
// GPT-2 small and 6,738,415,616 for Llama-2-7B. The formula must give the
// same total and the same split by part.
func TestPublishedParamCounts(t *testing.T) {
	f := readFixtures(t)
	for key, c := range map[string]Config{"gpt2": GPT2Small(), "llama-2-7b": Llama2_7B()} {
		want := f.ParamCounts[key]
		pc := c.ParamCounts()
		if pc.Total != want.Total {
			t.Errorf("%s: formula gives %d parameters, transformers %d", key, pc.Total, want.Total)
		}
		parts := map[string]int{}
		for n, k := range want.Tensors {
			parts[partOf(n)] += k
		}
		L := c.Layers
		for part, got := range map[string]int{"embedding": pc.Embedding, "positions": pc.Positions,
			"attention": L * pc.Attention, "ffn": L * pc.FFN, "norms": L * pc.Norms, "final": pc.FinalNorm, "head": pc.Head} {
			if parts[part] != got {
				t.Errorf("%s: %s: formula %d, transformers %d", key, part, got, parts[part])
			}
		}
		if len(parts) > 7 {
			t.Errorf("%s: unclassified tensors: %v", key, parts)
		}
	}
	if got := GPT2Small().ParamCounts().Total; got != 124439808 {
		t.Errorf("GPT-2 small: %d", got)
	}
	if got := Llama2_7B().ParamCounts().Total; got != 6738415616 {
		t.Errorf("Llama-2-7B: %d", got)
	}
}

func TestValidateMessages(t *testing.T) {
	base := tinyConfigs()["llama-gqa"]
	for _, c := range []struct {
		edit func(*Config)
		want string
	}{
		{func(c *Config) { c.HeadSize, c.Heads, c.KVHeads = 0, 3, 3 }, "3 query heads do not divide the width 8"},
		{func(c *Config) { c.KVHeads = 3 }, "4 query heads are not a multiple of 3 KV heads"},
		{func(c *Config) { c.Vocab = 0 }, "vocabulary must be positive, got 0"},
		{func(c *Config) { c.HeadSize = 3 }, "head size must be even, got 3"},
		{func(c *Config) { c.Base = 0 }, "RoPE needs a base > 0"},
		{func(c *Config) { c.FFN = 9 }, "unknown FFN kind 9"},
	} {
		cfg := base
		c.edit(&cfg)
		err := cfg.Validate()
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Validate() = %v, want %q", err, c.want)
		}
		func() {
			defer func() {
				if msg, _ := recover().(string); !strings.HasPrefix(msg, "model: New: ") || !strings.Contains(msg, c.want) {
					t.Errorf("New panicked with %q, want %q", msg, c.want)
				}
			}()
			New(cfg, 1)
		}()
	}
	for name, c := range tinyConfigs() {
		if err := c.Validate(); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func TestBadIDs(t *testing.T) {
	m := New(tinyConfigs()["gpt"], 1)
	for _, c := range []struct {
		ids  []int
		want string
	}{
		{[]int{1, 11}, "token id 11 at position 1 is outside the vocabulary of 11 ids"},
		{[]int{-2}, "token id -2 at position 0"},
		{[]int{1, 2, 3, 4, 5, 6, 7}, "7 tokens exceed the context length 6"},
	} {
		if err := m.CheckIDs(c.ids); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("CheckIDs(%v) = %v, want %q", c.ids, err, c.want)
		}
		func() {
			defer func() {
				if msg, _ := recover().(string); !strings.HasPrefix(msg, "model: Forward: ") || !strings.Contains(msg, c.want) {
					t.Errorf("Forward(%v) panicked with %q", c.ids, msg)
				}
			}()
			m.Forward(c.ids)
		}()
	}
}

// Training and inference run the same code: the logits are the same bits
// with and without the graph, and causal: changing a later token leaves
// earlier rows' logits bit-identical.
func TestForwardGraphAndNoGradAgree(t *testing.T) {
	for name, c := range tinyConfigs() {
		m := New(c, 2)
		ids := []int{1, 5, 0, 3, 5}
		withGraph := m.Forward(ids)
		var noGrad *autograd.Value
		autograd.NoGrad(func() { noGrad = m.Forward(ids) })
		if !withGraph.RequiresGrad() || noGrad.RequiresGrad() {
			t.Errorf("%s: graph recorded %v / %v", name, withGraph.RequiresGrad(), noGrad.RequiresGrad())
		}
		if !mat.Equal(withGraph.Data, noGrad.Data) {
			t.Errorf("%s: logits differ with and without the graph", name)
		}
		if r, cc := withGraph.Dims(); r != len(ids) || cc != c.Vocab {
			t.Errorf("%s: logits are %d×%d", name, r, cc)
		}
		changed := m.Forward([]int{1, 5, 0, 7, 2})
		if !mat.Equal(changed.Data.Slice(0, 3, 0, c.Vocab), withGraph.Data.Slice(0, 3, 0, c.Vocab)) {
			t.Errorf("%s: a later token changed earlier logits", name)
		}
	}
}

// Inference hands each intermediate back to the storage pool once used
// (autograd.Discard): on matrices big enough to be pooled, forward passes
// one after another under NoGrad, each reusing the last one's storage,
// give the logits of the graph-recording pass, bit for bit, for every kind
// of model.
func TestNoGradReusesStorageSafely(t *testing.T) {
	for name, c := range tinyConfigs() {
		c.Width, c.Hidden, c.Context = 64, 160, 96
		if c.HeadSize != 0 {
			c.HeadSize = 16
		}
		m := New(c, 4)
		g := rng.New(9)
		ids := make([]int, 80) // 80×64 values: above the pool's smallest size
		for i := range ids {
			ids[i] = g.IntN(c.Vocab)
		}
		want := m.Forward(ids).Data
		for round := range 3 {
			var got *autograd.Value
			autograd.NoGrad(func() { got = m.Forward(ids) })
			if !mat.Equal(got.Data, want) {
				t.Fatalf("%s: round %d: logits under NoGrad differ from the graph's", name, round)
			}
		}
	}
}

// The whole model end to end, every parameter, against finite
// differences: the cross-entropy of next-token prediction on a tiny config
// of each kind.
func TestModelGradCheck(t *testing.T) {
	for name, c := range tinyConfigs() {
		m := New(c, 3)
		// larger weights than the 0.02 init, so that every path matters
		g := rng.New(4)
		for _, p := range m.Params.Values() {
			r, cc := p.Dims()
			p.Data.Add(p.Data, g.NormalMatrix(r, cc, 0.5))
		}
		ids, targets := []int{1, 5, 0, 3, 5}, []int{5, 0, 3, 5, 2}
		f := func() *autograd.Value { return autograd.CrossEntropy(m.Forward(ids), targets) }
		if e, rep := autograd.GradCheck(f, m.Params.Values(), 1e-6); e > 1e-7 {
			t.Errorf("%s: %v", name, rep)
		}
	}
}

// TestForwardBatchEqualsEachSequence: stacking sequences of different
// lengths changes nothing about any of them. Each block of rows is
// bit-identical to the sequence run alone (attention never crosses from one
// sequence to the next), and the gradient of the batch's mean loss is the
// token-weighted sum of the per-sequence gradients.
func TestForwardBatchEqualsEachSequence(t *testing.T) {
	batch := [][]int{{1, 5, 3, 7}, {2}, {0, 0, 6, 4, 1}, {7, 2, 2}}
	for name, c := range tinyConfigs() {
		m := New(c, 3)
		var got *autograd.Value
		autograd.NoGrad(func() { got = m.ForwardBatch(batch) })
		row, total := 0, 0
		for _, seq := range batch {
			total += len(seq)
		}
		want := map[string][]float64{}
		for b, seq := range batch {
			var alone *autograd.Value
			autograd.NoGrad(func() { alone = m.Forward(seq) })
			for i := range seq {
				for j := 0; j < c.Vocab; j++ {
					if got.Data.At(row+i, j) != alone.Data.At(i, j) {
						t.Fatalf("%s: sequence %d row %d col %d: batch %v, alone %v", name, b, i, j, got.Data.At(row+i, j), alone.Data.At(i, j))
					}
				}
			}
			row += len(seq)
			// Next-token targets: the sequence shifted, the last predicting id 0.
			m.Params.ZeroGrad()
			autograd.Scale(autograd.CrossEntropy(m.Forward(seq), shift(seq)), float64(len(seq))/float64(total)).Backward()
			for pname, p := range m.Params.All() {
				g := want[pname]
				if g == nil {
					g = make([]float64, len(p.Grad.RawMatrix().Data))
				}
				for k, x := range p.Grad.RawMatrix().Data {
					g[k] += x
				}
				want[pname] = g
			}
		}
		if r, _ := got.Dims(); r != total {
			t.Fatalf("%s: batch logits have %d rows, want %d", name, r, total)
		}
		var targets []int
		for _, seq := range batch {
			targets = append(targets, shift(seq)...)
		}
		m.Params.ZeroGrad()
		autograd.CrossEntropy(m.ForwardBatch(batch), targets).Backward()
		for pname, p := range m.Params.All() {
			for k, x := range p.Grad.RawMatrix().Data {
				if d := math.Abs(x - want[pname][k]); d > 1e-12 {
					t.Fatalf("%s: ∂L/∂%s[%d]: batch %v, sum over sequences %v", name, pname, k, x, want[pname][k])
				}
			}
		}
	}
}

func shift(seq []int) []int { return append(append([]int{}, seq[1:]...), 0) }

// TestReplica: a replica computes exactly the model's logits, keeps its own
// gradients, and follows the model's weights when they change in place.
func TestReplica(t *testing.T) {
	seq := []int{1, 5, 3, 7}
	for name, c := range tinyConfigs() {
		m := New(c, 3)
		r := m.Replica()
		if got, want := r.Params.Names(), m.Params.Names(); !slices.Equal(got, want) {
			t.Fatalf("%s: replica parameters %v, model %v", name, got, want)
		}
		m.Params.ZeroGrad()
		r.Params.ZeroGrad()
		lm := autograd.CrossEntropy(m.Forward(seq), shift(seq))
		lr := autograd.CrossEntropy(r.Forward(seq), shift(seq))
		if math.Float64bits(lm.Item()) != math.Float64bits(lr.Item()) {
			t.Fatalf("%s: loss %v from the model, %v from the replica", name, lm.Item(), lr.Item())
		}
		lr.Backward()
		for pname, p := range r.Params.All() {
			mp := m.Params.Get(pname)
			if p == mp || p.Data != mp.Data {
				t.Fatalf("%s: %s: the replica must be a new leaf over the same matrix", name, pname)
			}
			nonzero := false
			for _, g := range p.Grad.RawMatrix().Data {
				nonzero = nonzero || g != 0
			}
			if mp.Grad != nil {
				for _, g := range mp.Grad.RawMatrix().Data {
					if g != 0 {
						t.Fatalf("%s: the replica's Backward wrote the model's gradient of %s", name, pname)
					}
				}
			}
			if !nonzero && !strings.HasPrefix(pname, "pos_emb") {
				t.Errorf("%s: the replica's gradient of %s is all zero", name, pname)
			}
		}
		m.Params.Get("tok_emb").Data.Set(seq[0], 0, 0.5)
		var a, b *autograd.Value
		autograd.NoGrad(func() { a, b = m.Forward(seq), r.Forward(seq) })
		if !mat.Equal(a.Data, b.Data) {
			t.Fatalf("%s: after an in-place change the replica's logits differ from the model's", name)
		}
	}
}
