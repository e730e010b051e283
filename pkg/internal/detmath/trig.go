package detmath

import (
	"math"
	"math/big"
	"sync"
)

// Sin and Cos follow fdlibm (k_sin.c, k_cos.c, e_rem_pio2.c): reduce x to
// r = x − n·π/2 with |r| ≤ π/4, carried as r = y0 + y1 (y1 the rounding
// error of y0), then evaluate a minimax polynomial for sin or cos of r
// chosen by n mod 4.
//
// Range with full accuracy: every finite x. Below 2²⁰·π/2 ≈ 1.65e6 the
// reduction is Cody–Waite with π/2 split into three 33-bit pieces, each
// n·piece exact for n < 2²⁰; above, it is done exactly in multi-precision
// (math/big, the idea of Payne–Hanek: carry as many bits of 2/π as the
// exponent of x needs), which is slower (microseconds) but as accurate.

// Coefficients of fdlibm's minimax polynomial
// sin r ≈ r + S1·r³ + … + S6·r¹³ on |r| ≤ π/4.
const (
	sinS1 = -1.66666666666666324348e-01 // 0xBFC55555_55555549
	sinS2 = 8.33333333332248946124e-03  // 0x3F811111_1110F8A6
	sinS3 = -1.98412698298579493134e-04 // 0xBF2A01A0_19C161D5
	sinS4 = 2.75573137070700676789e-06  // 0x3EC71DE3_57B1FE7D
	sinS5 = -2.50507602534068634195e-08 // 0xBE5AE5E6_8A2B9CEB
	sinS6 = 1.58969099521155010221e-10  // 0x3DE5D93A_5ACFD57C
)

// Coefficients of fdlibm's minimax polynomial
// cos r ≈ 1 − r²/2 + C1·r⁴ + … + C6·r¹⁴ on |r| ≤ π/4.
const (
	cosC1 = 4.16666666666666019037e-02  // 0x3FA55555_5555554C
	cosC2 = -1.38888888888741095749e-03 // 0xBF56C16C_16C15177
	cosC3 = 2.48015872894767294178e-05  // 0x3EFA01A0_19CB1590
	cosC4 = -2.75573143513906633035e-07 // 0xBE927E4F_809C52AD
	cosC5 = 2.08757232129817482790e-09  // 0x3E21EE9E_BDB4B1C4
	cosC6 = -1.13596475577881948265e-11 // 0xBDA8FAE9_BE8838D4
)

// Cody–Waite pieces of π/2: pio2_1 + pio2_2 + pio2_3 + pio2_3t = π/2 to
// about 150 bits; pio2_1 … pio2_3 have 33 significant bits, so n·pio2_i is
// exact for n < 2²⁰, and pio2_it = π/2 − (pio2_1 + … + pio2_i).
const (
	invPio2 = 6.36619772367581382433e-01 // 2/π, 0x3FE45F30_6DC9C883
	pio2_1  = 1.57079632673412561417e+00 // 0x3FF921FB_54400000
	pio2_1t = 6.07710050650619224932e-11 // 0x3DD0B461_1A626331
	pio2_2  = 6.07710050630396597660e-11 // 0x3DD0B461_1A600000
	pio2_2t = 2.02226624879595063154e-21 // 0x3BA3198A_2E037073
	pio2_3  = 2.02226624871116645580e-21 // 0x3BA3198A_2E000000
	pio2_3t = 8.47842766036889956997e-32 // 0x397B839A_252049C1
	// codyWaiteMax is 2²⁰·π/2 rounded down: below it n < 2²⁰.
	codyWaiteMax = 0x1p20 * 1.5707963267948966
)

// Sin returns the sine of x (radians), within 1 ulp for every finite x.
// Sin(±0) = ±0, Sin(±Inf) = NaN, Sin(NaN) = NaN.
//
// With x = n·π/2 + r, |r| ≤ π/4: sin x = sin r, cos r, −sin r, −cos r for
// n mod 4 = 0, 1, 2, 3.
func Sin(x float64) float64 {
	switch ax := math.Abs(x); {
	case ax != ax || ax > math.MaxFloat64:
		return math.NaN()
	case ax < 0x1p-27: // sin x = x − x³/6 rounds to x (and keeps −0)
		return x
	case ax <= math.Pi/4:
		return sinKernel(x, 0)
	}
	n, y0, y1 := remPio2(x)
	switch n & 3 {
	case 0:
		return sinKernel(y0, y1)
	case 1:
		return cosKernel(y0, y1)
	case 2:
		return -sinKernel(y0, y1)
	default:
		return -cosKernel(y0, y1)
	}
}

// Cos returns the cosine of x (radians), within 1 ulp for every finite x.
// Cos(±0) = 1, Cos(±Inf) = NaN, Cos(NaN) = NaN.
//
// With x = n·π/2 + r, |r| ≤ π/4: cos x = cos r, −sin r, −cos r, sin r for
// n mod 4 = 0, 1, 2, 3.
func Cos(x float64) float64 {
	switch ax := math.Abs(x); {
	case ax != ax || ax > math.MaxFloat64:
		return math.NaN()
	case ax < 0x1p-27: // cos x = 1 − x²/2 rounds to 1
		return 1
	case ax <= math.Pi/4:
		return cosKernel(x, 0)
	}
	n, y0, y1 := remPio2(x)
	switch n & 3 {
	case 0:
		return cosKernel(y0, y1)
	case 1:
		return -sinKernel(y0, y1)
	case 2:
		return -cosKernel(y0, y1)
	default:
		return sinKernel(y0, y1)
	}
}

// sinKernel returns sin(x + y) for |x| ≤ π/4, |y| ≤ ulp(x)/2:
// sin(x+y) ≈ x + x³·(S1 + x²·R(x²)) + y·cos x, with cos x ≈ 1 − x²/2
// enough for the tiny y.
func sinKernel(x, y float64) float64 {
	z := float64(x * x)
	v := float64(z * x)
	r := sinS5 + float64(z*sinS6)
	r = sinS4 + float64(z*r)
	r = sinS3 + float64(z*r)
	r = sinS2 + float64(z*r)
	if y == 0 {
		return x + float64(v*(sinS1+float64(z*r)))
	}
	return x - ((float64(z*(float64(0.5*y)-float64(v*r))) - y) - float64(v*sinS1))
}

// cosKernel returns cos(x + y) for |x| ≤ π/4, |y| ≤ ulp(x)/2:
// cos(x+y) ≈ 1 − x²/2 + x⁴·R(x²) − x·y, with 1 − x²/2 split as w + the
// rounding error of w so the leading term keeps its low bits.
func cosKernel(x, y float64) float64 {
	z := float64(x * x)
	w := float64(z * z)
	r1 := cosC2 + float64(z*cosC3)
	r1 = cosC1 + float64(z*r1)
	r2 := cosC5 + float64(z*cosC6)
	r2 = cosC4 + float64(z*r2)
	r := float64(z*r1) + float64(float64(w*w)*r2)
	hz := float64(0.5 * z)
	w = 1 - hz
	return w + (((1 - w) - hz) + (float64(z*r) - float64(x*y)))
}

// remPio2 returns n and y0 + y1 = x − n·π/2 with |y0 + y1| ≤ π/4 (up to
// rounding), y1 the low part; n may be reduced mod 4.
func remPio2(x float64) (n int, y0, y1 float64) {
	if math.Abs(x) >= codyWaiteMax {
		return remPio2Big(x)
	}
	fn := math.RoundToEven(float64(x * invPio2))
	n = int(fn)
	r := x - float64(fn*pio2_1) // exact: fn·pio2_1 fits 53 bits
	w := float64(fn * pio2_1t)
	y0 = r - w
	// When r − w cancels many leading bits, pio2_1t's 53 bits of π/2 are
	// not enough: subtract the next pieces, which reach 118 and 151 bits.
	expX := math.Float64bits(x) >> 52 & 0x7ff
	if expX-(math.Float64bits(y0)>>52&0x7ff) > 16 {
		t := r
		w = float64(fn * pio2_2)
		r = t - w
		w = float64(fn*pio2_2t) - ((t - r) - w)
		y0 = r - w
		if expX-(math.Float64bits(y0)>>52&0x7ff) > 49 {
			t = r
			w = float64(fn * pio2_3)
			r = t - w
			w = float64(fn*pio2_3t) - ((t - r) - w)
			y0 = r - w
		}
	}
	y1 = (r - y0) - w
	return n, y0, y1
}

// bigPrec is the precision of the multi-precision reduction: |x| < 2¹⁰²⁴
// needs 1024 bits of 2/π above the binary point, about 61 more to resolve
// the closest approach of a float64 to a multiple of π/2, and 64 more for
// the result.
const bigPrec = 1200

var (
	bigPiOnce sync.Once
	bigHalfPi *big.Float // π/2 to bigPrec bits
	bigTwoPi  *big.Float // 2/π to bigPrec bits
)

// bigAtanInv returns arctan(1/q) = Σ (−1)ᵏ / ((2k+1)·q^(2k+1)) to prec bits.
func bigAtanInv(q int64, prec uint) *big.Float {
	sum := new(big.Float).SetPrec(prec)
	pow := new(big.Float).SetPrec(prec).Quo(big.NewFloat(1).SetPrec(prec), new(big.Float).SetPrec(prec).SetInt64(q))
	q2 := new(big.Float).SetPrec(prec).SetInt64(q * q)
	eps := new(big.Float).SetPrec(prec).SetMantExp(big.NewFloat(1), -int(prec)-8)
	term := new(big.Float).SetPrec(prec)
	for k := int64(0); pow.Cmp(eps) > 0; k++ {
		term.Quo(pow, new(big.Float).SetPrec(prec).SetInt64(2*k+1))
		if k%2 == 0 {
			sum.Add(sum, term)
		} else {
			sum.Sub(sum, term)
		}
		pow.Quo(pow, q2)
	}
	return sum
}

// initBigPi computes π by Machin's formula, π/4 = 4·arctan(1/5) − arctan(1/239),
// with guard bits, once.
func initBigPi() {
	const p = bigPrec + 64
	a := bigAtanInv(5, p)
	a.Mul(a, big.NewFloat(16).SetPrec(p))
	b := bigAtanInv(239, p)
	b.Mul(b, big.NewFloat(4).SetPrec(p))
	pi := a.Sub(a, b)
	bigHalfPi = new(big.Float).SetPrec(bigPrec).Quo(pi, big.NewFloat(2))
	bigTwoPi = new(big.Float).SetPrec(bigPrec).Quo(big.NewFloat(2).SetPrec(p), pi)
}

// remPio2Big is remPio2 for large |x|, exact to well beyond float64:
// t = |x|·2/π, n = the integer nearest t, r = (t − n)·π/2.
func remPio2Big(x float64) (n int, y0, y1 float64) {
	bigPiOnce.Do(initBigPi)
	t := new(big.Float).SetPrec(bigPrec).SetFloat64(math.Abs(x))
	t.Mul(t, bigTwoPi)
	half := new(big.Float).SetPrec(bigPrec).SetFloat64(0.5)
	ni, _ := new(big.Float).SetPrec(bigPrec).Add(t, half).Int(nil) // ⌊t + ½⌋, t > 0
	frac := t.Sub(t, new(big.Float).SetPrec(bigPrec).SetInt(ni))
	r := frac.Mul(frac, bigHalfPi)
	y0, _ = r.Float64()
	y1, _ = r.Sub(r, new(big.Float).SetPrec(bigPrec).SetFloat64(y0)).Float64()
	n = int(ni.Bit(0) | ni.Bit(1)<<1) // n mod 4 is all the quadrant needs
	if x < 0 {                        // sin and cos of −x: −n, −r
		n, y0, y1 = -n, -y0, -y1
	}
	return n, y0, y1
}
