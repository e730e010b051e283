package autograd

import (
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"llminternals/pkg/rng"
)

// The textbook numbers: PE(p, 2i) = sin(p/10000^(2i/d)), PE(p, 2i+1) = cos(…),
// checked against package math (independent code, within a few ulp).
func TestSinusoidalValues(t *testing.T) {
	pe := Sinusoidal([]int{0, 1, 7}, 5, 10000)
	want := [][]float64{
		{0, 1, 0, 1, 0},
		{math.Sin(1), math.Cos(1), math.Sin(1 / math.Pow(10000, 0.4)), math.Cos(1 / math.Pow(10000, 0.4)), math.Sin(1 / math.Pow(10000, 0.8))},
		{math.Sin(7), math.Cos(7), math.Sin(7 / math.Pow(10000, 0.4)), math.Cos(7 / math.Pow(10000, 0.4)), math.Sin(7 / math.Pow(10000, 0.8))},
	}
	for i, row := range want {
		for j, w := range row {
			if got := pe.At(i, j); math.Abs(got-w) > 4e-16 {
				t.Errorf("PE(%d,%d) = %v, want %v", i, j, got, w)
			}
		}
	}
}

// A 2-D pair at position p is turned by p radians (θ₀ = base⁰ = 1).
func TestRoPERotatesAPair(t *testing.T) {
	for _, conv := range []RoPEConvention{RoPEInterleaved, RoPEHalf} {
		x := Const(mat.NewDense(3, 2, []float64{1, 0, 1, 0, 3, 4}))
		y := RoPE(x, []int{0, 1, 2}, 2, 10000, conv).Data
		want := []float64{1, 0, math.Cos(1), math.Sin(1),
			3*math.Cos(2) - 4*math.Sin(2), 3*math.Sin(2) + 4*math.Cos(2)}
		for k, w := range want {
			if got := y.RawMatrix().Data[k]; math.Abs(got-w) > 1e-15 {
				t.Errorf("%v: entry %d = %v, want %v", conv, k, got, w)
			}
		}
	}
}

// The point of RoPE: after rotation q·k depends only on the offset between
// the two positions, and the two conventions differ only by a permutation
// of each head's columns.
func TestRoPERelativeAndConventions(t *testing.T) {
	g := rng.New(3)
	const d = 8
	q, k := g.NormalMatrix(1, 2*d, 1), g.NormalMatrix(1, 2*d, 1)
	dot := func(p, s int, conv RoPEConvention) float64 {
		rq := RoPE(Const(q), []int{p}, d, 100, conv).Data
		rk := RoPE(Const(k), []int{s}, d, 100, conv).Data
		return mat.Dot(rq.RowView(0), rk.RowView(0))
	}
	for _, conv := range []RoPEConvention{RoPEInterleaved, RoPEHalf} {
		ref := dot(5, 2, conv)
		for _, shift := range []int{1, 10, 1000} {
			if got := dot(5+shift, 2+shift, conv); math.Abs(got-ref) > 1e-12 {
				t.Errorf("%v: q·k at (5,2) = %v but at (%d,%d) = %v", conv, ref, 5+shift, 2+shift, got)
			}
		}
	}
	// interleaved column 2i ↔ half column i, 2i+1 ↔ i+d/2, in each head.
	perm := func(m *mat.Dense) *mat.Dense {
		out := mat.NewDense(1, 2*d, nil)
		for h := 0; h < 2*d; h += d {
			for i := 0; i < d/2; i++ {
				out.Set(0, h+i, m.At(0, h+2*i))
				out.Set(0, h+i+d/2, m.At(0, h+2*i+1))
			}
		}
		return out
	}
	a := perm(RoPE(Const(q), []int{9}, d, 100, RoPEInterleaved).Data)
	b := RoPE(Const(perm(q)), []int{9}, d, 100, RoPEHalf).Data
	if !mat.Equal(a, b) {
		t.Errorf("permuted interleaved RoPE %v ≠ rotate-half RoPE of permuted input %v", mat.Formatted(a), mat.Formatted(b))
	}
}

func TestRoPEGradCheck(t *testing.T) {
	for _, conv := range []RoPEConvention{RoPEInterleaved, RoPEHalf} {
		x := New(rng.New(5).NormalMatrix(4, 12, 1))
		f := func() *Value { return weighted(RoPE(x, []int{0, 3, 1, 17}, 6, 10000, conv), rng.New(6)) }
		if e, rep := GradCheck(f, []*Value{x}, 1e-6); e > 1e-8 {
			t.Errorf("%v: %v", conv, rep)
		}
	}
}

func TestPositionPanics(t *testing.T) {
	x := Const(mat.NewDense(2, 6, nil))
	for _, c := range []struct {
		f    func()
		want string
	}{
		{func() { RoPE(x, []int{0, 1}, 4, 10000, RoPEHalf) }, "head size 4 must be even and divide the 6 columns of 2×6"},
		{func() { RoPE(x, []int{0, 1}, 3, 10000, RoPEHalf) }, "head size 3"},
		{func() { RoPE(x, []int{0}, 2, 10000, RoPEHalf) }, "1 positions for the 2 rows of 2×6"},
		{func() { RoPE(x, []int{0, -1}, 2, 10000, RoPEHalf) }, "position -1 at index 1 is negative"},
		{func() { RoPE(x, []int{0, 1}, 2, 10000, RoPEConvention(7)) }, "unknown convention RoPEConvention(7)"},
		{func() { Sinusoidal([]int{0}, 0, 10000) }, "need width d > 0"},
	} {
		func() {
			defer func() {
				msg, _ := recover().(string)
				if !strings.HasPrefix(msg, "autograd: ") || !strings.Contains(msg, c.want) {
					t.Errorf("panic %q, want one containing %q", msg, c.want)
				}
			}()
			c.f()
		}()
	}
}
