package sample

import (
	"math"

	"llminternals/pkg/internal/panics"
	"llminternals/pkg/rng"
)

// Draw returns one token id drawn from probs by the inverse CDF with a
// single uniform u = g.Float64() ∈ [0, 1):
//
//	i = min { i : u · S < p₀ + p₁ + … + pᵢ },   S = Σⱼ pⱼ
//
// The running sums cut [0, S) into consecutive intervals of lengths pᵢ,
// so u lands in token i's interval with probability pᵢ / S. Scaling u by S
// (1 up to rounding) means a row that sums to 0.9999999999999999 cannot
// fall off the end; tokens with pᵢ = 0 have empty intervals and are never
// drawn. Each call takes exactly one value from g.
//
// It panics if an entry is negative or NaN, or if no entry is positive:
// such a row is not a distribution.
func Draw(probs []float64, g *rng.RNG) int {
	S := 0.0
	for i, p := range probs {
		if !(p >= 0) || math.IsInf(p, 1) {
			panics.Panicf("sample", "Draw", "probs[%d] = %v is not a probability", i, p)
		}
		S += p
	}
	if !(S > 0) {
		panics.Panicf("sample", "Draw", "no token of the %d has a positive probability", len(probs))
	}
	t := g.Float64() * S
	c, last := 0.0, -1
	for i, p := range probs {
		if p == 0 {
			continue
		}
		c += p
		last = i
		if t < c {
			return i
		}
	}
	return last // t ≥ the final running sum only through rounding
}

// Next chooses the next token from one row of logits: c.Filter, then
// Greedy when c.Temperature is 0, else Draw from Probabilities with g.
// context is every id so far (prompt and generated), for the repetition
// penalty.
func (c Config) Next(logits []float64, context []int, g *rng.RNG) int {
	z := c.Filter(logits, context)
	if c.Temperature == 0 {
		return Greedy(z)
	}
	return Draw(Probabilities(z), g)
}
