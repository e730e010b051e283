package rng

import (
	"math"
	"sort"
	"testing"

	"gonum.org/v1/gonum/mat"
)

func TestSameSeedSameNumbers(t *testing.T) {
	a, b := New(42), New(42)
	if !mat.Equal(a.NormalMatrix(4, 5, 1), b.NormalMatrix(4, 5, 1)) {
		t.Error("same seed, different matrices")
	}
	if a.Float64() != b.Float64() || a.IntN(1000) != b.IntN(1000) {
		t.Error("same seed, different sequences")
	}
	if New(1).Float64() == New(2).Float64() {
		t.Error("different seeds gave the same first number")
	}
}

func TestDistributions(t *testing.T) {
	g := New(7)
	const n = 200000
	sum, sq := 0.0, 0.0
	for i := 0; i < n; i++ {
		x := g.Normal(3, 2)
		sum += x
		sq += x * x
	}
	mean := sum / n
	std := math.Sqrt(sq/n - mean*mean)
	// Standard errors: 2/√n ≈ 0.0045 for the mean; allow 5 of them.
	if math.Abs(mean-3) > 0.025 || math.Abs(std-2) > 0.025 {
		t.Errorf("Normal(3, 2): mean %.4f, std %.4f", mean, std)
	}
	m := g.IntMatrix(50, 50, -2, 3)
	seen := map[float64]bool{}
	for _, v := range m.RawMatrix().Data {
		if v < -2 || v > 3 || v != math.Trunc(v) {
			t.Fatalf("IntMatrix value %v outside the integers of [-2, 3]", v)
		}
		seen[v] = true
	}
	if len(seen) != 6 {
		t.Errorf("IntMatrix hit %d of the 6 values", len(seen))
	}
	u := g.UniformMatrix(10, 10, 5, 6)
	for _, v := range u.RawMatrix().Data {
		if v < 5 || v >= 6 {
			t.Fatalf("Uniform value %v outside [5, 6)", v)
		}
	}
}

// TestNormalIsNormal checks the Box–Muller sampler's whole distribution,
// not just its first two moments: the Kolmogorov–Smirnov distance between
// the empirical CDF of n draws and Φ(x) = ½(1 + erf(x/√2)) must stay below
// 1.63/√n (the 1 % critical value), and the two-sided tail mass beyond 3σ
// must be near 2(1 − Φ(3)) ≈ 0.0027.
func TestNormalIsNormal(t *testing.T) {
	g := New(21)
	const n = 100000
	xs := make([]float64, n)
	tail := 0
	for i := range xs {
		xs[i] = g.Normal(0, 1)
		if math.Abs(xs[i]) > 3 {
			tail++
		}
	}
	sort.Float64s(xs)
	d := 0.0
	for i, x := range xs {
		phi := 0.5 * (1 + math.Erf(x/math.Sqrt2))
		d = max(d, math.Abs(float64(i+1)/n-phi), math.Abs(phi-float64(i)/n))
	}
	if crit := 1.63 / math.Sqrt(n); d > crit {
		t.Errorf("KS distance %.5f above the 1%% critical value %.5f", d, crit)
	}
	// Binomial(n, 0.0027): mean 270, sd ≈ 16.4; allow 4 sd.
	if want := 2 * n * (1 - 0.5*(1+math.Erf(3/math.Sqrt2))); math.Abs(float64(tail)-want) > 4*math.Sqrt(want) {
		t.Errorf("%d draws beyond 3σ, want about %.0f", tail, want)
	}
}

// TestNormalMatrixMatchesNormal: NormalMatrix(r, c, std) is the same
// sequence of draws as r·c calls of Normal(0, std), filled row by row.
func TestNormalMatrixMatchesNormal(t *testing.T) {
	m := New(5).NormalMatrix(3, 4, 0.5)
	g := New(5)
	for i := 0; i < 3; i++ {
		for j := 0; j < 4; j++ {
			if want := g.Normal(0, 0.5); m.At(i, j) != want {
				t.Fatalf("entry (%d, %d) = %v, Normal gives %v", i, j, m.At(i, j), want)
			}
		}
	}
}
