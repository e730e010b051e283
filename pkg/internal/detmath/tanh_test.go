package detmath

import (
	"math"
	"math/big"
	"testing"
)

// ulpErr returns |got − truth| in units of the ulp of truth's float64
// rounding: the error before the comparison with a rounded value, so
// 0.5 is a correctly rounded result and < 1 is a faithful one.
func ulpErr(got float64, truth *big.Float) float64 {
	want, _ := truth.Float64()
	ulp := math.Nextafter(math.Abs(want), math.Inf(1)) - math.Abs(want)
	d := new(big.Float).SetPrec(prec).Sub(new(big.Float).SetPrec(prec).SetFloat64(got), truth)
	e, _ := d.Float64()
	return math.Abs(e) / ulp
}

// TestTanhFaithful is stricter than TestTanh: the error against the
// 320-bit value itself, not against its rounding, must stay below one
// ulp, densest where each formula is weakest: near 0.625, where the
// polynomial's correction term is largest and 2/(e^(2z)+1) is largest
// (its rounding counts most), and near the saturation at 19.06.
func TestTanhFaithful(t *testing.T) {
	xs := samples(11, 4000, 0.5, 1.2)
	xs = append(xs, samples(12, 2000, 1e-8, 0.625)...)
	xs = append(xs, samples(13, 2000, 1.2, 19.1)...)
	xs = append(xs, samples(14, 500, 18.9, 19.2)...)
	for x := math.Nextafter(0.625, 0); x < 0.625+1e-13; x = math.Nextafter(x, 1) {
		xs = append(xs, x) // every float64 for a few hundred steps across the switch
	}
	worst, at := 0.0, 0.0
	for _, x := range xs {
		if x == 0 || math.Abs(x) < 1e-30 {
			continue
		}
		e := ulpErr(Tanh(x), bigTanh(x))
		if e > worst {
			worst, at = e, x
		}
		if e >= 1 {
			t.Errorf("Tanh(%v) = %v: %.3f ulp from the true value", x, Tanh(x), e)
		}
		if got := Tanh(-x); got != -Tanh(x) {
			t.Errorf("Tanh(%v) = %v, not −Tanh(%v) = %v", -x, got, x, -Tanh(x))
		}
	}
	t.Logf("%d values, worst %.3f ulp from the true value (x = %v)", len(xs), worst, at)
	for _, x := range []float64{19.0616, 19.0625, 19.07, 20, 22} {
		if got := Tanh(x); got != 1 {
			t.Errorf("Tanh(%v) = %v, want 1 (1 − tanh x < 2⁻⁵⁴)", x, got)
		}
	}
	if got := Tanh(19.0614); got == 1 {
		t.Errorf("Tanh(19.0614) = 1; 1 − tanh x > 2⁻⁵⁴ there, which rounds to 1 − 2⁻⁵³")
	}
}

// TestExpFastPathBitIdentical: Exp now applies 2ᵏ by a multiplication
// with a float built from bits instead of math.Ldexp; that is exact for
// normal results, so every bit must equal the previous Exp's.
func TestExpFastPathBitIdentical(t *testing.T) {
	xs := samples(15, 20000, -745.2, 709.8)
	xs = append(xs, samples(16, 20000, -20, 20)...)
	xs = append(xs, expMax, expMin, -708.4, -707.7, 709.7, math.Inf(1), math.Inf(-1), math.NaN())
	for _, x := range xs {
		got, want := Exp(x), expBaseline(x)
		if math.Float64bits(got) != math.Float64bits(want) && !(math.IsNaN(got) && math.IsNaN(want)) {
			t.Errorf("Exp(%v) = %v, the Ldexp version gives %v", x, got, want)
		}
	}
}
