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
