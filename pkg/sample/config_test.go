package sample

import (
	"math"
	"strings"
	"testing"
)

func TestValidate(t *testing.T) {
	if err := DefaultConfig().Validate(); err != nil {
		t.Fatalf("DefaultConfig: %v", err)
	}
	dec := func([]int) string { return "" }
	cases := []struct {
		edit func(*Config)
		want []string // the value and the allowed range
	}{
		{func(c *Config) { c.Temperature = -0.5 }, []string{"Temperature = -0.5", "[0, ∞)", "greedy"}},
		{func(c *Config) { c.Temperature = math.NaN() }, []string{"Temperature = NaN", "[0, ∞)"}},
		{func(c *Config) { c.TopP = 0 }, []string{"TopP = 0", "(0, 1]"}},
		{func(c *Config) { c.TopP = 1.2 }, []string{"TopP = 1.2", "(0, 1]"}},
		{func(c *Config) { c.TopK = -1 }, []string{"TopK = -1", "[1, ∞)", "0 for off"}},
		{func(c *Config) { c.MinP = -0.1 }, []string{"MinP = -0.1", "[0, 1]"}},
		{func(c *Config) { c.MinP = 2 }, []string{"MinP = 2", "[0, 1]"}},
		{func(c *Config) { c.RepetitionPenalty = 0 }, []string{"RepetitionPenalty = 0", "(0, ∞)"}},
		{func(c *Config) { c.RepetitionPenalty = -1.2 }, []string{"RepetitionPenalty = -1.2", "(0, ∞)"}},
		{func(c *Config) { c.MaxTokens = -3 }, []string{"MaxTokens = -3", "≥ 0"}},
		{func(c *Config) { c.StopStrings = []string{"\n"} }, []string{"StopStrings", "Decode"}},
		{func(c *Config) { c.StopStrings = []string{"a", ""}; c.Decode = dec }, []string{"StopStrings[1] is empty"}},
	}
	for _, tc := range cases {
		c := DefaultConfig()
		tc.edit(&c)
		err := c.Validate()
		if err == nil {
			t.Errorf("no error; want one mentioning %q", tc.want)
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(err.Error(), w) || !strings.HasPrefix(err.Error(), "sample: Config.") {
				t.Errorf("error %q does not mention %q", err, w)
			}
		}
	}
	// The zero value is not valid, and says what to use.
	if err := (Config{}).Validate(); err == nil || !strings.Contains(err.Error(), "TopP = 0") {
		t.Errorf("zero Config: %v", err)
	}
	// The edges of the ranges are allowed.
	c := DefaultConfig()
	c.Temperature, c.TopK, c.TopP, c.MinP, c.RepetitionPenalty, c.MaxTokens = 0, 0, 1, 1, 1e-3, 0
	if err := c.Validate(); err != nil {
		t.Errorf("edges: %v", err)
	}
}
