package detmath

import "math"

// Coefficients of S in tanh x = x + x³·S(x²) on |x| ≤ 0.625, degree 11,
// fitted by testdata/tanhfit.py (Chebyshev interpolation in 60 digits;
// fit error 4·10⁻¹⁸, 0.02 ulp of the result). S(0) = −1/3, the Taylor
// series' x³ term.
const (
	tanhS0  = -0.3333333333333333
	tanhS1  = 0.13333333333333042
	tanhS2  = -0.05396825396789699
	tanhS3  = 0.021869488519008305
	tanhS4  = -0.008863235103240878
	tanhS5  = 0.0035921217511549622
	tanhS6  = -0.0014557754120478055
	tanhS7  = 0.0005896606577757043
	tanhS8  = -0.0002375906496055562
	tanhS9  = 9.257116129556769e-05
	tanhS10 = -3.12011014257974e-05
	tanhS11 = 6.485163482793113e-06
)

// Coefficients of Q in eʳ = 1 + r + r²·Q(r) on |r| ≤ ln2/2, degree 10,
// fitted by testdata/tanhfit.py (fit error 1.4·10⁻¹⁸, 0.002 ulp of eʳ).
// A polynomial, unlike Exp's rational kernel, needs no division.
const (
	expQ0  = 0.5
	expQ1  = 0.1666666666666667
	expQ2  = 0.04166666666666667
	expQ3  = 0.008333333333326141
	expQ4  = 0.0013888888888883752
	expQ5  = 0.00019841269874800493
	expQ6  = 2.4801587325533363e-05
	expQ7  = 2.7557255425746435e-06
	expQ8  = 2.7557273661348637e-07
	expQ9  = 2.510520637395701e-08
	expQ10 = 2.0914679376583935e-09
)

// tanhSat is where tanh rounds to 1: 1 − tanh z ≈ 2e^(−2z) falls below
// 2⁻⁵⁴, half an ulp under 1, from z = 55·ln2/2 ≈ 19.0615 on.
const tanhSat = 19.0625

// shifter is 1.5·2⁵²: for |y| < 2⁵¹, y + shifter is rounded to an integer
// n, and its bits are those of shifter plus n.
const shifter = 0x1.8p52

// Tanh returns the hyperbolic tangent tanh x = (eˣ − e⁻ˣ)/(eˣ + e⁻ˣ).
// Tanh(±0) = ±0, Tanh(±Inf) = ±1, Tanh(NaN) = NaN.
//
// For |x| < 0.625 it evaluates x + x³·S(x²), an odd polynomial with no
// division; up to 19.0625 it uses tanh z = 1 − 2/(e^(2z) + 1) with an
// inlined exponential (Cody–Waite reduction 2z = k·ln2 + r, a polynomial
// for eʳ, and 2ᵏ built from its bits); beyond, tanh x rounds to ±1. The
// result is within 1 ulp of the correctly rounded value.
func Tanh(x float64) float64 {
	z := math.Abs(x)
	if z < 0.625 {
		if x == 0 {
			return x // keeps the sign of −0
		}
		// Estrin's scheme: pairs, then pairs of pairs, so the dependency
		// chain is four products deep instead of eleven (Horner).
		s := float64(x * x)
		s2 := float64(s * s)
		s4 := float64(s2 * s2)
		p01 := tanhS0 + float64(s*tanhS1)
		p23 := tanhS2 + float64(s*tanhS3)
		p45 := tanhS4 + float64(s*tanhS5)
		p67 := tanhS6 + float64(s*tanhS7)
		p89 := tanhS8 + float64(s*tanhS9)
		pab := tanhS10 + float64(s*tanhS11)
		p03 := p01 + float64(s2*p23)
		p47 := p45 + float64(s2*p67)
		p8b := p89 + float64(s2*pab)
		p := p03 + float64(s4*(p47+float64(s4*p8b)))
		// The correction x³·S is at most an eighth of the result, so its
		// rounding errors shrink accordingly; only the final sum rounds fully.
		return x + float64(float64(x*s)*p)
	}
	if !(z < tanhSat) {
		if z != z {
			return x
		}
		return math.Copysign(1, x)
	}
	w := 2 * z // exact; 1.25 ≤ w < 38.125
	// k = round(w/ln2) by the shifter trick: adding 1.5·2⁵² rounds to an
	// integer, which then sits in the low mantissa bits (no int↔float
	// conversions on the critical path).
	kf := float64(w*log2e) + shifter
	fk := kf - shifter          // 2 ≤ k ≤ 55, exact
	hi := w - float64(fk*ln2Hi) // exact, as in Exp
	lo := float64(fk * ln2Lo)
	r := hi - lo
	r2 := float64(r * r)
	r4 := float64(r2 * r2)
	q01 := expQ0 + float64(r*expQ1)
	q23 := expQ2 + float64(r*expQ3)
	q45 := expQ4 + float64(r*expQ5)
	q67 := expQ6 + float64(r*expQ7)
	q89 := expQ8 + float64(r*expQ9)
	q03 := q01 + float64(r2*q23)
	q47 := q45 + float64(r2*q67)
	q8a := q89 + float64(r2*expQ10)
	q := q03 + float64(r4*(q47+float64(r4*q8a)))
	// tanh z = 1 − 2/(E + 1), E = e^(2z) = 2ᵏ·eʳ. Near z = 0.625 the
	// quotient is nearly half the result, so each of its roundings (eʳ,
	// E + 1, the division, 1 − quotient) would cost up to ½ ulp of the
	// result: together more than 1 ulp. All but the division's are
	// carried as exact error terms (Fast2Sum) and added back at the end;
	// the division's own rounding is ½ ulp of a quotient below ½, a
	// quarter ulp of the result.
	v := hi + (float64(r2*q) - lo) // eʳ − 1; hi enters exactly, not via r
	er := 1 + v
	erLo := v - (er - 1) // exact: |v| < 1 (Fast2Sum)
	p2k := math.Float64frombits((math.Float64bits(kf) + 1023) << 52)
	e, eLo := float64(er*p2k), float64(erLo*p2k) // exact
	d := e + 1
	dLo := (1 - (d - e)) + eLo // d + dLo = E + 1 to ~2⁻¹⁰⁰ relative
	t := 2 / d
	tLo := float64(float64(float64(t*dLo)*t) * 0.5) // t − 2/(d + dLo), first order in dLo/d
	y := 1 - t
	yLo := ((1 - y) - t) + tLo // (1 − y) − t is exact (Fast2Sum)
	return math.Copysign(y+yLo, x)
}
