package sample

import (
	"testing"

	"llminternals/pkg/rng"
)

// One uniform u decides the token by the cumulative sums: with
// p = (0.2, 0.3, 0, 0.5) the intervals are [0, 0.2) → 0, [0.2, 0.5) → 1,
// [0.5, 1) → 3; id 2 has an empty interval. The expected id is computed
// from the very u that Draw takes from an identically seeded generator.
func TestDrawInverseCDF(t *testing.T) {
	p := []float64{0.2, 0.3, 0, 0.5}
	g, ref := rng.New(11), rng.New(11)
	for range 1000 {
		u := ref.Float64()
		want := 3
		if u < 0.2 {
			want = 0
		} else if u < 0.5 {
			want = 1
		}
		if got := Draw(p, g); got != want {
			t.Fatalf("u = %v: Draw = %d, want %d", u, got, want)
		}
	}
	// Each call took exactly one value: the streams are still in step.
	if g.Float64() != ref.Float64() {
		t.Error("Draw took more or fewer than one value per call")
	}
}

// Empirical frequencies of N = 200000 draws match p by Pearson's χ² test:
// χ² = Σ (nᵢ − N pᵢ)² / (N pᵢ) over the 5 tokens with pᵢ > 0 has 4 degrees of
// freedom, and P(χ²₄ > 18.47) = 0.001. The seed is fixed, so the test is
// deterministic; a correct Draw fails it for 1 seed in 1000, and a wrong
// one (an off-by-one interval, a forgotten token) gives χ² in the thousands.
// The zero-probability token must never come out.
func TestDrawFrequencies(t *testing.T) {
	p := []float64{0.4, 0.25, 0, 0.2, 0.1, 0.05}
	const N = 200000
	n := make([]int, len(p))
	g := rng.New(2024)
	for range N {
		n[Draw(p, g)]++
	}
	chi2 := 0.0
	for i, q := range p {
		if q == 0 {
			if n[i] != 0 {
				t.Errorf("token %d with p = 0 drawn %d times", i, n[i])
			}
			continue
		}
		d := float64(n[i]) - N*q
		chi2 += d * d / (N * q)
	}
	t.Logf("counts %v, χ² = %.2f (4 d.o.f., 0.1%% critical value 18.47)", n, chi2)
	if chi2 > 18.47 {
		t.Errorf("χ² = %.2f > 18.47: frequencies %v do not match %v", chi2, n, p)
	}
}

func TestDrawUnnormalisedAndBad(t *testing.T) {
	// Draw scales u by the sum, so weights (2, 6) behave as (0.25, 0.75):
	// one token is drawn three times as often as the other.
	g := rng.New(5)
	n := [2]int{}
	for range 40000 {
		n[Draw([]float64{2, 6}, g)]++
	}
	// σ of n₁ is √(40000·0.25·0.75) ≈ 87; allow 5σ.
	if d := n[1] - 30000; d < -433 || d > 433 {
		t.Errorf("counts %v, want about (10000, 30000)", n)
	}
	mustPanic(t, func() { Draw([]float64{0, 0}, g) }, "no token of the 2")
	mustPanic(t, func() { Draw([]float64{0.5, -0.1}, g) }, "probs[1] = -0.1")
	mustPanic(t, func() { Draw(nil, g) }, "no token of the 0")
}
