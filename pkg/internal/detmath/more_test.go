package detmath

import (
	"math"
	"math/big"
	"strconv"
	"testing"
)

// The references below use other algorithms than the code under test:
// π by the Gauss–Legendre AGM (the code uses Machin's formula), sin and
// cos by their Taylor series after reduction mod 2π, erf by its Maclaurin
// series, and xʸ by bigExpOf(y·bigLog(x)) with the Taylor-and-squaring exp
// of detmath_test.go (the code uses a fixed ln 2 reduction).

const trigPrec = 1400 // enough for x·(1/2π) with x up to 2¹⁰²⁴ and 320 bits left

var refPi = func() *big.Float { // Gauss–Legendre: a, b, t, p → π ≈ (a+b)²/(4t)
	const p = trigPrec + 64
	f := func(v float64) *big.Float { return new(big.Float).SetPrec(p).SetFloat64(v) }
	a, b, t, q := f(1), new(big.Float).SetPrec(p).Sqrt(f(0.5)), f(0.25), f(1)
	for range 12 { // digits double each step: 2¹² ≫ 1464 bits
		an := new(big.Float).SetPrec(p).Add(a, b)
		an.Quo(an, f(2))
		b.Sqrt(new(big.Float).SetPrec(p).Mul(a, b))
		d := new(big.Float).SetPrec(p).Sub(a, an)
		d.Mul(d, d)
		t.Sub(t, d.Mul(d, q))
		q.Mul(q, f(2))
		a = an
	}
	s := new(big.Float).SetPrec(p).Add(a, b)
	s.Mul(s, s)
	return s.Quo(s, t.Mul(t, f(4)))
}()

// bigSinCos returns sin x and cos x to about prec bits: r = x − 2π·round(x/2π)
// at trigPrec bits, then the Taylor series of both on |r| ≤ π.
func bigSinCos(x float64) (sin, cos *big.Float) {
	twoPi := new(big.Float).SetPrec(trigPrec).Mul(refPi, big.NewFloat(2))
	r := new(big.Float).SetPrec(trigPrec).SetFloat64(x)
	q := new(big.Float).SetPrec(trigPrec).Quo(r, twoPi)
	qi, _ := q.Add(q, big.NewFloat(0.5)).Int(nil)
	if q.Sign() < 0 && !q.IsInt() {
		qi.Sub(qi, big.NewInt(1)) // Int truncates toward zero; we want ⌊q + ½⌋
	}
	r.Sub(r, new(big.Float).SetPrec(trigPrec).Mul(twoPi, new(big.Float).SetPrec(trigPrec).SetInt(qi)))
	r.SetPrec(prec)
	sin, cos = new(big.Float).SetPrec(prec), new(big.Float).SetPrec(prec).SetInt64(1)
	term := new(big.Float).SetPrec(prec).SetInt64(1) // rⁿ/n!
	for n := int64(1); n < 140; n++ {
		term.Mul(term, r)
		term.Quo(term, new(big.Float).SetInt64(n))
		switch n % 4 {
		case 1:
			sin.Add(sin, term)
		case 2:
			cos.Sub(cos, term)
		case 3:
			sin.Sub(sin, term)
		case 0:
			cos.Add(cos, term)
		}
	}
	return sin, cos
}

// bigErf returns erf x = (2/√π)·Σ (−1)ⁿ x^(2n+1)/(n!(2n+1)) for |x| < 6;
// the terms grow to about e^(x²) < 2⁵² before they fall, so 64 guard bits.
func bigErf(x float64) *big.Float {
	const p = prec + 64
	bx := new(big.Float).SetPrec(p).SetFloat64(x)
	x2 := new(big.Float).SetPrec(p).Mul(bx, bx)
	pow := new(big.Float).SetPrec(p).Set(bx) // (−1)ⁿ x^(2n+1)/n!
	sum := new(big.Float).SetPrec(p)
	for n := int64(0); n < 400; n++ {
		sum.Add(sum, new(big.Float).SetPrec(p).Quo(pow, new(big.Float).SetInt64(2*n+1)))
		pow.Mul(pow, x2)
		pow.Quo(pow, new(big.Float).SetInt64(-(n + 1)))
	}
	sqrtPi := new(big.Float).SetPrec(p).Sqrt(refPi)
	sum.Mul(sum, big.NewFloat(2))
	return sum.Quo(sum, sqrtPi)
}

// bigExpOf is bigExp for a multi-precision argument r: Taylor series of
// e^(r/2ᵐ), |r/2ᵐ| ≤ 2⁻¹², then m squarings.
func bigExpOf(r *big.Float) *big.Float {
	r = new(big.Float).SetPrec(prec).Set(r)
	m := 0
	for r.Sign() != 0 && r.MantExp(nil) > -12 {
		r.SetMantExp(r, -1)
		m++
	}
	sum := new(big.Float).SetPrec(prec).SetInt64(1)
	term := new(big.Float).SetPrec(prec).SetInt64(1)
	for n := int64(1); n < 60; n++ {
		term.Mul(term, r)
		term.Quo(term, new(big.Float).SetPrec(prec).SetInt64(n))
		sum.Add(sum, term)
	}
	for ; m > 0; m-- {
		sum.Mul(sum, sum)
	}
	return sum
}

func bigPow(x, y float64) *big.Float {
	t := bigLog(x)
	return bigExpOf(t.Mul(t, new(big.Float).SetPrec(prec).SetFloat64(y)))
}

func TestReferencePi(t *testing.T) {
	if p, _ := refPi.Float64(); p != math.Pi {
		t.Fatalf("AGM π = %v, want %v", p, math.Pi)
	}
	bigPiOnce.Do(initBigPi)
	d := new(big.Float).SetPrec(trigPrec).Sub(refPi, new(big.Float).SetPrec(trigPrec).Mul(bigHalfPi, big.NewFloat(2)))
	if d.Sign() != 0 && d.MantExp(nil) > -bigPrec+4 {
		t.Errorf("Machin π/2 and AGM π/2 differ by %v: more than %d bits apart", d, bigPrec)
	}
	// The Cody–Waite pieces add up to π/2 to the accuracy their comments claim.
	for _, c := range []struct {
		name   string
		pieces []float64
		bits   int
	}{
		{"pio2_1+pio2_1t", []float64{pio2_1, pio2_1t}, 85},                                // 33 + 53 bits
		{"pio2_1+pio2_2+pio2_2t", []float64{pio2_1, pio2_2, pio2_2t}, 118},                // 33 + 33 + 53
		{"pio2_1+pio2_2+pio2_3+pio2_3t", []float64{pio2_1, pio2_2, pio2_3, pio2_3t}, 151}, // 3·33 + 53
	} {
		s := new(big.Float).SetPrec(trigPrec).Quo(refPi, big.NewFloat(-2))
		for _, v := range c.pieces {
			s.Add(s, new(big.Float).SetFloat64(v))
		}
		if e := s.MantExp(nil); s.Sign() != 0 && e > -c.bits {
			t.Errorf("%s − π/2 = %v, larger than 2^-%d", c.name, s, c.bits)
		}
	}
}

// trigSamples are the arguments the trig tests use: small and moderate x,
// positions up to 1e6 rad, the Cody–Waite boundary, float64s nearest to
// multiples of π/2 (where the reduction cancels most), and huge x.
func trigSamples() []float64 {
	g := newTestRNG(11)
	xs := []float64{0, 1, -1, 0.5, math.Pi / 4, math.Nextafter(math.Pi/4, 1), math.Pi / 2, math.Pi, 2 * math.Pi, 0x1p-27, 0x1p-28, 1e-300,
		codyWaiteMax, math.Nextafter(codyWaiteMax, 0), math.Nextafter(codyWaiteMax, 2e6), 1e6, -1e6, 999999.5,
		0x1p52, 0x1p63, 1e22, 1e300, math.MaxFloat64, -math.MaxFloat64, 6381956970095103 * 0x1p797, 5.319372648326541e255}
	for i := 0; i < 1500; i++ {
		xs = append(xs, g.Uniform(-10, 10))
	}
	for i := 0; i < 800; i++ {
		xs = append(xs, g.Uniform(-1e6, 1e6))
	}
	for i := 0; i < 300; i++ {
		xs = append(xs, math.Ldexp(g.Uniform(-1, 1), g.IntN(1024)))
	}
	for n := 1.0; n < 3e6; n = math.Floor(n*1.37) + 1 {
		x := n * (math.Pi / 2) // float64 neighbours of n·π/2: result ≈ ±2⁻⁵³·x or smaller
		xs = append(xs, x, math.Nextafter(x, 0), math.Nextafter(x, math.Inf(1)), -x)
	}
	return xs
}

func TestSinCos(t *testing.T) {
	xs := trigSamples()
	refs := make(map[float64][2]float64, len(xs))
	for _, x := range xs {
		s, c := bigSinCos(x)
		sf, _ := s.Float64()
		cf, _ := c.Float64()
		refs[x] = [2]float64{sf, cf}
	}
	// math.Sin/Cos (Cephes) lose relative accuracy near their zeros (96
	// ulps seen at x ≈ 37π) and for huge x (25 ulps at 1.8e308): math/big
	// judges there, math only where |result| ≥ 1/16 and |x| ≤ 1e6.
	near := func(i int) func(float64) bool {
		return func(x float64) bool { return math.Abs(x) <= 1e6 && math.Abs(refs[x][i]) >= 1.0/16 }
	}
	checkAgainst(t, fn{"Sin", Sin, math.Sin, func(x float64) *big.Float { return big.NewFloat(refs[x][0]) }, near(0), 2}, xs)
	checkAgainst(t, fn{"Cos", Cos, math.Cos, func(x float64) *big.Float { return big.NewFloat(refs[x][1]) }, near(1), 2}, xs)
	for _, x := range []float64{math.Inf(1), math.Inf(-1), math.NaN()} {
		if !math.IsNaN(Sin(x)) || !math.IsNaN(Cos(x)) {
			t.Errorf("Sin(%v) = %v, Cos(%v) = %v; want NaN", x, Sin(x), x, Cos(x))
		}
	}
	if z := Sin(math.Copysign(0, -1)); z != 0 || !math.Signbit(z) {
		t.Errorf("Sin(−0) = %v, want −0", z)
	}
	// Published digits: sin 1, cos ½, and sin(π/6) = ½ up to the rounding
	// of π/6 (slope cos(π/6) < 1 and ulps are equal on both sides of ½
	// only above it, so 1 ulp).
	for _, c := range []struct {
		name string
		got  float64
		want string
	}{
		{"Sin(1)", Sin(1), "0.84147098480789650665250232163029899962256306079837"},
		{"Cos(0.5)", Cos(0.5), "0.87758256189037271611628158260382965199164519710974"},
		{"Cos(1)", Cos(1), "0.54030230586813971740093660744297660373231042061792"},
	} {
		want, _ := strconv.ParseFloat(c.want, 64)
		if c.got != want {
			t.Errorf("%s = %v, want %v (%s…)", c.name, c.got, want, c.want[:20])
		}
	}
	if d := ulps(Sin(math.Pi/6), 0.5); d > 1 {
		t.Errorf("Sin(π/6) = %v, want 0.5 within 1 ulp", Sin(math.Pi/6))
	}
	if Cos(math.Pi) != -1 { // cos(π + δ) = −1 + δ²/2, δ ≈ 1.2e-16
		t.Errorf("Cos(float64(π)) = %v, want −1", Cos(math.Pi))
	}
	// sin of the float64 nearest π is π − float64(π) ≈ 1.2246e-16.
	if got, want := Sin(math.Pi), 1.2246467991473532e-16; ulps(got, want) > 1 {
		t.Errorf("Sin(float64(π)) = %v, want %v", got, want)
	}
}

func TestErf(t *testing.T) {
	xs := samples(21, 2500, -6.5, 6.5)
	xs = append(xs, samples(22, 1000, -1.3, 1.3)...)
	xs = append(xs, 0.84375, math.Nextafter(0.84375, 0), 1.25, math.Nextafter(1.25, 0), 1/0.35, math.Nextafter(1/0.35, 0),
		6, math.Nextafter(6, 0), -6, 0x1p-28, 0x1p-29, 1e-300, 28, 100)
	checkAgainst(t, fn{"Erf", Erf, math.Erf, func(x float64) *big.Float {
		if math.Abs(x) >= 6 { // 1 − erf 6 ≈ 2.2e-17, below half an ulp of 1
			return big.NewFloat(math.Copysign(1, x))
		}
		if math.Abs(x) < 1e-30 { // erf x rounds to (2/√π)·x; the series is exact there too, but slow to round-trip
			return bigErf(x)
		}
		return bigErf(x)
	}, nil, 1}, xs)
	for _, c := range []struct{ x, want float64 }{{math.Inf(1), 1}, {math.Inf(-1), -1}, {0, 0}} {
		if got := Erf(c.x); got != c.want {
			t.Errorf("Erf(%v) = %v, want %v", c.x, got, c.want)
		}
	}
	if z := Erf(math.Copysign(0, -1)); z != 0 || !math.Signbit(z) {
		t.Errorf("Erf(−0) = %v, want −0", z)
	}
	if !math.IsNaN(Erf(math.NaN())) {
		t.Errorf("Erf(NaN) is not NaN")
	}
	for _, c := range []struct {
		x    float64
		want string
	}{
		{1, "0.84270079294971486934122063508260925929606699796630"},
		{0.5, "0.52049987781304653768274665389196452873645157575796"},
	} {
		want, _ := strconv.ParseFloat(c.want, 64)
		if got := Erf(c.x); got != want {
			t.Errorf("Erf(%v) = %v, want %v", c.x, got, want)
		}
	}
	// Φ(1.959963984540054) = 0.975, the two-sided 95% point of the normal.
	if phi := 0.5 * (1 + Erf(1.959963984540054/math.Sqrt2)); math.Abs(phi-0.975) > 1e-15 {
		t.Errorf("Φ(1.96) = %v, want 0.975", phi)
	}
}

func TestPow(t *testing.T) {
	g := newTestRNG(31)
	type xy struct{ x, y float64 }
	var cases []xy
	for i := 0; i < 1500; i++ { // x log-uniform over 1e±20, y over ±30
		cases = append(cases, xy{math.Exp(g.Uniform(-46, 46)), g.Uniform(-30, 30)})
	}
	for i := 0; i < 500; i++ { // near overflow and underflow
		x := math.Exp(g.Uniform(0.01, 5))
		cases = append(cases, xy{x, g.Uniform(650, 712) / math.Log(x)}, xy{x, g.Uniform(-750, -700) / math.Log(x)})
	}
	for _, d := range []int{64, 128} { // RoPE frequencies base^(−2i/d)
		for i := 0; i < d/2; i++ {
			cases = append(cases, xy{10000, -2 * float64(i) / float64(d)}, xy{500000, -2 * float64(i) / float64(d)})
		}
	}
	worstBig, worstStd := uint64(0), uint64(0)
	for _, c := range cases {
		got := Pow(c.x, c.y)
		want, _ := bigPow(c.x, c.y).Float64()
		if d := ulps(got, want); d > 1 {
			t.Errorf("Pow(%v, %v) = %v, true value rounds to %v: %d ulps apart", c.x, c.y, got, want, d)
		} else {
			worstBig = max(worstBig, d)
		}
		// package math's Pow multiplies by repeated squaring and loses
		// several ulps as |y·ln x| grows (5 ulps seen at ln xʸ ≈ −80): it
		// is only a coarse cross-check, where the result is moderate.
		if std := math.Pow(c.x, c.y); math.Abs(math.Log(std)) < 100 {
			if d := ulps(got, std); d > 16 {
				t.Errorf("Pow(%v, %v) = %v, math gives %v: %d ulps apart", c.x, c.y, got, std, d)
			} else {
				worstStd = max(worstStd, d)
			}
		}
	}
	t.Logf("Pow: %d values, worst %d ulp from math/big, %d ulp from math", len(cases), worstBig, worstStd)

	// Exact answers: powers of two and ten, square roots (correctly rounded
	// both ways), and decimal literals (Go parses them correctly rounded).
	for k := -1074; k <= 1023; k += 7 {
		if got := Pow(2, float64(k)); got != math.Ldexp(1, k) {
			t.Errorf("Pow(2, %d) = %v, want 2^%d", k, got, k)
		}
	}
	for k := -300; k <= 300; k++ {
		want, _ := strconv.ParseFloat("1e"+strconv.Itoa(k), 64)
		if got := Pow(10, float64(k)); got != want {
			t.Errorf("Pow(10, %d) = %v, want %v", k, got, want)
		}
	}
	for _, x := range samples(32, 300, 1e-5, 1e5) {
		if x > 0 && Pow(x, 0.5) != math.Sqrt(x) {
			t.Errorf("Pow(%v, 0.5) = %v, √x = %v", x, Pow(x, 0.5), math.Sqrt(x))
		}
	}
	for _, c := range []struct{ x, y, want float64 }{
		{4, 0.5, 2}, {8, 1.0 / 3, 2}, {10000, -0.25, 0.1}, {-2, 3, -8}, {-2, -2, 0.25}, {-8, 1, -8}, {0.5, 1074, 0x1p-1074},
	} {
		if got := Pow(c.x, c.y); got != c.want {
			t.Errorf("Pow(%v, %v) = %v, want %v", c.x, c.y, got, c.want)
		}
	}
}

// TestPowSpecial checks every special case of Pow's doc comment against
// package math, which documents the same IEEE 754 rules: the same value
// and sign wherever either is 0, ±Inf or NaN; a finite nonzero result is
// judged by math/big instead (math.Pow rounds √x·xⁿ twice for half-integer y).
func TestPowSpecial(t *testing.T) {
	inf, nan, negZero := math.Inf(1), math.NaN(), math.Copysign(0, -1)
	vals := []float64{0, negZero, 1, -1, 0.5, -0.5, 2, -2, 3, -3, 2.5, -2.5, inf, -inf, nan, 1e300, -1e300, 0x1p53, 0x1p53 + 2, -(0x1p53 + 1)}
	for _, x := range vals {
		for _, y := range vals {
			got, want := Pow(x, y), math.Pow(x, y)
			if math.IsNaN(got) && math.IsNaN(want) {
				continue
			}
			finite := got != 0 && want != 0 && !math.IsInf(got, 0) && !math.IsInf(want, 0) && math.Abs(x) < inf && math.Abs(y) < inf
			if finite {
				if ref, _ := bigPow(math.Abs(x), y).Float64(); ulps(math.Abs(got), ref) > 1 {
					t.Errorf("Pow(%v, %v) = %v, |true value| rounds to %v", x, y, got, ref)
				}
				continue
			}
			if got != want || math.Signbit(got) != math.Signbit(want) {
				t.Errorf("Pow(%v, %v) = %v, math.Pow gives %v", x, y, got, want)
			}
		}
	}
}
