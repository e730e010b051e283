package sample

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"testing"
)

// hfFixtures is testdata/hf_sample.json, written by
// tools/hffixtures/gen_sample.py from transformers 5.23.0.
type hfFixtures struct {
	Transformers string               `json:"transformers"`
	Rows         map[string][]float64 `json:"rows"`
	Filters      []struct {
		Row     string     `json:"row"`
		Filter  string     `json:"filter"`
		Value   float64    `json:"value"`
		Context []int      `json:"context"`
		Logits  []*float64 `json:"logits"` // null is −Inf
		Probs   []float64  `json:"probs"`
	} `json:"filters"`
	Chains []struct {
		Row        string             `json:"row"`
		Settings   map[string]float64 `json:"settings"`
		Processors []string           `json:"processors"`
		Context    []int              `json:"context"`
		Logits     []*float64         `json:"logits"`
		Probs      []float64          `json:"probs"`
	} `json:"chains"`
	Greedy []struct {
		Model             string  `json:"model"`
		Prompt            []int   `json:"prompt"`
		RepetitionPenalty float64 `json:"repetition_penalty"`
		Tokens            []int   `json:"tokens"`
	} `json:"greedy"`
	Cropped struct {
		Model   string `json:"model"`
		Prompt  []int  `json:"prompt"`
		Context int    `json:"context"`
		Tokens  []int  `json:"tokens"`
	} `json:"cropped"`
}

func readHF(t *testing.T) hfFixtures {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "hf_sample.json"))
	if err != nil {
		t.Fatal(err)
	}
	var f hfFixtures
	if err := json.Unmarshal(b, &f); err != nil {
		t.Fatalf("testdata/hf_sample.json: %v", err)
	}
	if f.Transformers != "5.23.0" || len(f.Filters) == 0 || len(f.Chains) == 0 {
		t.Fatalf("fixtures from transformers %q with %d filter and %d chain cases", f.Transformers, len(f.Filters), len(f.Chains))
	}
	return f
}

// compareHF requires the same −Inf entries exactly, and finite logits and
// all probabilities within 1e-12 of transformers'. It returns the largest
// difference seen.
func compareHF(t *testing.T, name string, gotLogits []float64, wantLogits []*float64, wantProbs []float64) float64 {
	t.Helper()
	if len(gotLogits) != len(wantLogits) || len(wantProbs) != len(wantLogits) {
		t.Fatalf("%s: %d logits, want %d", name, len(gotLogits), len(wantLogits))
	}
	worst := 0.0
	for i, w := range wantLogits {
		g := gotLogits[i]
		if w == nil || math.IsInf(g, -1) {
			if w != nil || !math.IsInf(g, -1) {
				t.Errorf("%s: logit %d = %v, transformers %v (the removed sets differ)", name, i, g, deref(w))
			}
			continue
		}
		worst = math.Max(worst, math.Abs(g-*w))
	}
	p := Probabilities(gotLogits)
	for i, w := range wantProbs {
		worst = math.Max(worst, math.Abs(p[i]-w))
	}
	if worst > 1e-12 {
		t.Errorf("%s: max |Δ| = %g from transformers, want ≤ 1e-12", name, worst)
	}
	return worst
}

func deref(p *float64) float64 {
	if p == nil {
		return math.Inf(-1)
	}
	return *p
}

// Each filter alone equals transformers' processor or warper with the same
// setting (and its defaults: min_tokens_to_keep=1, filter_value=−inf),
// on a peaked row, a flat row, a row of ties and very negative logits, and
// 50 random logits.
func TestHFFilterParity(t *testing.T) {
	f := readHF(t)
	worst := 0.0
	removed := 0
	for _, c := range f.Filters {
		z := f.Rows[c.Row]
		var got []float64
		switch c.Filter {
		case "temperature":
			got = Temperature(z, c.Value)
		case "top_k":
			got = TopK(z, int(c.Value))
		case "top_p":
			got = TopP(z, c.Value)
		case "min_p":
			got = MinP(z, c.Value)
		case "repetition_penalty":
			got = RepetitionPenalty(z, c.Context, c.Value)
		default:
			t.Fatalf("unknown filter %q", c.Filter)
		}
		worst = math.Max(worst, compareHF(t, fmt.Sprintf("%s %s=%v", c.Row, c.Filter, c.Value), got, c.Logits, c.Probs))
		for _, w := range c.Logits {
			if w == nil {
				removed++
			}
		}
	}
	t.Logf("%d cases, %d removed entries; max |Δ| = %.3g", len(f.Filters), removed, worst)
	if removed == 0 {
		t.Error("no case removes a token; the fixtures test nothing")
	}
}

// Config.Filter equals the list of processors transformers' generate
// builds (GenerationMixin._get_logits_processor) for the same settings,
// applied in its order; the fixture records that order.
func TestHFChainParity(t *testing.T) {
	f := readHF(t)
	for _, c := range f.Chains {
		cfg := DefaultConfig()
		for k, v := range c.Settings {
			switch k {
			case "temperature":
				cfg.Temperature = v
			case "top_k":
				cfg.TopK = int(v)
			case "top_p":
				cfg.TopP = v
			case "min_p":
				cfg.MinP = v
			case "repetition_penalty":
				cfg.RepetitionPenalty = v
			default:
				t.Fatalf("unknown setting %q", k)
			}
		}
		if err := cfg.Validate(); err != nil {
			t.Fatal(err)
		}
		name := fmt.Sprintf("%s %v (%v)", c.Row, c.Settings, c.Processors)
		compareHF(t, name, cfg.Filter(f.Rows[c.Row], c.Context), c.Logits, c.Probs)
	}
}
