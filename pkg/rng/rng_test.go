package rng

import (
	"math"
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
