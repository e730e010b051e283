// Package detmath holds the engine's transcendental functions, written in
// pure Go so that they give the same bits on every CPU and architecture.
//
// Why not package math: on amd64 math.Exp runs one of two assembly
// routines depending on whether the CPU has FMA, and arm64 has its own;
// math.Log has amd64 assembly; and the pure-Go functions (Tanh, Cos, …)
// may have x*y+z fused into one instruction by the compiler on arm64 but
// not on amd64. Here every product that feeds a sum is written
// float64(x*y), which the Go specification forbids the compiler to fuse,
// so the rounding of each step is fixed by the source.
//
// The algorithms are the classic ones of Sun's fdlibm and Cephes: reduce
// the argument exactly (Cody–Waite: x = k·ln2 + r with ln2 split into a
// high part with trailing zero bits and a low part), evaluate a minimax
// polynomial or rational approximation on the small remainder, and
// rescale. Sin and Cos (fdlibm, Cody–Waite below 2²⁰·π/2, exact
// multi-precision reduction above) and Erf (fdlibm) follow the same
// pattern. Tanh (tanh.go), on the hot path of every tanh layer, is this
// package's own: an odd Chebyshev-fitted polynomial below |x| = 0.625 and
// 1 − 2/(e^{2x} + 1) above, with the rounding errors of that formula
// carried and added back (testdata/tanhfit.py fits the coefficients).
// Pow works in math/big, exact up to its final rounding. Each
// result is within 1 ulp of the correctly rounded value; the tests check
// this against math/big and against package math.
//
// TanhSlice and ExpSlice (slice.go) apply Tanh and Exp to a whole slice,
// 8 or 4 values at a time in amd64 assembly that performs each scalar
// operation as the same correctly rounded vector instruction, in the same
// order (no fused multiply-add), so every result has the scalar bits.
package detmath

import "math"

// Constants of the argument reduction: ln2 = ln2Hi + ln2Lo, where ln2Hi
// has its low 32 bits zero so that k·ln2Hi is exact for |k| < 2²⁰.
const (
	ln2Hi  = 6.93147180369123816490e-01 // 0x3FE62E42_FEE00000
	ln2Lo  = 1.90821492927058770002e-10 // 0x3DEA39EF_35793C76
	log2e  = 1.44269504088896338700e+00 // 1/ln2
	expMax = 7.09782712893383973096e+02 // largest x with finite eˣ
	expMin = -7.45133219101941108420e+02
)

// Minimax coefficients for R(r²) in eʳ = 1 + 2r/(R(r) − r),
// R(z) = 2 + z·(p1 + z·(p2 + …)), on |r| ≤ ln2/2 (fdlibm e_exp.c).
const (
	expP1 = 1.66666666666666657415e-01
	expP2 = -2.77777777770155933842e-03
	expP3 = 6.61375632143793436117e-05
	expP4 = -1.65339022054652515390e-06
	expP5 = 4.13813679705723846039e-08
)

// Exp returns eˣ. Exp(+Inf) = +Inf, Exp(−Inf) = 0, Exp(NaN) = NaN; it
// overflows to +Inf above ≈709.78 and underflows to 0 below ≈−745.13.
//
// With x = k·ln2 + r, |r| ≤ ln2/2: eˣ = 2ᵏ·eʳ, and
// eʳ = 1 + r + r·c/(2 − c) with c = r − r²·P(r²), a degree-5 minimax P.
func Exp(x float64) float64 {
	switch {
	case x != x || x > expMax:
		return x + math.Inf(1) // NaN stays NaN, large x is +Inf
	case x < expMin:
		return 0
	case -0x1p-28 < x && x < 0x1p-28:
		return 1 + x
	}
	var k int
	if x < 0 {
		k = int(float64(log2e*x) - 0.5)
	} else {
		k = int(float64(log2e*x) + 0.5)
	}
	fk := float64(k)
	hi := x - float64(fk*ln2Hi) // exact: fk·ln2Hi has spare low bits
	lo := float64(fk * ln2Lo)
	y := expKernel(hi, lo) // in [1/√2, √2]
	if k < -1021 || k > 1023 {
		return math.Ldexp(y, k) // subnormal result, or 2ᵏ itself overflows
	}
	return y * pow2(k) // exact: the product is normal
}

// pow2 returns 2ᵏ for −1022 ≤ k ≤ 1023, assembled from its exponent bits:
// the same value as math.Ldexp(1, k) without its call and special cases.
func pow2(k int) float64 {
	return math.Float64frombits(uint64(k+1023) << 52)
}

// expKernel returns e^(hi − lo) for |hi − lo| ≤ ln2/2, lo the small
// correction carried from the reduction.
func expKernel(hi, lo float64) float64 {
	r := hi - lo
	t := float64(r * r)
	p := expP4 + float64(t*expP5)
	p = expP3 + float64(t*p)
	p = expP2 + float64(t*p)
	p = expP1 + float64(t*p)
	c := r - float64(t*p)
	y := float64(r*c) / (2 - c)
	return 1 - ((lo - y) - hi)
}

// Coefficients of the minimax series for log((1+s)/(1−s)) = 2s + s·R(s²),
// R(z) = z·(l1 + z·(l2 + …)), on |s| ≤ 0.1716 (fdlibm e_log.c).
const (
	logL1 = 6.666666666666735130e-01
	logL2 = 3.999999999940941908e-01
	logL3 = 2.857142874366239149e-01
	logL4 = 2.222219843214978396e-01
	logL5 = 1.818357216161805012e-01
	logL6 = 1.531383769920937332e-01
	logL7 = 1.479819860511658591e-01
)

// Log returns the natural logarithm ln x. Log(+Inf) = +Inf, Log(±0) =
// −Inf, Log(x < 0) = NaN, Log(NaN) = NaN.
//
// With x = 2ᵏ·(1+f), √2/2 ≤ 1+f < √2, and s = f/(2+f):
// ln x = k·ln2 + f − (f²/2 − s·(f²/2 + R(s))).
func Log(x float64) float64 {
	switch {
	case x != x || x > math.MaxFloat64:
		return x
	case x < 0:
		return math.NaN()
	case x == 0:
		return math.Inf(-1)
	}
	m, ki := math.Frexp(x) // x = m·2^ki, ½ ≤ m < 1, exact also for subnormals
	if m < math.Sqrt2/2 {
		m *= 2
		ki--
	}
	f := m - 1 // exact (Sterbenz)
	k := float64(ki)
	s := f / (2 + f)
	s2 := float64(s * s)
	s4 := float64(s2 * s2)
	t1 := logL5 + float64(s4*logL7)
	t1 = logL3 + float64(s4*t1)
	t1 = logL1 + float64(s4*t1)
	t1 = float64(s2 * t1)
	t2 := logL4 + float64(s4*logL6)
	t2 = logL2 + float64(s4*t2)
	t2 = float64(s4 * t2)
	r := t1 + t2
	hfsq := float64(float64(0.5*f) * f)
	inner := float64(s*(hfsq+r)) + float64(k*ln2Lo)
	return float64(k*ln2Hi) - ((hfsq - inner) - f)
}
