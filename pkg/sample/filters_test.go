package sample

import (
	"math"
	"slices"
	"strings"
	"testing"

	"llminternals/pkg/rng"
)

var inf = math.Inf(-1)

// mustPanic runs f and checks that it panics with a message holding every
// one of want.
func mustPanic(t *testing.T, f func(), want ...string) {
	t.Helper()
	defer func() {
		t.Helper()
		r := recover()
		if r == nil {
			t.Fatalf("no panic; want one mentioning %q", want)
		}
		msg, _ := r.(string)
		for _, w := range want {
			if !strings.Contains(msg, w) {
				t.Fatalf("panic %q does not mention %q", msg, w)
			}
		}
	}()
	f()
}

func equalRows(t *testing.T, name string, got, want []float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: length %d, want %d", name, len(got), len(want))
	}
	for i := range got {
		if got[i] != want[i] && !(math.IsNaN(got[i]) && math.IsNaN(want[i])) {
			t.Fatalf("%s: [%d] = %v, want %v (row %v)", name, i, got[i], want[i], got)
		}
	}
}

// A row whose probabilities are exactly what a hand computation uses:
// softmax(log q) = q for q = (0.5, 0.2, 0.2, 0.1).
var handRow = []float64{math.Log(0.5), math.Log(0.2), math.Log(0.2), math.Log(0.1)}

func TestRepetitionPenaltyByHand(t *testing.T) {
	z := []float64{2, -1, 0, 3, -0.5}
	got := RepetitionPenalty(z, []int{0, 1, 2, 1, 1}, 2)
	// 2/2 = 1; −1·2 = −2 once although id 1 appears three times; 0 stays 0;
	// ids 3 and 4 are not in the context.
	equalRows(t, "θ=2", got, []float64{1, -2, 0, 3, -0.5})
	equalRows(t, "input untouched", z, []float64{2, -1, 0, 3, -0.5})
	equalRows(t, "θ=1", RepetitionPenalty(z, []int{0, 1, 4}, 1), z)
	// θ < 1 rewards repeats: 2/0.5 = 4, −0.5·0.5 = −0.25.
	equalRows(t, "θ=0.5", RepetitionPenalty(z, []int{0, 4}, 0.5), []float64{4, -1, 0, 3, -0.25})
	mustPanic(t, func() { RepetitionPenalty(z, []int{1, 5}, 1.2) }, "context[1] = 5", "[0, 5)")
	mustPanic(t, func() { RepetitionPenalty(z, nil, 0) }, "RepetitionPenalty = 0", "(0, ∞)")
}

func TestTemperatureByHand(t *testing.T) {
	equalRows(t, "T=2", Temperature([]float64{1, 2, -4, inf}, 2), []float64{0.5, 1, -2, inf})
	// T = 0.5 squares the probabilities before renormalising:
	// (0.5², 0.2², 0.2², 0.1²)/0.34.
	p := Probabilities(Temperature(handRow, 0.5))
	for i, q := range []float64{0.25 / 0.34, 0.04 / 0.34, 0.04 / 0.34, 0.01 / 0.34} {
		if math.Abs(p[i]-q) > 1e-15 {
			t.Errorf("T=0.5: p[%d] = %v, want %v", i, p[i], q)
		}
	}
	for _, T := range []float64{0, -1, math.NaN(), math.Inf(1)} {
		mustPanic(t, func() { Temperature(handRow, T) }, "Temperature = ", "outside (0, ∞)")
	}
}

func TestTopKByHand(t *testing.T) {
	z := []float64{1, 3, 2, 3, 0}
	equalRows(t, "k=1 keeps both tied maxima", TopK(z, 1), []float64{inf, 3, inf, 3, inf})
	equalRows(t, "k=2", TopK(z, 2), []float64{inf, 3, inf, 3, inf})
	equalRows(t, "k=3", TopK(z, 3), []float64{inf, 3, 2, 3, inf})
	equalRows(t, "k=5", TopK(z, 5), z)
	equalRows(t, "k=99 clamps to V", TopK(z, 99), z)
	equalRows(t, "k=1 without ties is the argmax", TopK(handRow, 1), []float64{handRow[0], inf, inf, inf})
	mustPanic(t, func() { TopK(z, 0) }, "k = 0", "[1, ∞)")
}

func TestTopPByHand(t *testing.T) {
	// Probabilities 0.5, 0.2, 0.2, 0.1. Least probable first: 0.1 (id 3),
	// 0.2 (id 2: of the tied pair the higher id ranks lower), 0.2 (id 1),
	// 0.5 (id 0); running sums 0.1, 0.3, 0.5, 1.
	// p = 0.6: remove while C ≤ 0.4: ids 3 and 2; ids 0 and 1 hold 0.7 > 0.6.
	equalRows(t, "p=0.6", TopP(handRow, 0.6), []float64{handRow[0], handRow[1], inf, inf})
	// p = 0.45: remove while C ≤ 0.55: ids 3, 2, 1; id 0 holds 0.5 > 0.45.
	equalRows(t, "p=0.45", TopP(handRow, 0.45), []float64{handRow[0], inf, inf, inf})
	// p = 0.95: C₁ = 0.1 > 0.05 already: nothing goes.
	equalRows(t, "p=0.95", TopP(handRow, 0.95), handRow)
	// Tiny p keeps the top token only, never nothing.
	equalRows(t, "p=1e-9", TopP(handRow, 1e-9), []float64{handRow[0], inf, inf, inf})
	// Ten equal logits, p = 0.35: C = 0.1·j ≤ 0.65 removes six tokens, the
	// six highest ids; ids 0–3 stay.
	flat := make([]float64, 10)
	want := []float64{0, 0, 0, 0, inf, inf, inf, inf, inf, inf}
	equalRows(t, "flat p=0.35", TopP(flat, 0.35), want)
	for _, p := range []float64{0, -0.1, 1.5, math.NaN()} {
		mustPanic(t, func() { TopP(handRow, p) }, "TopP = ", "outside (0, 1]")
	}
}

func TestMinPByHand(t *testing.T) {
	// max p = 0.5. min_p = 0.3: cut 0.15 removes id 3 (0.1).
	equalRows(t, "0.3", MinP(handRow, 0.3), []float64{handRow[0], handRow[1], handRow[2], inf})
	// min_p = 0.5: cut 0.25 removes ids 1–3.
	equalRows(t, "0.5", MinP(handRow, 0.5), []float64{handRow[0], inf, inf, inf})
	// min_p = 1 keeps exactly the tokens tied for the top.
	equalRows(t, "1", MinP([]float64{1, 3, 3, 0}, 1), []float64{inf, 3, 3, inf})
	for _, p := range []float64{-0.01, 1.01, math.NaN()} {
		mustPanic(t, func() { MinP(handRow, p) }, "MinP = ", "outside [0, 1]")
	}
}

// Min-p 0, top-k ≥ V, temperature 1 and penalty 1 return the row bit for
// bit, on rows with ties, −Inf entries and huge spreads; top-p 1 returns the
// same probabilities bit for bit (it marks −Inf only logits whose
// probability is already exactly 0, as transformers does).
func TestOffSettingsChangeNothing(t *testing.T) {
	g := rng.New(7)
	rows := [][]float64{handRow, make([]float64, 9), {3, inf, -1e4, 3, 2, -700, 0}}
	for range 20 {
		row := make([]float64, 1+g.IntN(40))
		for i := range row {
			row[i] = g.Normal(0, 5)
		}
		rows = append(rows, row)
	}
	// exp(−10003) underflows to 0: that token is the one top-p 1 marks.
	equalRows(t, "TopP 1 logits", TopP(rows[2], 1), []float64{3, inf, inf, 3, 2, -700, 0})
	for _, z := range rows {
		equalRows(t, "TopP 1", Probabilities(TopP(z, 1)), Probabilities(z))
		equalRows(t, "MinP 0", MinP(z, 0), z)
		equalRows(t, "TopK V", TopK(z, len(z)), z)
		equalRows(t, "Temperature 1", Temperature(z, 1), z)
		equalRows(t, "RepetitionPenalty 1", RepetitionPenalty(z, []int{0, len(z) - 1}, 1), z)
		equalRows(t, "DefaultConfig().Filter", DefaultConfig().Filter(z, []int{0}), z)
	}
}

func TestNaNRow(t *testing.T) {
	z := []float64{1, math.NaN(), 2}
	for name, got := range map[string][]float64{"TopK": TopK(z, 1), "TopP": TopP(z, 0.5), "MinP": MinP(z, 0.5)} {
		for i, v := range got {
			if !math.IsNaN(v) {
				t.Errorf("%s: [%d] = %v, want NaN", name, i, v)
			}
		}
	}
	if g := Greedy(z); g != 2 {
		t.Errorf("Greedy skips NaN: got %d, want 2", g)
	}
}

func TestGreedyAndProbabilities(t *testing.T) {
	if g := Greedy([]float64{1, 3, 3, 0}); g != 1 {
		t.Errorf("Greedy tie: got %d, want the lowest id 1", g)
	}
	if g := Greedy([]float64{inf, inf, -1e300}); g != 2 {
		t.Errorf("Greedy: got %d, want 2", g)
	}
	p := Probabilities([]float64{0, math.Log(3), inf})
	if math.Abs(p[0]-0.25) > 1e-15 || math.Abs(p[1]-0.75) > 1e-15 || p[2] != 0 {
		t.Errorf("Probabilities = %v, want [0.25 0.75 0]", p)
	}
	mustPanic(t, func() { Greedy(nil) }, "empty")
}

// Temperature 0 is greedy, and top-k 1 is greedy too: Next returns the
// argmax of the penalised logits, whatever the generator.
func TestGreedySettings(t *testing.T) {
	g := rng.New(1)
	for range 200 {
		z := make([]float64, 17)
		for i := range z {
			z[i] = g.Normal(0, 2)
		}
		ctx := []int{g.IntN(17), g.IntN(17)}
		want := Greedy(RepetitionPenalty(z, ctx, 1.5))
		c := DefaultConfig()
		c.RepetitionPenalty = 1.5
		c.Temperature = 0
		c.TopK, c.TopP, c.MinP = 3, 0.2, 0.5 // ignored when greedy
		if got := c.Next(z, ctx, g); got != want {
			t.Fatalf("T=0: %d, want %d", got, want)
		}
		c = DefaultConfig()
		c.RepetitionPenalty = 1.5
		c.Temperature = 1.7
		c.TopK = 1
		if got := c.Next(z, ctx, g); got != want {
			t.Fatalf("top-k 1: %d, want %d", got, want)
		}
	}
}

// The order matters: min-p after temperature (transformers' order) keeps
// other tokens than min-p before it. With p = (0.5, 0.2, 0.2, 0.1), min-p
// 0.3 cuts at 0.15 and keeps 3 tokens; after T = 0.5 the probabilities are
// (0.735, 0.118, 0.118, 0.029), the cut is 0.22, and 1 token stays.
func TestFilterOrder(t *testing.T) {
	c := DefaultConfig()
	c.Temperature, c.MinP = 0.5, 0.3
	z := c.Filter(handRow, nil)
	kept := 0
	for _, v := range z {
		if v != inf {
			kept++
		}
	}
	if kept != 1 {
		t.Errorf("temperature then min-p kept %d tokens, want 1: %v", kept, z)
	}
	if slices.Equal(z, Temperature(MinP(handRow, 0.3), 0.5)) {
		t.Error("the opposite order gave the same row; the test shows nothing")
	}
}
