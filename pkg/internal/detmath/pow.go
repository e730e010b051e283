package detmath

import (
	"math"
	"math/big"
	"sync"
)

// powPrec is the working precision of Pow: 192 bits leave over 120 bits
// after the ~11 lost to exponent scaling and the 10 squarings of the
// exponential, so the float64 result is correctly rounded except on
// cases closer to a tie than 2⁻¹²⁰ relative.
const powPrec = 192

var (
	powLn2Once sync.Once
	powLn2     *big.Float // ln 2 to powPrec + 32 bits
)

// Pow returns xʸ, within 1 ulp (correctly rounded but for ties closer
// than 2⁻¹²⁰). It is computed as e^(y·ln|x|) in multi-precision integer
// arithmetic (math/big), so the bits are the same on every CPU; it costs
// tens of microseconds, meant for tables (RoPE frequencies, schedules),
// not inner loops.
//
// Special cases, as IEEE 754 pow and package math:
//
//	Pow(x, ±0) = 1 for any x
//	Pow(1, y) = 1 for any y
//	Pow(x, 1) = x for any x
//	Pow(NaN, y) = NaN;  Pow(x, NaN) = NaN
//	Pow(±0, y) = ±Inf for y an odd integer < 0
//	Pow(±0, −Inf) = +Inf
//	Pow(±0, +Inf) = +0
//	Pow(±0, y) = +Inf for finite y < 0 and not an odd integer
//	Pow(±0, y) = ±0 for y an odd integer > 0
//	Pow(±0, y) = +0 for finite y > 0 and not an odd integer
//	Pow(−1, ±Inf) = 1
//	Pow(x, +Inf) = +Inf for |x| > 1;  Pow(x, −Inf) = +0 for |x| > 1
//	Pow(x, +Inf) = +0 for |x| < 1;  Pow(x, −Inf) = +Inf for |x| < 1
//	Pow(+Inf, y) = +Inf for y > 0;  Pow(+Inf, y) = +0 for y < 0
//	Pow(−Inf, y) = Pow(−0, −y)
//	Pow(x, y) = NaN for finite x < 0 and finite non-integer y
//
// A negative finite x with an integer y gives |x|ʸ, negated for odd y.
func Pow(x, y float64) float64 {
	switch {
	case y == 0 || x == 1:
		return 1
	case y == 1:
		return x
	case x != x || y != y:
		return math.NaN()
	case x == 0:
		switch {
		case y < 0:
			if isOddInt(y) {
				return math.Copysign(math.Inf(1), x)
			}
			return math.Inf(1)
		default:
			if isOddInt(y) {
				return x
			}
			return 0
		}
	case math.IsInf(y, 0):
		switch ax := math.Abs(x); {
		case ax == 1:
			return 1
		case (ax < 1) == (y > 0):
			return 0
		default:
			return math.Inf(1)
		}
	case math.IsInf(x, 0):
		if math.IsInf(x, -1) {
			return Pow(1/x, -y) // 1/−Inf = −0
		}
		if y < 0 {
			return 0
		}
		return math.Inf(1)
	}
	neg := false
	if x < 0 {
		if y != math.Trunc(y) {
			return math.NaN()
		}
		neg = isOddInt(y)
		x = -x
	}
	z := powBig(x, y)
	if neg {
		return -z
	}
	return z
}

// isOddInt reports whether y is an odd integer. Every float64 of
// magnitude 2⁵³ or more is even.
func isOddInt(y float64) bool {
	if math.Abs(y) >= 0x1p53 || y != math.Trunc(y) {
		return false
	}
	return int64(y)&1 == 1
}

// powBig returns xʸ for finite x > 0, x ≠ 1, finite y ≠ 0: with
// x = u·2ᵉ, ln x = 2·atanh((u−1)/(u+1)) + e·ln 2; then t = y·ln x,
// t = k·ln 2 + r, xʸ = 2ᵏ·eʳ, eʳ by Taylor series on r/2¹⁰ squared ten times.
func powBig(x, y float64) float64 {
	powLn2Once.Do(func() {
		third := new(big.Float).SetPrec(powPrec+32).Quo(big.NewFloat(1), big.NewFloat(3))
		powLn2 = bigAtanh2(third, powPrec+32)
	})
	const p = powPrec
	u, e := math.Frexp(x)
	if u < math.Sqrt2/2 { // keep |s| ≤ 0.172 so the series is short
		u *= 2
		e--
	}
	bu := new(big.Float).SetPrec(p).SetFloat64(u)
	one := new(big.Float).SetPrec(p).SetInt64(1)
	s := new(big.Float).SetPrec(p).Sub(bu, one)
	s.Quo(s, new(big.Float).SetPrec(p).Add(bu, one))
	lnx := bigAtanh2(s, p)
	lnx.Add(lnx, new(big.Float).SetPrec(p).Mul(powLn2, new(big.Float).SetInt64(int64(e))))
	t := lnx.Mul(lnx, new(big.Float).SetPrec(p).SetFloat64(y))
	// Beyond these, xʸ overflows or underflows past the smallest
	// subnormal; the bounds also keep k small.
	if tf, _ := t.Float64(); tf > 710 {
		return math.Inf(1)
	} else if tf < -746 {
		return 0
	}
	kf, _ := new(big.Float).Quo(t, powLn2).Float64()
	k := int(math.RoundToEven(kf))
	r := t.Sub(t, new(big.Float).SetPrec(p).Mul(powLn2, new(big.Float).SetInt64(int64(k))))
	const halvings = 10
	r.SetMantExp(r, -halvings)
	sum := new(big.Float).SetPrec(p).SetInt64(1)
	term := new(big.Float).SetPrec(p).SetInt64(1)
	for n := int64(1); n < 40; n++ { // |r| < 2⁻¹¹: 40 terms are far past 2⁻¹⁹²
		term.Mul(term, r)
		term.Quo(term, new(big.Float).SetInt64(n))
		sum.Add(sum, term)
	}
	for range halvings {
		sum.Mul(sum, sum)
	}
	sum.SetMantExp(sum, k)
	z, _ := sum.Float64() // rounds once, to nearest, subnormals included
	return z
}

// bigAtanh2 returns 2·atanh s = 2·Σ s^(2n+1)/(2n+1) = ln((1+s)/(1−s)) to
// prec bits, for |s| ≤ 1/3.
func bigAtanh2(s *big.Float, prec uint) *big.Float {
	s2 := new(big.Float).SetPrec(prec).Mul(s, s)
	pow := new(big.Float).SetPrec(prec).Set(s)
	sum := new(big.Float).SetPrec(prec)
	term := new(big.Float).SetPrec(prec)
	for n := int64(0); pow.Sign() != 0 && pow.MantExp(nil)-sum.MantExp(nil) > -int(prec)-8; n++ {
		term.Quo(pow, new(big.Float).SetInt64(2*n+1))
		sum.Add(sum, term)
		pow.Mul(pow, s2)
	}
	return sum.Mul(sum, big.NewFloat(2))
}
