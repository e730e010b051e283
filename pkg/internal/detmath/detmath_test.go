package detmath

import (
	"fmt"
	"math"
	"math/big"
	"math/rand/v2"
	"testing"
)

const prec = 320 // bits of the math/big reference values

// bigExp returns eˣ to prec bits: Taylor series of e^(x/2ᵐ) for a tiny
// argument, then m squarings (each loses under a bit of the 320).
func bigExp(x float64) *big.Float {
	m := 0
	for y := math.Abs(x); y > 0x1p-12; y /= 2 {
		m++
	}
	r := new(big.Float).SetPrec(prec).SetMantExp(big.NewFloat(x).SetPrec(prec), -m)
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

// bigLog returns ln x to prec bits for x > 0: x = 2ᵉ·u, u ∈ [½, 1), and
// ln u = 2·atanh((u−1)/(u+1)), ln 2 = 2·atanh(1/3), each as a series.
func bigLog(x float64) *big.Float {
	u, e := math.Frexp(x)
	atanh := func(s *big.Float) *big.Float { // 2·Σ s^(2n+1)/(2n+1)
		s2 := new(big.Float).SetPrec(prec).Mul(s, s)
		pow := new(big.Float).SetPrec(prec).Set(s)
		sum := new(big.Float).SetPrec(prec)
		for n := int64(0); n < 220; n++ {
			t := new(big.Float).SetPrec(prec).Quo(pow, new(big.Float).SetPrec(prec).SetInt64(2*n+1))
			sum.Add(sum, t)
			pow.Mul(pow, s2)
		}
		return sum.Mul(sum, big.NewFloat(2))
	}
	bu := new(big.Float).SetPrec(prec).SetFloat64(u)
	one := new(big.Float).SetPrec(prec).SetInt64(1)
	s := new(big.Float).SetPrec(prec).Quo(new(big.Float).SetPrec(prec).Sub(bu, one), new(big.Float).SetPrec(prec).Add(bu, one))
	third := new(big.Float).SetPrec(prec).Quo(one, new(big.Float).SetPrec(prec).SetInt64(3))
	ln2 := atanh(third)
	out := atanh(s)
	return out.Add(out, ln2.Mul(ln2, new(big.Float).SetPrec(prec).SetInt64(int64(e))))
}

// bigTanh returns tanh x = (e²ˣ − 1)/(e²ˣ + 1) to about prec bits.
func bigTanh(x float64) *big.Float {
	e := bigExp(2 * x)
	one := new(big.Float).SetPrec(prec).SetInt64(1)
	num := new(big.Float).SetPrec(prec).Sub(e, one)
	return num.Quo(num, new(big.Float).SetPrec(prec).Add(e, one))
}

// ulps returns how many representable float64 values lie between got and
// want (0 when equal; NaN matches NaN).
func ulps(got, want float64) uint64 {
	if math.IsNaN(got) && math.IsNaN(want) {
		return 0
	}
	if math.IsNaN(got) || math.IsNaN(want) || math.Signbit(got) != math.Signbit(want) && got != want {
		return math.MaxUint64
	}
	a, b := math.Float64bits(math.Abs(got)), math.Float64bits(math.Abs(want))
	if a > b {
		return a - b
	}
	return b - a
}

// samples returns the edge cases and n values spread over [lo, hi], plus
// values near ±lo·hi scales, deterministic for a seed.
func samples(seed uint64, n int, lo, hi float64) []float64 {
	g := newTestRNG(seed)
	xs := []float64{0, math.Copysign(0, -1), 1, -1, 0.5, 2, math.SmallestNonzeroFloat64, 0x1p-1022, 0x1p-30, -0x1p-30}
	for i := 0; i < n; i++ {
		xs = append(xs, g.Uniform(lo, hi))
	}
	return xs
}

type fn struct {
	name string
	det  func(float64) float64
	std  func(float64) float64
	big  func(float64) *big.Float
	// stdOK limits the comparison with package math to where math itself
	// is right on this machine (see TestExp and TestLog).
	stdOK func(float64) bool
	// fromStd is the largest distance from math allowed: 1 ulp where both
	// use the same algorithm, 2 where each is within 1 ulp of the truth
	// but may round the other way.
	fromStd uint64
}

func checkAgainst(t *testing.T, f fn, xs []float64) {
	t.Helper()
	worstBig, worstStd := uint64(0), uint64(0)
	for _, x := range xs {
		got := f.det(x)
		if f.stdOK == nil || f.stdOK(x) {
			if d := ulps(got, f.std(x)); d > f.fromStd {
				t.Errorf("%s(%v) = %v, math gives %v: %d ulps apart", f.name, x, got, f.std(x), d)
			} else {
				worstStd = max(worstStd, d)
			}
		}
		if f.big != nil {
			want, _ := f.big(x).Float64()
			if d := ulps(got, want); d > 1 {
				t.Errorf("%s(%v) = %v, true value rounds to %v: %d ulps apart", f.name, x, got, want, d)
			} else {
				worstBig = max(worstBig, d)
			}
		}
	}
	t.Logf("%s: %d values, worst %d ulp from math/big, %d ulp from math", f.name, len(xs), worstBig, worstStd)
}

func TestExp(t *testing.T) {
	xs := samples(1, 3000, -745, 710)
	xs = append(xs, samples(2, 2000, -2, 2)...)
	xs = append(xs, expMax, math.Nextafter(expMax, 0), -708.39, -740, -745.1, 1e-300, -1e-300)
	checkAgainst(t, fn{"Exp", Exp, math.Exp, func(x float64) *big.Float {
		if x < -708.4 { // subnormal results: compare with math (exact rounding of a subnormal is coarse)
			return new(big.Float).SetFloat64(math.Exp(x))
		}
		return bigExp(x)
	}, func(x float64) bool {
		// amd64's math.Exp assembly returns +Inf from about 709.5 on,
		// below the true overflow threshold 709.78: math/big judges there.
		return x < 709
	}, 1}, xs)
	for _, c := range []struct{ x, want float64 }{
		{math.Inf(1), math.Inf(1)}, {math.Inf(-1), 0}, {710, math.Inf(1)}, {-746, 0}, {0, 1},
		{math.Copysign(0, -1), 1}, {1, math.E},
	} {
		if got := Exp(c.x); got != c.want {
			t.Errorf("Exp(%v) = %v, want %v", c.x, got, c.want)
		}
	}
	if !math.IsNaN(Exp(math.NaN())) {
		t.Errorf("Exp(NaN) is not NaN")
	}
}

func TestLog(t *testing.T) {
	g := newTestRNG(3)
	var xs []float64
	for i := 0; i < 3000; i++ { // log-uniform over the whole range, subnormals included
		xs = append(xs, math.Ldexp(g.Uniform(0.5, 1), g.IntN(2098)-1073))
	}
	xs = append(xs, samples(4, 2000, 0.5, 2)...)
	xs = append(xs, math.MaxFloat64, math.SmallestNonzeroFloat64, math.Nextafter(1, 0), math.Nextafter(1, 2), math.E)
	var pos []float64
	for _, x := range xs {
		if x > 0 {
			pos = append(pos, x)
		}
	}
	// amd64's math.Log assembly is wrong for subnormal x (it ignores the
	// missing implicit bit): there math/big alone is the judge.
	checkAgainst(t, fn{"Log", Log, math.Log, bigLog, func(x float64) bool { return x >= 0x1p-1022 }, 1}, pos)
	for _, c := range []struct{ x, want float64 }{
		{math.Inf(1), math.Inf(1)}, {0, math.Inf(-1)}, {math.Copysign(0, -1), math.Inf(-1)}, {1, 0},
	} {
		if got := Log(c.x); got != c.want {
			t.Errorf("Log(%v) = %v, want %v", c.x, got, c.want)
		}
	}
	for _, x := range []float64{-1, math.Inf(-1), math.NaN(), -math.SmallestNonzeroFloat64} {
		if !math.IsNaN(Log(x)) {
			t.Errorf("Log(%v) = %v, want NaN", x, Log(x))
		}
	}
}

func TestTanh(t *testing.T) {
	xs := samples(5, 3000, -25, 25)
	xs = append(xs, samples(6, 2000, -1, 1)...)
	xs = append(xs, 0.625, math.Nextafter(0.625, 0), -0.625, 22, 22.5, 1e-300, 1e-10, -1e-10)
	checkAgainst(t, fn{"Tanh", Tanh, math.Tanh, func(x float64) *big.Float {
		if math.Abs(x) < 1e-30 { // tanh x rounds to x; the e²ˣ − 1 form would cancel
			return new(big.Float).SetFloat64(x)
		}
		return bigTanh(x)
	}, nil, 2}, xs)
	for _, c := range []struct{ x, want float64 }{{math.Inf(1), 1}, {math.Inf(-1), -1}, {100, 1}, {-100, -1}} {
		if got := Tanh(c.x); got != c.want {
			t.Errorf("Tanh(%v) = %v, want %v", c.x, got, c.want)
		}
	}
	if z := Tanh(math.Copysign(0, -1)); z != 0 || !math.Signbit(z) {
		t.Errorf("Tanh(−0) = %v, want −0", z)
	}
	if !math.IsNaN(Tanh(math.NaN())) {
		t.Errorf("Tanh(NaN) is not NaN")
	}
}

// TestBigReference sanity-checks the reference itself on known digits.
func TestBigReference(t *testing.T) {
	if e, _ := bigExp(1).Float64(); e != math.E {
		t.Errorf("bigExp(1) = %v, want e = %v", e, math.E)
	}
	if l, _ := bigLog(2).Float64(); l != math.Ln2 {
		t.Errorf("bigLog(2) = %v, want ln 2 = %v", l, math.Ln2)
	}
	if l, _ := bigLog(10).Float64(); l != math.Ln10 {
		t.Errorf("bigLog(10) = %v, want ln 10 = %v", l, math.Ln10)
	}
}

var sink float64

func BenchmarkExp(b *testing.B) {
	for b.Loop() {
		sink += Exp(sink*1e-300 + 0.7)
	}
}

func BenchmarkMathExp(b *testing.B) {
	for b.Loop() {
		sink += math.Exp(sink*1e-300 + 0.7)
	}
}

func BenchmarkLog(b *testing.B) {
	for b.Loop() {
		sink += Log(sink*1e-300 + 0.7)
	}
}

func BenchmarkMathLog(b *testing.B) {
	for b.Loop() {
		sink += math.Log(sink*1e-300 + 0.7)
	}
}

func BenchmarkTanh(b *testing.B) {
	for b.Loop() {
		sink += Tanh(sink*1e-300 + 0.7)
	}
}

func BenchmarkMathTanh(b *testing.B) {
	for b.Loop() {
		sink += math.Tanh(sink*1e-300 + 0.7)
	}
}

// normalInputs returns n draws of N(0, σ²), the spread of an MLP's
// pre-activations, for the throughput benchmarks.
func normalInputs(n int, sigma float64) []float64 {
	g := newTestRNG(7)
	xs := make([]float64, n)
	for i := range xs {
		xs[i] = sigma * g.r.NormFloat64()
	}
	return xs
}

// benchSlice times f over 16,384 inputs (the MLP's 64×256 hidden layer)
// and reports ns per call. Unlike the latency chains above, the calls
// are independent, as in a layer, so this is throughput, and the branches
// on |x| are as unpredictable as in real data.
func benchSlice(b *testing.B, f func(float64) float64, sigma float64) {
	xs := normalInputs(16384, sigma)
	ys := make([]float64, len(xs))
	for b.Loop() {
		for i, x := range xs {
			ys[i] = f(x)
		}
	}
	sink += ys[0]
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(xs)), "ns/call")
}

func BenchmarkTanhSlice(b *testing.B) {
	for _, sigma := range []float64{1, 3} {
		b.Run(fmt.Sprintf("sigma=%g/new", sigma), func(b *testing.B) { benchSlice(b, Tanh, sigma) })
		b.Run(fmt.Sprintf("sigma=%g/old", sigma), func(b *testing.B) { benchSlice(b, tanhBaseline, sigma) })
		b.Run(fmt.Sprintf("sigma=%g/math", sigma), func(b *testing.B) { benchSlice(b, math.Tanh, sigma) })
	}
}

func BenchmarkExpSlice(b *testing.B) {
	// Softmax feeds Exp with x − max ≤ 0.
	for _, sigma := range []float64{1, 3} {
		neg := func(f func(float64) float64) func(float64) float64 {
			return func(x float64) float64 { return f(-math.Abs(x)) }
		}
		b.Run(fmt.Sprintf("sigma=%g/new", sigma), func(b *testing.B) { benchSlice(b, neg(Exp), sigma) })
		b.Run(fmt.Sprintf("sigma=%g/old", sigma), func(b *testing.B) { benchSlice(b, neg(expBaseline), sigma) })
		b.Run(fmt.Sprintf("sigma=%g/math", sigma), func(b *testing.B) { benchSlice(b, neg(math.Exp), sigma) })
	}
}

// testRNG draws the tests' inputs. It cannot be pkg/rng, which imports
// this package for its normal sampler.
type testRNG struct{ r *rand.Rand }

func newTestRNG(seed uint64) testRNG {
	return testRNG{rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15))}
}

// Uniform returns a uniform value in [lo, hi).
func (g testRNG) Uniform(lo, hi float64) float64 { return lo + float64((hi-lo)*g.r.Float64()) }

// IntN returns a uniform integer in [0, n).
func (g testRNG) IntN(n int) int { return g.r.IntN(n) }
