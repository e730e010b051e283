package vec

import (
	"math"
	"testing"

	"llminternals/pkg/rng"
)

// The reference loops: the definitions of vec.go, element by element.
func addRef(dst, src []float64) {
	for i := range src {
		dst[i] += src[i]
	}
}

func geluArgRef(u, x []float64, c, k float64) {
	for i, v := range x {
		u[i] = k * (v + float64(float64(float64(c*v)*v)*v))
	}
}

func geluOutRef(y, x, t []float64) {
	for i := range x {
		y[i] = 0.5 * x[i] * (1 + t[i])
	}
}

func geluGradRef(dx, g, x, t []float64, c3, k float64) {
	for i, v := range x {
		ti := t[i]
		d := float64(0.5*(1+ti)) + float64(float64(float64(float64(0.5*v)*(1-float64(ti*ti)))*k)*(1+float64(float64(c3*v)*v)))
		dx[i] += float64(g[i] * d)
	}
}

// inputs returns n values: mostly ordinary, with zeros of both signs,
// infinities, NaN, subnormals and huge values mixed in.
func inputs(g *rng.RNG, n int) []float64 {
	special := []float64{0, math.Copysign(0, -1), math.Inf(1), math.Inf(-1), math.NaN(), 5e-324, -1e300, 1e155, 3}
	x := make([]float64, n)
	for i := range x {
		if g.IntN(7) == 0 {
			x[i] = special[g.IntN(len(special))]
		} else {
			x[i] = g.Normal(0, 3)
		}
	}
	return x
}

func sameBits(t *testing.T, what string, n int, got, want []float64) {
	t.Helper()
	for i := range want {
		if math.Float64bits(got[i]) != math.Float64bits(want[i]) {
			t.Fatalf("%s, n = %d: element %d is %v (%#x), want %v (%#x)", what, n, i, got[i], math.Float64bits(got[i]), want[i], math.Float64bits(want[i]))
		}
	}
}

func TestKernelsEqualTheGoLoops(t *testing.T) {
	g := rng.New(1)
	const c, c3, k = 0.044715, 3 * 0.044715, 0.7978845608028654
	for n := 0; n <= 70; n++ {
		x, y, tt, gr := inputs(g, n), inputs(g, n), inputs(g, n), inputs(g, n)
		for i := range tt {
			tt[i] = math.Tanh(tt[i])
		}

		got, want := append([]float64(nil), y...), append([]float64(nil), y...)
		Add(got, x)
		addRef(want, x)
		sameBits(t, "Add", n, got, want)

		got, want = make([]float64, n), make([]float64, n)
		GELUArg(got, x, c, k)
		geluArgRef(want, x, c, k)
		sameBits(t, "GELUArg", n, got, want)
		inPlace := append([]float64(nil), x...)
		GELUArg(inPlace, inPlace, c, k)
		sameBits(t, "GELUArg in place", n, inPlace, want)

		got, want = make([]float64, n), make([]float64, n)
		GELUOut(got, x, tt)
		geluOutRef(want, x, tt)
		sameBits(t, "GELUOut", n, got, want)

		got, want = append([]float64(nil), y...), append([]float64(nil), y...)
		GELUGrad(got, gr, x, tt, c3, k)
		geluGradRef(want, gr, x, tt, c3, k)
		sameBits(t, "GELUGrad", n, got, want)
	}
}

func TestAddNeedsRoom(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("Add into a shorter dst did not panic")
		}
	}()
	Add(make([]float64, 3), make([]float64, 9))
}

func BenchmarkGELUGrad(b *testing.B) {
	g := rng.New(2)
	x, tt, gr, dx := inputs(g, 512), inputs(g, 512), inputs(g, 512), make([]float64, 512)
	for b.Loop() {
		GELUGrad(dx, gr, x, tt, 0.134145, 0.8)
	}
}

func TestAdamWEqualsTheGoLoop(t *testing.T) {
	g := rng.New(5)
	for n := 0; n <= 40; n++ {
		theta, gr, m := inputs(g, n), inputs(g, n), inputs(g, n)
		v := inputs(g, n)
		for i := range v {
			v[i] = math.Abs(v[i]) // a second moment
		}
		const lr, wd, b1, b2, eps = 2e-3, 0.1, 0.9, 0.999, 1e-8
		step, bc2Sqrt := lr/(1-math.Pow(b1, 3)), math.Sqrt(1-math.Pow(b2, 3))
		wantT, wantM, wantV := append([]float64(nil), theta...), append([]float64(nil), m...), append([]float64(nil), v...)
		for i := range wantT { // optim.Adam.Step's loop, decoupled decay
			wantT[i] *= 1 - float64(lr*wd)
			wantM[i] += float64((gr[i] - wantM[i]) * (1 - b1))
			wantV[i] = float64(wantV[i]*b2) + float64(float64((1-b2)*gr[i])*gr[i])
			denom := math.Sqrt(wantV[i])/bc2Sqrt + eps
			wantT[i] -= step * wantM[i] / denom
		}
		AdamW(theta, gr, m, v, 1-float64(lr*wd), 1-b1, b2, 1-b2, bc2Sqrt, eps, step)
		sameBits(t, "AdamW θ", n, theta, wantT)
		sameBits(t, "AdamW m", n, m, wantM)
		sameBits(t, "AdamW v", n, v, wantV)
	}
}

func TestScalarKernelsEqualTheGoLoops(t *testing.T) {
	g := rng.New(9)
	for n := 0; n <= 40; n++ {
		x := inputs(g, n)
		for _, m := range []float64{0.75, -3, math.Inf(1), math.NaN(), 0} {
			got, want := make([]float64, n), make([]float64, n)
			SubScalar(got, x, m)
			for i := range x {
				want[i] = x[i] - m
			}
			sameBits(t, "SubScalar", n, got, want)
			got, want = append([]float64(nil), x...), append([]float64(nil), x...)
			DivScalar(got, m)
			for i := range want {
				want[i] /= m
			}
			sameBits(t, "DivScalar", n, got, want)
		}
	}
}

func TestNormKernelsEqualTheGoLoops(t *testing.T) {
	gen := rng.New(13)
	for n := 0; n <= 40; n++ {
		x, g, b, up, h, d0 := inputs(gen, n), inputs(gen, n), inputs(gen, n), inputs(gen, n), inputs(gen, n), inputs(gen, n)
		mu, rstd, meanG, meanGH, rs := 0.37, 1.9, -0.21, 0.05, 0.8

		got, want := append([]float64(nil), d0...), append([]float64(nil), d0...)
		MulAdd(got, up, h)
		for i := range want {
			want[i] += float64(up[i] * h[i])
		}
		sameBits(t, "MulAdd", n, got, want)

		gh, gy, wh, wy := make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n)
		LayerNormRow(gh, gy, x, g, b, mu, rstd)
		for i, v := range x { // autograd.LayerNorm's loop
			wh[i] = (v - mu) * rstd
			wy[i] = float64(g[i]*wh[i]) + b[i]
		}
		sameBits(t, "LayerNormRow h", n, gh, wh)
		sameBits(t, "LayerNormRow y", n, gy, wy)

		RMSNormRow(gh, gy, x, g, rstd)
		for i, v := range x { // autograd.RMSNorm's loop
			wh[i] = v * rstd
			wy[i] = g[i] * wh[i]
		}
		sameBits(t, "RMSNormRow h", n, gh, wh)
		sameBits(t, "RMSNormRow y", n, gy, wy)

		got, want = append([]float64(nil), d0...), append([]float64(nil), d0...)
		NormGradRow(got, up, g, h, meanG, meanGH, rs)
		for i := range want { // autograd's normBackward loop
			want[i] += float64((float64(up[i]*g[i]) - meanG - float64(h[i]*meanGH)) * rs)
		}
		sameBits(t, "NormGradRow", n, got, want)
	}
}

// TestMaxAndMulScalarEqualTheGoLoops: Finite finds every ±Inf and NaN;
// Max gives a loop's maximum and its
// NaN flag for every length around the vector widths, with NaNs, ±Inf and
// both zeros mixed in; between +0 and −0 only the sign may differ (see
// Max). MulScalar gives s·x bit for bit.
func TestMaxAndMulScalarEqualTheGoLoops(t *testing.T) {
	g := rng.New(12)
	for n := 0; n <= 40; n++ { // one bad value at each place of a finite x
		x := make([]float64, n)
		for i := range x {
			x[i] = g.Normal(0, 1e300)
		}
		if !Finite(x) {
			t.Fatalf("n = %d: Finite = false for %v", n, x)
		}
		for i := range x {
			for _, bad := range []float64{math.Inf(1), math.Inf(-1), math.NaN()} {
				keep := x[i]
				x[i] = bad
				if Finite(x) {
					t.Fatalf("n = %d: Finite = true with %v at %d", n, bad, i)
				}
				x[i] = keep
			}
		}
	}
	for n := 0; n <= 70; n++ {
		for rep := 0; rep < 20; rep++ {
			x := inputs(g, n)
			if rep%2 == 0 { // half without NaN, so that the maximum is tested too
				for i := range x {
					if math.IsNaN(x[i]) {
						x[i] = -7
					}
				}
			}
			if rep == 1 && n > 0 { // a NaN only in the last lane or the tail
				x[n-1] = math.NaN()
			}
			want, wantNaN := math.Inf(-1), false
			for _, v := range x {
				if math.IsNaN(v) {
					wantNaN = true
				}
				if v > want {
					want = v
				}
			}
			finite := true
			for _, v := range x {
				if math.IsInf(v, 0) || math.IsNaN(v) {
					finite = false
				}
			}
			if got := Finite(x); got != finite {
				t.Fatalf("n = %d: Finite = %v, want %v (x = %v)", n, got, finite, x)
			}
			got, gotNaN := Max(x)
			if gotNaN != wantNaN || got != want || math.IsNaN(got) {
				t.Fatalf("n = %d: Max = %v, NaN %v; the loop gives %v, NaN %v (x = %v)", n, got, gotNaN, want, wantNaN, x)
			}
			for _, s := range []float64{0.125, -3, math.Inf(1), 0} {
				got, want := append([]float64(nil), x...), append([]float64(nil), x...)
				MulScalar(got, s)
				for i := range want {
					want[i] = s * want[i]
				}
				sameBits(t, "MulScalar", n, got, want)
			}
		}
	}
}
