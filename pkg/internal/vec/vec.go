// Package vec holds the elementwise loops that the engine's hottest ops
// repeat over whole rows: a row added into another (a bias, a bias's
// gradient), and the GELU's forward and backward arithmetic. Each is
// written once in Go (the definition, and the code on CPUs without
// AVX-512 and under -tags purego) and once in AVX-512 assembly that does
// the same IEEE operations in the same order, element by element, with no
// fused multiply-add: the bits never depend on which one ran. The tests
// check that on every length and on special values.
package vec

import "math"

// Add does dst[i] += src[i] for i < len(src). dst must be at least as long.
func Add(dst, src []float64) {
	dst = dst[:len(src)]
	n := addFast(dst, src)
	for i := n; i < len(src); i++ {
		dst[i] += src[i]
	}
}

// GELUArg writes the tanh argument of the tanh-approximate GELU,
// u[i] = k·(x + ((c·x)·x)·x), rounded after each operation in that order.
// u and x have the same length; u may be x.
func GELUArg(u, x []float64, c, k float64) {
	u = u[:len(x)]
	n := geluArgFast(u, x, c, k)
	for i := n; i < len(x); i++ {
		v := x[i]
		u[i] = k * (v + float64(float64(float64(c*v)*v)*v))
	}
}

// GELUOut writes y[i] = (0.5·x)·(1 + t) from t = tanh(u). y may be t.
func GELUOut(y, x, t []float64) {
	y, t = y[:len(x)], t[:len(x)]
	n := geluOutFast(y, x, t)
	for i := n; i < len(x); i++ {
		y[i] = 0.5 * x[i] * (1 + t[i])
	}
}

// GELUGrad adds the GELU's gradient into dx:
//
//	dx[i] += g·(0.5·(1 + t) + (((0.5·x)·(1 − t·t))·k)·(1 + (c3·x)·x))
//
// with t = tanh(u) from the forward pass and c3 = 3c, each operation
// rounded in that order.
func GELUGrad(dx, g, x, t []float64, c3, k float64) {
	dx, g, t = dx[:len(x)], g[:len(x)], t[:len(x)]
	n := geluGradFast(dx, g, x, t, c3, k)
	for i := n; i < len(x); i++ {
		v, ti := x[i], t[i]
		d := float64(0.5*(1+ti)) + float64(float64(float64(float64(0.5*v)*(1-float64(ti*ti)))*k)*(1+float64(float64(c3*v)*v)))
		dx[i] += float64(g[i] * d)
	}
}

// AdamW does one decoupled-weight-decay Adam update of every entry, with
// the optimizer's constants precomputed by the caller:
//
//	θ ← θ·decay                       decay = 1 − lr·λ
//	m ← m + (g − m)·b1c               b1c = 1 − β₁
//	v ← v·β₂ + (b2c·g)·g              b2c = 1 − β₂
//	θ ← θ − (step·m) / (√v / bc2Sqrt + ε)
//
// each operation rounded in that order (√ is IEEE's correctly rounded
// square root). All slices have θ's length.
func AdamW(theta, g, m, v []float64, decay, b1c, beta2, b2c, bc2Sqrt, eps, step float64) {
	g, m, v = g[:len(theta)], m[:len(theta)], v[:len(theta)]
	n := adamWFast(theta, g, m, v, &adamConsts{decay, b1c, beta2, b2c, bc2Sqrt, eps, step})
	for i := n; i < len(theta); i++ {
		theta[i] *= decay
		m[i] += float64((g[i] - m[i]) * b1c)
		v[i] = float64(v[i]*beta2) + float64(float64(b2c*g[i])*g[i])
		denom := math.Sqrt(v[i])/bc2Sqrt + eps
		theta[i] -= stepMul(step, m[i]) / denom
	}
}

// stepMul is step·m, kept apart so that the compiler cannot fuse it with
// the division's neighbours on any architecture.
func stepMul(step, m float64) float64 { return float64(step * m) }

// adamConsts is AdamW's constants in the order the assembly reads them.
type adamConsts struct{ decay, b1c, beta2, b2c, bc2Sqrt, eps, step float64 }

// SubScalar writes dst[i] = x[i] − m. dst may be x.
func SubScalar(dst, x []float64, m float64) {
	dst = dst[:len(x)]
	n := subScalarFast(dst, x, m)
	for i := n; i < len(x); i++ {
		dst[i] = x[i] - m
	}
}

// DivScalar does dst[i] /= s.
func DivScalar(dst []float64, s float64) {
	n := divScalarFast(dst, s)
	for i := n; i < len(dst); i++ {
		dst[i] /= s
	}
}

// MulScalar does dst[i] = s·dst[i].
func MulScalar(dst []float64, s float64) {
	n := mulScalarFast(dst, s)
	for i := n; i < len(dst); i++ {
		dst[i] = s * dst[i]
	}
}

// Max returns the largest of x (−Inf for an empty x), ignoring NaNs, and
// whether x holds a NaN. Between +0 and −0 it may return either: a max
// is exact, so only the sign of a zero can depend on the order in which
// the values are compared, and the lanes of the assembly compare them in
// another order than a loop.
func Max(x []float64) (m float64, hasNaN bool) {
	m, n, hasNaN := maxFast(x)
	for _, v := range x[n:] {
		if v != v {
			hasNaN = true
		}
		if v > m {
			m = v
		}
	}
	return m, hasNaN
}

// Finite reports whether every x[i] is finite (no ±Inf, no NaN).
func Finite(x []float64) bool {
	n, ok := finiteFast(x)
	if !ok {
		return false
	}
	for _, v := range x[n:] {
		if v-v != 0 { // ±Inf − ±Inf and NaN − NaN are NaN; x − x = 0 otherwise
			return false
		}
	}
	return true
}

// MulAdd does dst[i] += a[i]·b[i], the product rounded before the add.
func MulAdd(dst, a, b []float64) {
	dst, b = dst[:len(a)], b[:len(a)]
	n := mulAddFast(dst, a, b)
	for i := n; i < len(a); i++ {
		dst[i] += float64(a[i] * b[i])
	}
}

// LayerNormRow writes a LayerNorm row from its mean and 1/std:
// h[i] = (x[i] − mu)·rstd and y[i] = g[i]·h[i] + b[i], each operation
// rounded in that order.
func LayerNormRow(h, y, x, g, b []float64, mu, rstd float64) {
	h, y, g, b = h[:len(x)], y[:len(x)], g[:len(x)], b[:len(x)]
	n := layerNormRowFast(h, y, x, g, b, &[2]float64{mu, rstd})
	for i := n; i < len(x); i++ {
		h[i] = (x[i] - mu) * rstd
		y[i] = float64(g[i]*h[i]) + b[i]
	}
}

// RMSNormRow writes an RMSNorm row from its 1/RMS: h[i] = x[i]·rinv and
// y[i] = g[i]·h[i], each product rounded.
func RMSNormRow(h, y, x, g []float64, rinv float64) {
	h, y, g = h[:len(x)], y[:len(x)], g[:len(x)]
	n := rmsNormRowFast(h, y, x, g, rinv)
	for i := n; i < len(x); i++ {
		h[i] = x[i] * rinv
		y[i] = g[i] * h[i]
	}
}

// NormGradRow adds a norm's input gradient for one row:
// dx[i] += ((up[i]·g[i] − meanG) − h[i]·meanGH)·rs, each operation rounded
// in that order (meanG = 0 for RMSNorm).
func NormGradRow(dx, up, g, h []float64, meanG, meanGH, rs float64) {
	dx, g, h = dx[:len(up)], g[:len(up)], h[:len(up)]
	n := normGradRowFast(dx, up, g, h, &[3]float64{meanG, meanGH, rs})
	for i := n; i < len(up); i++ {
		dx[i] += float64((float64(up[i]*g[i]) - meanG - float64(h[i]*meanGH)) * rs)
	}
}
