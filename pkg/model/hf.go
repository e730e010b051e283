package model

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"gonum.org/v1/gonum/mat"

	"llminternals/pkg/autograd"
	"llminternals/pkg/checkpoint"
)

// hfConfig is the part of a Hugging Face config.json that LoadHF reads.
// Pointers tell a missing field from a zero one.
type hfConfig struct {
	ModelType string `json:"model_type"`
	Vocab     *int   `json:"vocab_size"`
	Tie       *bool  `json:"tie_word_embeddings"`

	// GPT-2
	NEmbd      *int     `json:"n_embd"`
	NLayer     *int     `json:"n_layer"`
	NHead      *int     `json:"n_head"`
	NPositions *int     `json:"n_positions"`
	NInner     *int     `json:"n_inner"`
	Activation *string  `json:"activation_function"`
	LNEps      *float64 `json:"layer_norm_epsilon"`
	ScaleAttn  *bool    `json:"scale_attn_weights"`
	ScaleByIdx *bool    `json:"scale_attn_by_inverse_layer_idx"`

	// Llama
	Hidden       *int     `json:"hidden_size"`
	Intermediate *int     `json:"intermediate_size"`
	Layers       *int     `json:"num_hidden_layers"`
	Heads        *int     `json:"num_attention_heads"`
	KVHeads      *int     `json:"num_key_value_heads"`
	HeadDim      *int     `json:"head_dim"`
	MaxPos       *int     `json:"max_position_embeddings"`
	RMSEps       *float64 `json:"rms_norm_eps"`
	HiddenAct    *string  `json:"hidden_act"`
	AttnBias     *bool    `json:"attention_bias"`
	MLPBias      *bool    `json:"mlp_bias"`
	RopeTheta    *float64 `json:"rope_theta"` // before transformers 5: top level
	RopeParams   *struct {
		Type  string   `json:"rope_type"`
		Theta *float64 `json:"rope_theta"`
	} `json:"rope_parameters"`
	RopeScaling *json.RawMessage `json:"rope_scaling"`
}

// SupportedHFTypes lists the config.json model_type values LoadHF reads.
var SupportedHFTypes = []string{"gpt2", "llama"}

// LoadHF builds a model from a Hugging Face model directory, as
// save_pretrained writes it and as a local hub cache holds it
// (~/.cache/huggingface/hub/models--gpt2/snapshots/<revision>/):
// config.json and model.safetensors, or shards listed in
// model.safetensors.index.json. Nothing is downloaded.
//
// It maps Hugging Face's tensor names onto the engine's (see the package
// doc). The engine multiplies x·W with W input-major, so GPT-2's Conv1D
// weights (already in×out) load as they are and its fused c_attn is split
// into Q, K and V by columns, while torch nn.Linear weights (out×in:
// Llama's projections, an untied lm_head) are transposed. A tied LM head
// (tie_word_embeddings) is the token table.
//
// Every problem is an error naming the file: an unsupported model_type or
// option, a missing tensor, a tensor of the wrong shape (expected and
// actual), or a tensor the model has no place for.
func LoadHF(dir string) (*Model, error) {
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return nil, fmt.Errorf("model: LoadHF: %s is not a directory; it needs a Hugging Face model directory with config.json and model.safetensors, e.g. a local hub snapshot ~/.cache/huggingface/hub/models--gpt2/snapshots/<revision>/ (nothing is downloaded)", dir)
	}
	cfgPath := filepath.Join(dir, "config.json")
	raw, err := os.ReadFile(cfgPath)
	if err != nil {
		return nil, fmt.Errorf("model: LoadHF: %w (a Hugging Face model directory holds config.json and model.safetensors)", err)
	}
	var hc hfConfig
	if err := json.Unmarshal(raw, &hc); err != nil {
		return nil, fmt.Errorf("model: LoadHF: %s: %w", cfgPath, err)
	}
	var c Config
	var names func(c Config) map[string]hfSource
	switch hc.ModelType {
	case "gpt2":
		c, err = gpt2Config(hc)
		names = gpt2Names
	case "llama":
		c, err = llamaConfig(hc)
		names = llamaNames
	default:
		return nil, fmt.Errorf("model: LoadHF: %s: model_type %q is not supported (supported: %s)", cfgPath, hc.ModelType, strings.Join(SupportedHFTypes, ", "))
	}
	if err == nil {
		err = c.Validate()
	}
	if err != nil {
		return nil, fmt.Errorf("model: LoadHF: %s: %w", cfgPath, err)
	}
	files, err := openWeights(dir)
	if err != nil {
		return nil, err
	}
	defer func() {
		for _, f := range files {
			f.file.Close()
		}
	}()

	m := New(c, 0)
	sources := names(c)
	if _, ok := files["transformer.wte.weight"]; !ok && hc.ModelType == "gpt2" {
		// the hub's own gpt2 checkpoint predates the LM-head wrapper's prefix
		if _, ok := files["wte.weight"]; ok {
			for k, s := range sources {
				s.name = strings.TrimPrefix(s.name, "transformer.")
				sources[k] = s
			}
		}
	}
	used := map[string]bool{}
	// Each tensor is read, checked and copied in turn, so a model the size
	// of GPT-2 is held once; on an error the half-filled model is dropped.
	for name, p := range m.Params.All() {
		src := sources[name]
		w, err := src.read(files, p)
		if err != nil {
			return nil, fmt.Errorf("model: LoadHF: %w", err)
		}
		used[src.name] = true
		p.Data.Copy(w)
	}
	for name, wf := range files {
		if !used[name] && !ignorableHF(name, c) {
			return nil, fmt.Errorf("model: LoadHF: tensor %q in %s has no place in a %s model", name, wf.path, hc.ModelType)
		}
	}
	return m, nil
}

// weightFile is the safetensors file that holds a tensor.
type weightFile struct {
	file *checkpoint.File
	path string
}

// openWeights opens model.safetensors, or every shard named by
// model.safetensors.index.json, and maps each tensor name to its file.
func openWeights(dir string) (map[string]weightFile, error) {
	single := filepath.Join(dir, "model.safetensors")
	paths := []string{single}
	index := filepath.Join(dir, "model.safetensors.index.json")
	if _, err := os.Stat(single); errors.Is(err, fs.ErrNotExist) {
		raw, err := os.ReadFile(index)
		if err != nil {
			return nil, fmt.Errorf("model: LoadHF: %s has neither model.safetensors nor model.safetensors.index.json", dir)
		}
		var idx struct {
			WeightMap map[string]string `json:"weight_map"`
		}
		if err := json.Unmarshal(raw, &idx); err != nil {
			return nil, fmt.Errorf("model: LoadHF: %s: %w", index, err)
		}
		paths = paths[:0]
		for _, f := range idx.WeightMap {
			p := filepath.Join(dir, f)
			if !slices.Contains(paths, p) {
				paths = append(paths, p)
			}
		}
		slices.Sort(paths)
	}
	files := map[string]weightFile{}
	for _, p := range paths {
		f, err := checkpoint.Open(p)
		if err != nil {
			for _, wf := range files {
				wf.file.Close()
			}
			return nil, fmt.Errorf("model: LoadHF: %w", err)
		}
		for _, t := range f.Tensors() {
			files[t.Name] = weightFile{f, p}
		}
	}
	return files, nil
}

// hfSource says where one engine parameter comes from: Hugging Face
// tensor name, its expected shape, whether it is stored out×in (a torch
// Linear) and must be transposed, and which columns of the (in-major)
// result belong to this parameter (GPT-2's fused c_attn).
type hfSource struct {
	name      string
	shape     []int
	transpose bool
	lo, hi    int // column range after any transpose; hi = 0 takes all
}

func (s hfSource) read(files map[string]weightFile, p *autograd.Value) (*mat.Dense, error) {
	if s.name == "" {
		return nil, fmt.Errorf("no Hugging Face tensor maps to parameter %s", p.Label)
	}
	wf, ok := files[s.name]
	if !ok {
		return nil, fmt.Errorf("tensor %q (for %s, shape %v) is missing from the model directory's safetensors files", s.name, p.Label, s.shape)
	}
	info, _ := wf.file.Info(s.name)
	if !slices.Equal(info.Shape, s.shape) {
		return nil, fmt.Errorf("tensor %q in %s has shape %v, want %v", s.name, wf.path, info.Shape, s.shape)
	}
	w, err := wf.file.Tensor(s.name)
	if err != nil {
		return nil, err
	}
	if s.transpose {
		w = mat.DenseCopyOf(w.T())
	}
	if s.hi > 0 {
		r, _ := w.Dims()
		w = mat.DenseCopyOf(w.Slice(0, r, s.lo, s.hi))
	}
	if r, c := w.Dims(); r != p.Data.RawMatrix().Rows || c != p.Data.RawMatrix().Cols {
		return nil, fmt.Errorf("tensor %q in %s gives %d×%d for %s, which is %d×%d", s.name, wf.path, r, c, p.Label, p.Data.RawMatrix().Rows, p.Data.RawMatrix().Cols)
	}
	return w, nil
}

// ignorableHF reports tensors a checkpoint may carry that are not
// parameters: GPT-2's causal-mask buffers of old checkpoints, Llama's RoPE
// frequencies, and an lm_head stored although tied.
func ignorableHF(name string, c Config) bool {
	return strings.HasSuffix(name, ".attn.bias") || strings.HasSuffix(name, ".attn.masked_bias") ||
		strings.HasSuffix(name, "rotary_emb.inv_freq") || (c.TiedEmbeddings && name == "lm_head.weight")
}

func need[T any](p *T, key string) (T, error) {
	if p == nil {
		var zero T
		return zero, fmt.Errorf("%s is missing", key)
	}
	return *p, nil
}

func orDefault[T any](p *T, def T) T {
	if p == nil {
		return def
	}
	return *p
}

func gpt2Config(h hfConfig) (Config, error) {
	c := Config{KVHeads: 0, FFN: GELUMLP, Norm: LayerNorm, Positions: Learned, Bias: true}
	var errs []error
	get := func(dst *int, p *int, key string) {
		v, err := need(p, key)
		*dst = v
		errs = append(errs, err)
	}
	get(&c.Vocab, h.Vocab, "vocab_size")
	get(&c.Width, h.NEmbd, "n_embd")
	get(&c.Layers, h.NLayer, "n_layer")
	get(&c.Heads, h.NHead, "n_head")
	get(&c.Context, h.NPositions, "n_positions")
	if err := errors.Join(errs...); err != nil {
		return c, err
	}
	c.KVHeads = c.Heads
	c.Hidden = orDefault(h.NInner, 4*c.Width) // null means 4d
	c.NormEps = orDefault(h.LNEps, 1e-5)
	c.TiedEmbeddings = orDefault(h.Tie, true)
	if act := orDefault(h.Activation, "gelu_new"); act != "gelu_new" && act != "gelu_pytorch_tanh" {
		return c, fmt.Errorf("activation_function %q is not supported (the engine's GPT-2 uses the tanh GELU: gelu_new or gelu_pytorch_tanh)", act)
	}
	if !orDefault(h.ScaleAttn, true) || orDefault(h.ScaleByIdx, false) {
		return c, fmt.Errorf("only scale_attn_weights=true and scale_attn_by_inverse_layer_idx=false are supported (scores ÷ √d_k)")
	}
	return c, nil
}

func llamaConfig(h hfConfig) (Config, error) {
	c := Config{FFN: SwiGLU, Norm: RMSNorm, Positions: RoPE, RoPE: autograd.RoPEHalf}
	var errs []error
	get := func(dst *int, p *int, key string) {
		v, err := need(p, key)
		*dst = v
		errs = append(errs, err)
	}
	get(&c.Vocab, h.Vocab, "vocab_size")
	get(&c.Width, h.Hidden, "hidden_size")
	get(&c.Hidden, h.Intermediate, "intermediate_size")
	get(&c.Layers, h.Layers, "num_hidden_layers")
	get(&c.Heads, h.Heads, "num_attention_heads")
	get(&c.Context, h.MaxPos, "max_position_embeddings")
	if err := errors.Join(errs...); err != nil {
		return c, err
	}
	c.KVHeads = orDefault(h.KVHeads, c.Heads)
	c.HeadSize = orDefault(h.HeadDim, 0)
	c.NormEps = orDefault(h.RMSEps, 1e-6)
	c.TiedEmbeddings = orDefault(h.Tie, false)
	c.Base = orDefault(h.RopeTheta, 10000)
	if rp := h.RopeParams; rp != nil {
		if rp.Type != "" && rp.Type != "default" {
			return c, fmt.Errorf("rope_type %q is not supported (only the default RoPE)", rp.Type)
		}
		c.Base = orDefault(rp.Theta, c.Base)
	}
	if h.RopeScaling != nil && string(*h.RopeScaling) != "null" {
		return c, fmt.Errorf("rope_scaling %s is not supported (only the default RoPE)", *h.RopeScaling)
	}
	if act := orDefault(h.HiddenAct, "silu"); act != "silu" {
		return c, fmt.Errorf("hidden_act %q is not supported (Llama's SwiGLU uses silu)", act)
	}
	if orDefault(h.AttnBias, false) || orDefault(h.MLPBias, false) {
		return c, fmt.Errorf("attention_bias and mlp_bias must be false (the engine's Llama has no biases)")
	}
	return c, nil
}

// gpt2Names maps GPT-2's tensors (GPT2LMHeadModel's "transformer." names;
// the prefix-less names of older checkpoints are tried too) to the
// engine's parameters.
func gpt2Names(c Config) map[string]hfSource {
	d, V, F := c.Width, c.Vocab, c.Hidden
	m := map[string]hfSource{
		"tok_emb":   {name: "transformer.wte.weight", shape: []int{V, d}},
		"pos_emb":   {name: "transformer.wpe.weight", shape: []int{c.Context, d}},
		"norm.gain": {name: "transformer.ln_f.weight", shape: []int{d}},
		"norm.bias": {name: "transformer.ln_f.bias", shape: []int{d}},
	}
	if !c.TiedEmbeddings {
		m["head.weight"] = hfSource{name: "lm_head.weight", shape: []int{V, d}, transpose: true}
	}
	for l := 0; l < c.Layers; l++ {
		e, h := fmt.Sprintf("block.%d.", l), fmt.Sprintf("transformer.h.%d.", l)
		for k, part := range []string{"q", "k", "v"} {
			m[e+"attn."+part+".weight"] = hfSource{name: h + "attn.c_attn.weight", shape: []int{d, 3 * d}, lo: k * d, hi: (k + 1) * d}
			m[e+"attn."+part+".bias"] = hfSource{name: h + "attn.c_attn.bias", shape: []int{3 * d}, lo: k * d, hi: (k + 1) * d}
		}
		m[e+"attn.out.weight"] = hfSource{name: h + "attn.c_proj.weight", shape: []int{d, d}}
		m[e+"attn.out.bias"] = hfSource{name: h + "attn.c_proj.bias", shape: []int{d}}
		m[e+"norm1.gain"] = hfSource{name: h + "ln_1.weight", shape: []int{d}}
		m[e+"norm1.bias"] = hfSource{name: h + "ln_1.bias", shape: []int{d}}
		m[e+"norm2.gain"] = hfSource{name: h + "ln_2.weight", shape: []int{d}}
		m[e+"norm2.bias"] = hfSource{name: h + "ln_2.bias", shape: []int{d}}
		m[e+"ffn.up.weight"] = hfSource{name: h + "mlp.c_fc.weight", shape: []int{d, F}}
		m[e+"ffn.up.bias"] = hfSource{name: h + "mlp.c_fc.bias", shape: []int{F}}
		m[e+"ffn.down.weight"] = hfSource{name: h + "mlp.c_proj.weight", shape: []int{F, d}}
		m[e+"ffn.down.bias"] = hfSource{name: h + "mlp.c_proj.bias", shape: []int{d}}
	}
	return m
}

// llamaNames maps LlamaForCausalLM's tensors to the engine's parameters;
// every projection is a torch Linear (out×in) and is transposed.
func llamaNames(c Config) map[string]hfSource {
	d, V, F := c.Width, c.Vocab, c.Hidden
	q, kv := c.Heads*c.headSize(), c.KVHeads*c.headSize()
	m := map[string]hfSource{
		"tok_emb":   {name: "model.embed_tokens.weight", shape: []int{V, d}},
		"norm.gain": {name: "model.norm.weight", shape: []int{d}},
	}
	if !c.TiedEmbeddings {
		m["head.weight"] = hfSource{name: "lm_head.weight", shape: []int{V, d}, transpose: true}
	}
	lin := func(name string, out, in int) hfSource {
		return hfSource{name: name, shape: []int{out, in}, transpose: true}
	}
	for l := 0; l < c.Layers; l++ {
		e, h := fmt.Sprintf("block.%d.", l), fmt.Sprintf("model.layers.%d.", l)
		m[e+"norm1.gain"] = hfSource{name: h + "input_layernorm.weight", shape: []int{d}}
		m[e+"attn.q.weight"] = lin(h+"self_attn.q_proj.weight", q, d)
		m[e+"attn.k.weight"] = lin(h+"self_attn.k_proj.weight", kv, d)
		m[e+"attn.v.weight"] = lin(h+"self_attn.v_proj.weight", kv, d)
		m[e+"attn.out.weight"] = lin(h+"self_attn.o_proj.weight", d, q)
		m[e+"norm2.gain"] = hfSource{name: h + "post_attention_layernorm.weight", shape: []int{d}}
		m[e+"ffn.gate.weight"] = lin(h+"mlp.gate_proj.weight", F, d)
		m[e+"ffn.up.weight"] = lin(h+"mlp.up_proj.weight", F, d)
		m[e+"ffn.down.weight"] = lin(h+"mlp.down_proj.weight", d, F)
	}
	return m
}
