package autograd

import (
	"llminternals/pkg/internal/detmath"
	"llminternals/pkg/internal/panics"
	"llminternals/pkg/internal/vec"
	"math"

	"gonum.org/v1/gonum/mat"

	"llminternals/pkg/rng"
	"llminternals/pkg/tensor"
)

// unary applies f entry by entry; df(x, y) is the derivative f'(x), given
// the input x and the output y = f(x) (several derivatives are cheaper
// from y: σ' = y(1 − y), tanh' = 1 − y²).
func unary(op string, a *Value, f func(float64) float64, df func(x, y float64) float64) *Value {
	return unaryRows(op, a, func(y, x []float64) {
		for j, v := range x {
			y[j] = f(v)
		}
	}, df)
}

// unaryRows is unary with the forward map given a row at a time, so that
// it can be a vectorized slice function (detmath.TanhSlice, ExpSlice):
// f(y, x) sets y[j] = f(x[j]).
func unaryRows(op string, a *Value, f func(y, x []float64), df func(x, y float64) float64) *Value {
	r, c := a.Dims()
	out := tensor.NewUninit(r, c) // f writes every entry
	parallelRows(r, c, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			f(out.RawRowView(i), a.Data.RawRowView(i))
		}
	})
	return result(op, out, func(o *Value) {
		ga := gradOf(a)
		parallelRows(r, c, func(lo, hi int) {
			for i := lo; i < hi; i++ {
				xr, yr, gr, dr := a.Data.RawRowView(i), out.RawRowView(i), o.Grad.RawRowView(i), ga.RawRowView(i)
				for j, x := range xr {
					dr[j] += float64(gr[j] * df(x, yr[j]))
				}
			}
		})
	}, a)
}

// ReLU returns max(0, x) entry by entry.
//
// Gradient: ∂L/∂x = ∂L/∂y where x > 0, else 0 (the subgradient 0 at x = 0,
// as in PyTorch).
func ReLU(x *Value) *Value {
	return unary("relu", x,
		func(x float64) float64 { return math.Max(0, x) },
		func(x, _ float64) float64 {
			if x > 0 {
				return 1
			}
			return 0
		})
}

func sigmoid(x float64) float64 {
	// Two branches so that exp never overflows.
	if x >= 0 {
		return 1 / (1 + detmath.Exp(-x))
	}
	e := detmath.Exp(x)
	return e / (1 + e)
}

// sigmoidRow sets y[j] = sigmoid(x[j]) with the same two branches and the
// same bits, the exponentials computed by one detmath.ExpSlice over the
// row: first y[j] = −x[j] or x[j] (the exponent of the branch x[j] takes),
// then e^y[j] in place.
func sigmoidRow(y, x []float64) {
	for j, v := range x {
		if v >= 0 {
			y[j] = -v
		} else {
			y[j] = v
		}
	}
	detmath.ExpSlice(y, y)
	for j, v := range x {
		e := y[j]
		if v >= 0 {
			y[j] = 1 / (1 + e)
		} else {
			y[j] = e / (1 + e)
		}
	}
}

// Sigmoid returns σ(x) = 1 / (1 + e^(−x)) entry by entry.
//
// Gradient: ∂L/∂x = ∂L/∂y · σ(x)(1 − σ(x)).
func Sigmoid(x *Value) *Value {
	return unaryRows("sigmoid", x, sigmoidRow, func(_, y float64) float64 { return y * (1 - y) })
}

// Tanh returns tanh(x) entry by entry.
//
// Gradient: ∂L/∂x = ∂L/∂y · (1 − tanh²(x)).
func Tanh(x *Value) *Value {
	return unaryRows("tanh", x, detmath.TanhSlice, func(_, y float64) float64 { return 1 - float64(y*y) })
}

// SiLU returns x·σ(x) entry by entry (also called swish; the gate of
// SwiGLU).
//
// Gradient: ∂L/∂x = ∂L/∂y · σ(x)(1 + x(1 − σ(x))).
func SiLU(x *Value) *Value {
	return unaryRows("silu", x,
		func(y, x []float64) {
			sigmoidRow(y, x)
			for j, v := range x {
				y[j] *= v // x·σ(x), as v * sigmoid(v)
			}
		},
		func(x, _ float64) float64 {
			s := sigmoid(x)
			return s * (1 + float64(x*(1-s)))
		})
}

const geluC = 0.044715

// GELU returns the tanh approximation of GELU used by GPT-2 (PyTorch's
// gelu(approximate="tanh")):
//
//	y = ½ x (1 + tanh(u)),  u = √(2/π) (x + 0.044715 x³).
//
// Gradient: ∂L/∂x = ∂L/∂y · [½(1 + tanh u) + ½ x (1 − tanh² u) √(2/π)(1 + 3·0.044715 x²)].
func GELU(x *Value) *Value {
	k := math.Sqrt(2 / math.Pi)
	r, c := x.Dims()
	out := tensor.NewUninit(r, c) // every entry written below
	// tanh u is kept for the backward pass: it is the costly part of both
	// directions, and the saved values are the bits a recomputation gives
	// (detmath.TanhSlice equals detmath.Tanh entry by entry).
	var th *mat.Dense
	if gradEnabled && x.requiresGrad {
		th = tensor.NewUninit(r, c)
	}
	parallelRows(r, c, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			xr, y := x.Data.RawRowView(i), out.RawRowView(i)
			vec.GELUArg(y, xr, geluC, k) // u = k·(x + ((c·x)·x)·x)
			detmath.TanhSlice(y, y)
			if th != nil {
				copy(th.RawRowView(i), y)
			}
			vec.GELUOut(y, xr, y) // (0.5·x)·(1 + tanh u)
		}
	})
	return result("gelu", out, func(o *Value) {
		gx := gradOf(x)
		parallelRows(r, c, func(lo, hi int) {
			for i := lo; i < hi; i++ {
				// dx += g · (½(1 + t) + ((½x)(1 − t²)k)(1 + 3c·x²)), t = tanh u
				vec.GELUGrad(gx.RawRowView(i), o.Grad.RawRowView(i), x.Data.RawRowView(i), th.RawRowView(i), 3*geluC, k)
			}
		})
	}, x)
}

// GELUExact returns the exact GELU, y = x Φ(x) with Φ the standard normal
// CDF, Φ(x) = ½(1 + erf(x/√2)) (PyTorch's default gelu).
//
// Gradient: ∂L/∂x = ∂L/∂y · (Φ(x) + x φ(x)), φ(x) = e^(−x²/2)/√(2π).
func GELUExact(x *Value) *Value {
	return unary("gelu_exact", x,
		func(x float64) float64 { return 0.5 * x * (1 + detmath.Erf(x/math.Sqrt2)) },
		func(x, _ float64) float64 {
			return float64(0.5*(1+detmath.Erf(x/math.Sqrt2))) + float64(x*detmath.Exp(float64(-0.5*x)*x))/math.Sqrt(2*math.Pi)
		})
}

// Exp returns eˣ entry by entry.
//
// Gradient: ∂L/∂x = ∂L/∂y · eˣ.
func Exp(x *Value) *Value {
	return unaryRows("exp", x, detmath.ExpSlice, func(_, y float64) float64 { return y })
}

// Log returns the natural logarithm ln x entry by entry.
//
// Gradient: ∂L/∂x = ∂L/∂y / x.
func Log(x *Value) *Value {
	return unary("log", x, detmath.Log, func(x, _ float64) float64 { return 1 / x })
}

// Dropout zeroes each entry with probability p and scales the survivors by
// 1/(1 − p) ("inverted" dropout), so the expected value of every entry is
// unchanged and evaluation needs no rescaling. The keep/drop mask is drawn
// from g, one uniform number per entry in row order: entry kept when
// u ≥ p. When train is false, or p = 0, Dropout returns x itself.
// p must be in [0, 1).
//
// Gradient: ∂L/∂x = ∂L/∂y ⊙ mask / (1 − p), the same mask as the forward.
func Dropout(x *Value, p float64, g *rng.RNG, train bool) *Value {
	if !(p >= 0 && p < 1) {
		panics.Panicf("autograd", "Dropout", "p = %v; need 0 ≤ p < 1", p)
	}
	if !train || p == 0 {
		return x
	}
	r, c := x.Dims()
	scale := 1 / (1 - p)
	mask := tensor.New(r, c) // holds 0 or 1/(1−p)
	out := tensor.New(r, c)
	for i := 0; i < r; i++ {
		mr, xr, yr := mask.RawRowView(i), x.Data.RawRowView(i), out.RawRowView(i)
		for j := range mr {
			if g.Float64() >= p {
				mr[j] = scale
			}
			yr[j] = xr[j] * mr[j]
		}
	}
	return result("dropout", out, func(o *Value) {
		gx := gradOf(x)
		for i := 0; i < r; i++ {
			mr, gr, dr := mask.RawRowView(i), o.Grad.RawRowView(i), gx.RawRowView(i)
			for j := range dr {
				dr[j] += float64(gr[j] * mr[j])
			}
		}
	}, x)
}
