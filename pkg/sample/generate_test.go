package sample

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"llminternals/pkg/autograd"
	"llminternals/pkg/model"
)

func loadHF(t *testing.T, name string) *model.Model {
	t.Helper()
	m, err := model.LoadHF(filepath.Join("..", "model", "testdata", "hf", name))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func greedyConfig(n int) Config {
	c := DefaultConfig()
	c.Temperature, c.MaxTokens = 0, n
	return c
}

// Greedy Generate gives exactly the ids of transformers' generate
// (do_sample=False) for the tiny GPT-2 and GQA Llama, with and without a
// repetition penalty.
func TestHFGreedyParity(t *testing.T) {
	f := readHF(t)
	models := map[string]*model.Model{}
	for _, c := range f.Greedy {
		m := models[c.Model]
		if m == nil {
			m = loadHF(t, c.Model)
			models[c.Model] = m
		}
		cfg := greedyConfig(len(c.Tokens))
		cfg.RepetitionPenalty = c.RepetitionPenalty
		got, err := Generate(m, c.Prompt, cfg)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got, c.Tokens) {
			t.Errorf("%s %v θ=%v: %v, transformers %v", c.Model, c.Prompt, c.RepetitionPenalty, got, c.Tokens)
		}
	}
	if len(models) != 2 {
		t.Errorf("fixtures cover %d models, want 2", len(models))
	}
}

// Past GPT-2's 16 learned positions Generate feeds the last 16 tokens, and
// its 30 greedy tokens equal the same cropping loop around transformers'
// model.
func TestHFCroppedContext(t *testing.T) {
	f := readHF(t)
	c := f.Cropped
	m := loadHF(t, c.Model)
	if m.Config.Context != c.Context || len(c.Prompt)+len(c.Tokens) <= c.Context {
		t.Fatalf("context %d, fixture %d with %d+%d tokens: the fixture does not cross it", m.Config.Context, c.Context, len(c.Prompt), len(c.Tokens))
	}
	got, err := Generate(m, c.Prompt, greedyConfig(len(c.Tokens)))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got, c.Tokens) {
		t.Errorf("cropped greedy: %v\ntransformers loop:  %v", got, c.Tokens)
	}
}

func TestGenerateSeeds(t *testing.T) {
	m := loadHF(t, "llama-tiny")
	prompt := []int{1, 30, 7}
	cfg := DefaultConfig()
	cfg.MaxTokens, cfg.Seed = 20, 42
	a, _ := Generate(m, prompt, cfg)
	b, _ := Generate(m, prompt, cfg)
	if len(a) != 20 || !slices.Equal(a, b) {
		t.Fatalf("same seed: %v then %v", a, b)
	}
	cfg.Seed = 43
	c, _ := Generate(m, prompt, cfg)
	if slices.Equal(a, c) {
		t.Errorf("seeds 42 and 43 gave the same 20 tokens %v", a)
	}
	// Sampling is not greedy here: the model's distribution is not that
	// peaked, so 20 draws at T = 1 differ from the argmax path somewhere.
	g, _ := Generate(m, prompt, greedyConfig(20))
	if slices.Equal(a, g) {
		t.Errorf("sampled tokens equal the greedy ones %v", g)
	}
	// Top-k 1 is greedy whatever the seed and temperature.
	cfg.TopK, cfg.Temperature = 1, 1.7
	k1, _ := Generate(m, prompt, cfg)
	if !slices.Equal(k1, g) {
		t.Errorf("top-k 1: %v, greedy %v", k1, g)
	}
}

// Every token drawn with top-k 3 is among the 3 largest logits of an
// independent forward pass on the sequence so far.
func TestGenerateRespectsTopK(t *testing.T) {
	m := loadHF(t, "gpt2-tiny")
	prompt := []int{63, 0, 5, 8}
	cfg := DefaultConfig()
	cfg.MaxTokens, cfg.TopK, cfg.Temperature, cfg.Seed = 10, 3, 1.5, 9
	out, err := Generate(m, prompt, cfg)
	if err != nil {
		t.Fatal(err)
	}
	seq := slices.Clone(prompt)
	for _, id := range out {
		var logits *autograd.Value
		autograd.NoGrad(func() { logits = m.Forward(seq) })
		z := logits.Data.RawRowView(len(seq) - 1)
		above := 0
		for _, v := range z {
			if v > z[id] {
				above++
			}
		}
		if above >= 3 {
			t.Fatalf("after %v drew %d, which has %d larger logits", seq, id, above)
		}
		seq = append(seq, id)
	}
}

// The greedy path from GPT-2's fixture begins 55, 30, 55, 55, 55.
func TestGenerateStops(t *testing.T) {
	m := loadHF(t, "gpt2-tiny")
	prompt := []int{3, 17, 42}
	cfg := greedyConfig(12)
	cfg.StopIDs = []int{30}
	if got, _ := Generate(m, prompt, cfg); !slices.Equal(got, []int{55, 30}) {
		t.Errorf("stop id 30: %v, want [55 30]", got)
	}
	cfg = greedyConfig(12)
	cfg.Decode = func(ids []int) string {
		var b strings.Builder
		for _, id := range ids {
			fmt.Fprintf(&b, "<%d>", id)
		}
		return b.String()
	}
	cfg.StopStrings = []string{"<99>", "<55><55>"}
	if got, _ := Generate(m, prompt, cfg); !slices.Equal(got, []int{55, 30, 55, 55}) {
		t.Errorf("stop string <55><55>: %v, want [55 30 55 55]", got)
	}
	// A stop string that ends inside the last token still stops.
	cfg.StopStrings = []string{"<30><5"}
	if got, _ := Generate(m, prompt, cfg); !slices.Equal(got, []int{55, 30, 55}) {
		t.Errorf("stop string <30><5: %v, want [55 30 55]", got)
	}
	if got, _ := Generate(m, prompt, greedyConfig(0)); len(got) != 0 {
		t.Errorf("MaxTokens 0: %v", got)
	}
}

func TestGenerateErrors(t *testing.T) {
	m := loadHF(t, "gpt2-tiny")
	bad := DefaultConfig()
	bad.TopP = 1.5
	for _, tc := range []struct {
		prompt []int
		cfg    Config
		want   string
	}{
		{[]int{1}, bad, "TopP = 1.5 is outside (0, 1]"},
		{nil, DefaultConfig(), "prompt is empty"},
		{[]int{1, 64, 2}, DefaultConfig(), "prompt[1] = 64 is outside the vocabulary [0, 64)"},
		{[]int{-1}, DefaultConfig(), "prompt[0] = -1"},
	} {
		got, err := Generate(m, tc.prompt, tc.cfg)
		if err == nil || !strings.Contains(err.Error(), tc.want) || got != nil {
			t.Errorf("Generate(%v): %v, %v; want an error mentioning %q", tc.prompt, got, err, tc.want)
		}
	}
}
