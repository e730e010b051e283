package sample

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"llminternals/pkg/autograd"
	"llminternals/pkg/model"
	"llminternals/pkg/rng"
)

// Generate continues prompt with up to cfg.MaxTokens new token ids and
// returns the new ids only (not the prompt). Each step:
//
//  1. runs m.Forward under autograd.NoGrad on the whole sequence so far and
//     keeps the last row of logits, the scores of the next token;
//  2. applies cfg.Filter (repetition penalty over prompt and generated ids,
//     then temperature, top-k, top-p, min-p, in transformers' order);
//  3. picks Greedy when cfg.Temperature is 0, else Draws from the
//     probabilities with one generator seeded by cfg.Seed;
//  4. stops after a token in cfg.StopIDs, or as soon as cfg.Decode of the
//     new ids contains one of cfg.StopStrings (it then ends with it, or the
//     last token ran past it, as " end." past "end"); that last token is
//     returned, and the caller trims the text after the stop string.
//
// Step 1 recomputes every position at every step, so a step costs O(n)
// forward rows and a whole generation O(n²): there is no KV cache yet
// (chapter 13 adds it, and must give the same tokens).
//
// A model with a Learned position table has no positions beyond
// Config.Context; past it, the model sees only the last Context tokens, as
// nanoGPT's generate does (the repetition penalty still sees them all).
//
// It returns an error, and no tokens, for an invalid cfg, an empty prompt
// or a prompt id outside [0, V); and the tokens so far with an error if the
// model's logits hold a NaN.
func Generate(m *model.Model, prompt []int, cfg Config) ([]int, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if len(prompt) == 0 {
		return nil, fmt.Errorf("sample: Generate: the prompt is empty; the model needs at least one token to condition on")
	}
	V := m.Config.Vocab
	for i, id := range prompt {
		if id < 0 || id >= V {
			return nil, fmt.Errorf("sample: Generate: prompt[%d] = %d is outside the vocabulary [0, %d)", i, id, V)
		}
	}
	stop := make(map[int]bool, len(cfg.StopIDs))
	for _, id := range cfg.StopIDs {
		stop[id] = true
	}
	g := rng.New(cfg.Seed)
	seq := slices.Clone(prompt)
	var out []int
	for len(out) < cfg.MaxTokens {
		window := seq
		if m.Config.Positions == model.Learned && len(window) > m.Config.Context {
			window = window[len(window)-m.Config.Context:]
		}
		var logits *autograd.Value
		autograd.NoGrad(func() { logits = m.Forward(window) })
		z := slices.Clone(logits.Data.RawRowView(len(window) - 1))
		for i, v := range z {
			if math.IsNaN(v) {
				return out, fmt.Errorf("sample: Generate: new token %d: the model's logit for id %d is NaN", len(out), i)
			}
		}
		id := cfg.Next(z, seq, g)
		seq = append(seq, id)
		out = append(out, id)
		if stop[id] || hitStop(cfg, out) {
			break
		}
	}
	return out, nil
}

// hitStop reports whether the text of the generated ids contains one of
// cfg.StopStrings. Generation stops at the first hit, so any hit is new.
// It decodes all the ids each time: a stop string may span several tokens,
// and a byte-level token may end in the middle of a character, so decoding
// the newest token alone would miss it.
func hitStop(cfg Config, out []int) bool {
	if len(cfg.StopStrings) == 0 {
		return false
	}
	text := cfg.Decode(out)
	for _, s := range cfg.StopStrings {
		if strings.Contains(text, s) {
			return true
		}
	}
	return false
}
