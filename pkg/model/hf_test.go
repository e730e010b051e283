package model

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"llminternals/pkg/autograd"
)

// The engine's logits for Hugging Face's own tiny GPT-2 and GQA Llama
// (random float64 weights, saved with save_pretrained) equal the logits
// transformers computed, to 1e-9. For Llama the reference is transformers
// with its float32 casts removed (see tools/hffixtures/README.md); the
// stock transformers logits, which pass RMSNorm and the RoPE angles
// through float32, must still agree to within float32's precision.
func TestHFParity(t *testing.T) {
	f := readFixtures(t)
	for _, name := range []string{"gpt2-tiny", "llama-tiny"} {
		fx := f.Models[name]
		m, err := LoadHF(filepath.Join("testdata", "hf", name))
		if err != nil {
			t.Fatal(err)
		}
		var logits *autograd.Value
		autograd.NoGrad(func() { logits = m.Forward(fx.IDs) })
		if r, c := logits.Dims(); r != len(fx.Logits) || c != len(fx.Logits[0]) {
			t.Fatalf("%s: logits %d×%d, want %d×%d", name, r, c, len(fx.Logits), len(fx.Logits[0]))
		}
		worst, scale := 0.0, 0.0
		for i, row := range fx.Logits {
			for j, want := range row {
				worst = math.Max(worst, math.Abs(logits.Data.At(i, j)-want))
				scale = math.Max(scale, math.Abs(want))
			}
		}
		t.Logf("%s: max |Δlogit| = %.3g (logits up to %.3g)", name, worst, scale)
		if worst > 1e-9 || scale < 1 {
			t.Errorf("%s: max |Δlogit| = %g against transformers, want ≤ 1e-9 (logit scale %g)", name, worst, scale)
		}
		if fx.StockLogits != nil {
			stock := 0.0
			for i, row := range fx.StockLogits {
				for j, want := range row {
					stock = math.Max(stock, math.Abs(logits.Data.At(i, j)-want))
				}
			}
			t.Logf("%s: max |Δlogit| against stock transformers (float32 casts) = %.3g", name, stock)
			if stock > 1e-5 {
				t.Errorf("%s: %g from stock transformers' logits", name, stock)
			}
		}
	}
}

// copyDir copies a fixture directory so a test can damage it.
func copyDir(t *testing.T, src string) string {
	t.Helper()
	dst := t.TempDir()
	for _, n := range []string{"config.json", "model.safetensors"} {
		b, err := os.ReadFile(filepath.Join(src, n))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dst, n), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dst
}

func editConfig(t *testing.T, dir, old, new string) {
	t.Helper()
	p := filepath.Join(dir, "config.json")
	b, _ := os.ReadFile(p)
	if !strings.Contains(string(b), old) {
		t.Fatalf("config has no %q", old)
	}
	os.WriteFile(p, []byte(strings.Replace(string(b), old, new, 1)), 0o644)
}

func TestLoadHFErrors(t *testing.T) {
	gpt2, llama := filepath.Join("testdata", "hf", "gpt2-tiny"), filepath.Join("testdata", "hf", "llama-tiny")
	for _, c := range []struct {
		name string
		dir  func() string
		want []string
	}{
		{"missing dir", func() string { return filepath.Join(t.TempDir(), "nope") },
			[]string{"nope is not a directory", "config.json and model.safetensors", "~/.cache/huggingface/hub/models--gpt2/snapshots/<revision>/", "nothing is downloaded"}},
		{"no config", func() string { return t.TempDir() }, []string{"config.json"}},
		{"unknown type", func() string {
			d := copyDir(t, gpt2)
			editConfig(t, d, `"model_type": "gpt2"`, `"model_type": "bert"`)
			return d
		},
			[]string{`model_type "bert" is not supported (supported: gpt2, llama)`, "config.json"}},
		{"bad heads", func() string { d := copyDir(t, gpt2); editConfig(t, d, `"n_head": 4`, `"n_head": 3`); return d },
			[]string{"3 query heads do not divide the width 16"}},
		{"gqa mismatch", func() string {
			d := copyDir(t, llama)
			editConfig(t, d, `"num_key_value_heads": 2`, `"num_key_value_heads": 3`)
			return d
		}, []string{"4 query heads are not a multiple of 3 KV heads"}},
		{"wrong shape", func() string {
			d := copyDir(t, llama)
			editConfig(t, d, `"intermediate_size": 40`, `"intermediate_size": 41`)
			return d
		},
			[]string{`tensor "model.layers.0.mlp.gate_proj.weight" in`, "model.safetensors has shape [40 16], want [41 16]"}},
		{"missing tensor", func() string {
			d := copyDir(t, gpt2)
			editConfig(t, d, `"tie_word_embeddings": true`, `"tie_word_embeddings": false`)
			return d
		},
			[]string{`tensor "lm_head.weight" (for head.weight, shape [64 16]) is missing`}},
		{"missing field", func() string { d := copyDir(t, llama); editConfig(t, d, `"hidden_size": 16,`, ``); return d },
			[]string{"hidden_size is missing"}},
		{"rope type", func() string {
			d := copyDir(t, llama)
			editConfig(t, d, `"rope_type": "default"`, `"rope_type": "llama3"`)
			return d
		},
			[]string{`rope_type "llama3" is not supported`}},
		{"extra tensor", func() string {
			d := copyDir(t, llama)
			editConfig(t, d, `"num_hidden_layers": 2`, `"num_hidden_layers": 1`)
			return d
		},
			[]string{`tensor "model.layers.1.`, "has no place in a llama model"}},
	} {
		_, err := LoadHF(c.dir())
		if err == nil {
			t.Errorf("%s: no error", c.name)
			continue
		}
		for _, w := range append(c.want, "model: LoadHF: ") {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: error %q does not say %q", c.name, err, w)
			}
		}
	}
}
