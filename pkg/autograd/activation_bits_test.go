package autograd

import (
	"math"
	"testing"

	"llminternals/pkg/internal/detmath"

	"gonum.org/v1/gonum/mat"
)

// activationInputs is a 7×13 matrix (13 columns: a tail after the 8- and
// 4-wide vector blocks) of special values, branch thresholds and N(0, 3²)
// draws.
func activationInputs() *mat.Dense {
	special := []float64{0, math.Copysign(0, -1), math.NaN(), math.Inf(1), math.Inf(-1),
		0.625, -0.625, 19.0625, -19.0625, 709.8, -709.8, 745.2, -745.2, 1e-300, -1e-300, 0x1p-29, 40, -40}
	r, c := 7, 13
	data := make([]float64, r*c)
	g := newBitsRNG()
	for i := range data {
		if i < len(special) {
			data[i] = special[i]
		} else {
			data[i] = 3 * g()
		}
	}
	return mat.NewDense(r, c, data)
}

// newBitsRNG returns a deterministic N(0, 1) source (Box–Muller over an
// LCG): enough spread for the vector blocks, no package dependency.
func newBitsRNG() func() float64 {
	s := uint64(12345)
	u := func() float64 {
		s = s*6364136223846793005 + 1442695040888963407
		return (float64(s>>11) + 0.5) / (1 << 53)
	}
	return func() float64 {
		return math.Sqrt(-2*math.Log(u())) * math.Cos(2*math.Pi*u())
	}
}

// TestActivationsMatchScalarBits checks that the vectorized forward loops
// (detmath.TanhSlice, ExpSlice) give the bits of each op's scalar
// formula, written out here as it stood before them.
func TestActivationsMatchScalarBits(t *testing.T) {
	k := math.Sqrt(2 / math.Pi)
	for _, c := range []struct {
		name   string
		op     func(*Value) *Value
		scalar func(float64) float64
	}{
		{"Tanh", Tanh, detmath.Tanh},
		{"Exp", Exp, detmath.Exp},
		{"Sigmoid", Sigmoid, sigmoid},
		{"SiLU", SiLU, func(x float64) float64 { return x * sigmoid(x) }},
		{"GELU", GELU, func(x float64) float64 {
			return 0.5 * x * (1 + detmath.Tanh(k*(x+float64(float64(float64(geluC*x)*x)*x))))
		}},
	} {
		x := activationInputs()
		y := c.op(Const(x)).Data
		r, cols := x.Dims()
		for i := 0; i < r; i++ {
			for j := 0; j < cols; j++ {
				got, want := y.At(i, j), c.scalar(x.At(i, j))
				if math.Float64bits(got) != math.Float64bits(want) {
					t.Errorf("%s(%v) = %v (%#x), scalar formula %v (%#x)", c.name, x.At(i, j), got, math.Float64bits(got), want, math.Float64bits(want))
				}
			}
		}
	}
}

// TestNormsMatchTheirRowLoops: LayerNorm computes the statistics of
// four rows side by side (meanVar4); every row must still have the bits of
// the one-row loop that defines it (mean, then the squared deviations
// added in order, each square rounded), for row counts that leave every
// remainder of four, with a NaN and an Inf mixed in, and on a matrix large
// enough for parallelRows to split it. RMSNorm, which sums the squares of
// four rows side by side too, is held to its own row loop the same way.
func TestNormsMatchTheirRowLoops(t *testing.T) {
	g := newBitsRNG()
	for _, n := range []int{1, 2, 3, 4, 5, 6, 7, 9, 64, 67} {
		d := 13
		if n == 67 {
			d = 613 // 67·613 entries: split over the goroutines
		}
		x := mat.NewDense(n, d, nil)
		gain, bias := mat.NewDense(1, d, nil), mat.NewDense(1, d, nil)
		for j := 0; j < d; j++ {
			gain.Set(0, j, 1+g())
			bias.Set(0, j, g())
		}
		for i := 0; i < n; i++ {
			for j := 0; j < d; j++ {
				x.Set(i, j, 3*g()+float64(i))
			}
		}
		if n > 5 {
			x.Set(5, 3, math.Inf(1))
			x.Set(2, 0, math.NaN())
		}
		want := mat.NewDense(n, d, nil)
		for i := 0; i < n; i++ {
			xr := x.RawRowView(i)
			mu := 0.0
			for _, v := range xr {
				mu += v
			}
			mu /= float64(d)
			variance := 0.0
			for _, v := range xr {
				variance += float64((v - mu) * (v - mu))
			}
			variance /= float64(d)
			rstd := 1 / math.Sqrt(variance+1e-5)
			for j, v := range xr {
				h := (v - mu) * rstd
				want.Set(i, j, float64(gain.At(0, j)*h)+bias.At(0, j))
			}
		}
		wantRMS := mat.NewDense(n, d, nil)
		for i := 0; i < n; i++ {
			ms := 0.0
			for _, v := range x.RawRowView(i) {
				ms += float64(v * v)
			}
			rinv := 1 / math.Sqrt(ms/float64(d)+1e-5)
			for j, v := range x.RawRowView(i) {
				wantRMS.Set(i, j, gain.At(0, j)*(v*rinv))
			}
		}
		var got, gotRMS *Value
		NoGrad(func() {
			got = LayerNorm(Const(x), Const(gain), Const(bias), 1e-5)
			gotRMS = RMSNorm(Const(x), Const(gain), 1e-5)
		})
		for i := 0; i < n; i++ {
			for j := 0; j < d; j++ {
				a, b := gotRMS.Data.At(i, j), wantRMS.At(i, j)
				if math.Float64bits(a) != math.Float64bits(b) && !(math.IsNaN(a) && math.IsNaN(b)) {
					t.Fatalf("n = %d: RMSNorm[%d][%d] = %v, the row loop gives %v", n, i, j, a, b)
				}
			}
		}
		for i := 0; i < n; i++ {
			for j := 0; j < d; j++ {
				a, b := got.Data.At(i, j), want.At(i, j)
				if math.Float64bits(a) != math.Float64bits(b) && !(math.IsNaN(a) && math.IsNaN(b)) {
					t.Fatalf("n = %d: LayerNorm[%d][%d] = %v, the row loop gives %v", n, i, j, a, b)
				}
			}
		}
	}
}
