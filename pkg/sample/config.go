package sample

import (
	"fmt"
	"math"
)

// Config holds the decoding settings of Generate.
//
// The zero value is not valid (TopP and RepetitionPenalty must be
// positive): start from DefaultConfig, which samples from the model's
// unchanged distribution.
type Config struct {
	// MaxTokens is the most new tokens Generate produces (≥ 0).
	MaxTokens int

	// Temperature T divides the logits: zᵢ/T. T < 1 sharpens the
	// distribution, T > 1 flattens it. T = 0 means greedy decoding (the
	// argmax, as in the usual APIs), and then TopK, TopP and MinP, which
	// never remove the most probable token, change nothing. T ≥ 0.
	Temperature float64
	// TopK keeps the k most probable tokens; 0 switches it off. k ≥ 0.
	TopK int
	// TopP (nucleus sampling) keeps the fewest most probable tokens whose
	// probabilities add up to more than p; 1 switches it off. p ∈ (0, 1].
	TopP float64
	// MinP keeps the tokens at least min_p times as probable as the most
	// probable one; 0 switches it off. min_p ∈ [0, 1].
	MinP float64
	// RepetitionPenalty θ makes every token already in the context (prompt
	// and generated tokens) less likely: positive logits are divided by θ,
	// negative ones multiplied. 1 switches it off; θ > 0 (θ < 1 favours
	// repeats).
	RepetitionPenalty float64

	// StopIDs end generation as soon as one of them is generated; the stop
	// id is the last token returned.
	StopIDs []int
	// StopStrings end generation as soon as Decode of the generated tokens
	// (not the prompt) contains one of them; the token that completed it
	// is the last one returned. They need Decode.
	StopStrings []string
	// Decode turns generated token ids into text, for StopStrings (a
	// tokenizer's decoder). Unused without StopStrings.
	Decode func(ids []int) string

	// Seed fixes the random draws: the same seed gives the same tokens.
	Seed uint64
}

// DefaultConfig returns settings that sample from the model's own
// distribution: Temperature 1, no top-k, top-p or min-p, no repetition
// penalty, at most 32 new tokens, seed 0.
func DefaultConfig() Config {
	return Config{MaxTokens: 32, Temperature: 1, TopP: 1, RepetitionPenalty: 1}
}

// Validate reports the first setting outside its range, naming the value
// and the allowed range.
func (c Config) Validate() error {
	if c.MaxTokens < 0 {
		return fmt.Errorf("sample: Config.MaxTokens = %d is negative; want ≥ 0", c.MaxTokens)
	}
	if err := checkTemperature(c.Temperature, true); err != nil {
		return fmt.Errorf("sample: Config.%v", err)
	}
	if c.TopK < 0 {
		return fmt.Errorf("sample: Config.TopK = %d is outside [1, ∞), or 0 for off", c.TopK)
	}
	if err := checkTopP(c.TopP); err != nil {
		return fmt.Errorf("sample: Config.%v", err)
	}
	if err := checkMinP(c.MinP); err != nil {
		return fmt.Errorf("sample: Config.%v", err)
	}
	if err := checkPenalty(c.RepetitionPenalty); err != nil {
		return fmt.Errorf("sample: Config.%v", err)
	}
	for i, s := range c.StopStrings {
		if s == "" {
			return fmt.Errorf("sample: Config.StopStrings[%d] is empty; it would stop before the first token", i)
		}
	}
	if len(c.StopStrings) > 0 && c.Decode == nil {
		return fmt.Errorf("sample: Config.StopStrings (%q) need Config.Decode to turn ids into text", c.StopStrings)
	}
	return nil
}

// The range checks, shared by Validate (which returns them) and the
// filters (which panic with them: a bad argument there is the program's).

func checkTemperature(t float64, zeroOK bool) error {
	if zeroOK && !(t >= 0 && !math.IsInf(t, 1)) {
		return fmt.Errorf("Temperature = %v is outside [0, ∞) (0 means greedy)", t)
	}
	if !zeroOK && !(t > 0 && !math.IsInf(t, 1)) {
		return fmt.Errorf("Temperature = %v is outside (0, ∞) (for T = 0 use Greedy)", t)
	}
	return nil
}

func checkTopP(p float64) error {
	if !(p > 0 && p <= 1) {
		return fmt.Errorf("TopP = %v is outside (0, 1] (1 means off)", p)
	}
	return nil
}

func checkMinP(p float64) error {
	if !(p >= 0 && p <= 1) {
		return fmt.Errorf("MinP = %v is outside [0, 1] (0 means off)", p)
	}
	return nil
}

func checkPenalty(θ float64) error {
	if !(θ > 0 && !math.IsInf(θ, 1)) {
		return fmt.Errorf("RepetitionPenalty = %v is outside (0, ∞) (1 means off)", θ)
	}
	return nil
}
