package detmath

import "math"

// The Exp and Tanh of commit e0d4f98, before the fast paths, kept here
// as the baseline of the side-by-side benchmarks and of TestFastPathsBitIdentical:
// the fast paths change how 2ᵏ is applied and which checks run, not the
// arithmetic, so they must return the very same bits.

// The baseline's coefficients: Cephes' rational approximation
// tanh x ≈ x + x·s·P(s)/Q(s), s = x², on |x| < 0.625.
const (
	tanhP0 = -9.64399179425052238628e-1
	tanhP1 = -9.92877231001918586564e1
	tanhP2 = -1.61468768441708447952e3
	tanhQ0 = 1.12811678491632931402e2
	tanhQ1 = 2.23548839060100448583e3
	tanhQ2 = 4.84406305325125486048e3
)

func expBaseline(x float64) float64 {
	switch {
	case x != x || x > expMax:
		return x + math.Inf(1)
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
	hi := x - float64(fk*ln2Hi)
	lo := float64(fk * ln2Lo)
	return math.Ldexp(expKernel(hi, lo), k)
}

func tanhBaseline(x float64) float64 {
	z := math.Abs(x)
	switch {
	case z != z:
		return x
	case z > 22:
		z = 1
	case z >= 0.625:
		e := expBaseline(2 * z)
		z = 1 - 2/(e+1)
	default:
		if x == 0 {
			return x
		}
		s := float64(x * x)
		p := float64(tanhP0*s) + tanhP1
		p = float64(p*s) + tanhP2
		q := s + tanhQ0
		q = float64(q*s) + tanhQ1
		q = float64(q*s) + tanhQ2
		return x + float64(float64(x*s)*p)/q
	}
	return math.Copysign(z, x)
}
