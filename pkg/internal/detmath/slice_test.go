package detmath

import (
	"fmt"
	"math"
	"strings"
	"testing"
)

// sliceFunc pairs a slice function of a kernel with its scalar truth.
type sliceFunc struct {
	name   string
	scalar func(float64) float64
	slice  func(k sliceKernel, dst, src []float64)
}

var sliceFuncs = []sliceFunc{
	{"Tanh", Tanh, sliceKernel.tanhSlice},
	{"Exp", Exp, sliceKernel.expSlice},
}

// neighbours appends x and the float64 values up to n steps below and
// above it, for x and −x.
func neighbours(xs []float64, x float64, n int) []float64 {
	for _, s := range []float64{x, -x} {
		lo, hi := s, s
		xs = append(xs, s)
		for i := 0; i < n; i++ {
			lo, hi = math.Nextafter(lo, math.Inf(-1)), math.Nextafter(hi, math.Inf(1))
			xs = append(xs, lo, hi)
		}
	}
	return xs
}

// specialInputs returns the values where the scalar code branches or
// changes behaviour, each with its neighbours on both sides.
func specialInputs() []float64 {
	xs := []float64{
		0, math.Copysign(0, -1), math.Inf(1), math.Inf(-1), math.NaN(), -math.NaN(),
		math.Float64frombits(0x7ff0000000000001), // signalling NaN
		math.Float64frombits(0xfff8000000000123), // negative NaN with a payload
	}
	for _, x := range []float64{
		math.SmallestNonzeroFloat64, 0x1p-1022, math.MaxFloat64, // subnormal, normal, largest
		0.625, tanhSat, 0x1.8p4, // tanh's switch, its saturation, w = 2z beyond 38
		expMax, expMin, 0x1p-28, // Exp's overflow, underflow and 1 + x thresholds
		1, 0.5, 2, 0.5 * math.Ln2, 709, 710, 745, 746,
	} {
		xs = neighbours(xs, x, 4)
	}
	// Exp's k = int(x·log2e ± ½) changes at x = (k + ½)·ln2; around
	// k = −1021…−1022 and 1023…1024 the result leaves the pow2 path
	// (subnormal results, or 2ᵏ overflowing); also every tanh k.
	for k := -1080; k <= -1010; k++ {
		xs = neighbours(xs, (float64(k)+0.5)*math.Ln2, 2)
	}
	for k := 1015; k <= 1025; k++ {
		xs = neighbours(xs, (float64(k)+0.5)*math.Ln2, 2)
	}
	for k := 0; k <= 56; k++ {
		xs = neighbours(xs, (float64(k)+0.5)*math.Ln2/2, 2)
	}
	return xs
}

// randomInputs returns n values from each of the brief's distributions:
// normal with σ = 0.3, 1, 3, 10; uniform on ±800 and ±20; subnormals of
// either sign (random mantissa bits, exponent field 0).
func randomInputs(seed uint64, n int) []float64 {
	g := newTestRNG(seed)
	var xs []float64
	for _, sigma := range []float64{0.3, 1, 3, 10} {
		for i := 0; i < n; i++ {
			xs = append(xs, sigma*g.r.NormFloat64())
		}
	}
	for _, a := range []float64{800, 20} {
		for i := 0; i < n; i++ {
			xs = append(xs, g.Uniform(-a, a))
		}
	}
	for i := 0; i < n; i++ {
		xs = append(xs, math.Float64frombits(g.r.Uint64()&(1<<63|1<<52-1)))
	}
	return xs
}

// checkBits fails unless got[i] has the bits of f(src[i]) for every i.
func checkBits(t *testing.T, what string, f func(float64) float64, got, src []float64) {
	t.Helper()
	bad := 0
	for i, x := range src {
		if want := f(x); math.Float64bits(got[i]) != math.Float64bits(want) {
			if bad < 5 {
				t.Errorf("%s: x = %v (%#016x): got %v (%#016x), scalar %v (%#016x)",
					what, x, math.Float64bits(x), got[i], math.Float64bits(got[i]), want, math.Float64bits(want))
			}
			bad++
		}
	}
	if bad > 0 {
		t.Errorf("%s: %d of %d results differ from the scalar function", what, bad, len(src))
	}
}

// TestSliceBitIdentical compares every kernel this build runs (AVX-512F,
// AVX2, the scalar loop) with the scalar function bit for bit: 7·150,000
// random inputs, then the special values and thresholds.
func TestSliceBitIdentical(t *testing.T) {
	n := 150000
	if testing.Short() {
		n = 10000
	}
	random, special := randomInputs(1, n), specialInputs()
	for _, k := range sliceKernels {
		t.Logf("kernel %s (%d lanes)", k.name, k.lanes)
		for _, f := range sliceFuncs {
			for _, in := range []struct {
				name string
				xs   []float64
			}{{"random", random}, {"special", special}} {
				got := make([]float64, len(in.xs))
				f.slice(k, got, in.xs)
				checkBits(t, fmt.Sprintf("%s/%s/%s", k.name, f.name, in.name), f.scalar, got, in.xs)
			}
		}
	}
}

// TestSliceTailsAndOffsets runs every length 0…40 from every start 0…8 of
// a buffer that mixes special and ordinary values, so that each value
// meets every lane, the tail loop and unaligned addresses, and checks
// that nothing outside dst[start:start+length] is written.
func TestSliceTailsAndOffsets(t *testing.T) {
	src := specialInputs()
	g := newTestRNG(2)
	for i := range src { // interleave ordinary values between the special ones
		if i%3 == 0 {
			src[i] = g.Uniform(-30, 30)
		}
	}
	const guard = 12345.678
	for _, k := range sliceKernels {
		for _, f := range sliceFuncs {
			for base := 0; base+60 < len(src); base += 37 {
				for start := 0; start <= 8; start++ {
					for length := 0; length <= 40; length++ {
						buf := make([]float64, 60)
						for i := range buf {
							buf[i] = guard
						}
						in := src[base+start : base+start+length]
						f.slice(k, buf[start:start+length], in)
						checkBits(t, fmt.Sprintf("%s/%s/start=%d/len=%d", k.name, f.name, start, length), f.scalar, buf[start:start+length], in)
						for i, v := range buf {
							if (i < start || i >= start+length) && v != guard {
								t.Fatalf("%s/%s: start %d, length %d: wrote buf[%d]", k.name, f.name, start, length, i)
							}
						}
					}
				}
			}
		}
	}
}

// TestSliceInPlace checks dst = src, the way the engine's callers may
// overwrite a buffer with its own exponentials.
func TestSliceInPlace(t *testing.T) {
	xs := randomInputs(3, 1000)
	for _, k := range sliceKernels {
		for _, f := range sliceFuncs {
			buf := append([]float64(nil), xs...)
			f.slice(k, buf, buf)
			checkBits(t, k.name+"/"+f.name+"/in-place", f.scalar, buf, xs)
		}
	}
}

func TestSliceLengthMismatchPanics(t *testing.T) {
	for _, c := range []struct {
		name string
		f    func(dst, src []float64)
	}{{"TanhSlice", TanhSlice}, {"ExpSlice", ExpSlice}} {
		func() {
			defer func() {
				msg, _ := recover().(string)
				want := "detmath: " + c.name + ": len(dst) = 3, len(src) = 4"
				if !strings.HasPrefix(msg, want) {
					t.Errorf("panic %q, want prefix %q", msg, want)
				}
			}()
			c.f(make([]float64, 3), make([]float64, 4))
		}()
	}
}

// fuzzSlice checks every kernel against the scalar function on the
// fuzzer's 8 values, from each start 0…3, with each value also alone.
func fuzzSlice(t *testing.T, f sliceFunc, in []float64) {
	for _, k := range sliceKernels {
		for start := 0; start < 4; start++ {
			got := make([]float64, len(in)-start)
			f.slice(k, got, in[start:])
			checkBits(t, k.name+"/"+f.name, f.scalar, got, in[start:])
		}
	}
}

func addSeeds(f *testing.F) {
	xs := specialInputs()
	for i := 0; i+8 <= len(xs); i += 24 {
		f.Add(xs[i], xs[i+1], xs[i+2], xs[i+3], xs[i+4], xs[i+5], xs[i+6], xs[i+7])
	}
	f.Add(0.1, -0.7, 3.0, 19.07, -745.2, 709.9, 1e-300, -20.0)
}

func FuzzTanhSlice(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, a, b, c, d, e, g, h, i float64) {
		fuzzSlice(t, sliceFuncs[0], []float64{a, b, c, d, e, g, h, i, a, b, c})
	})
}

func FuzzExpSlice(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, a, b, c, d, e, g, h, i float64) {
		fuzzSlice(t, sliceFuncs[1], []float64{a, b, c, d, e, g, h, i, a, b, c})
	})
}

// BenchmarkSliceKernels times each kernel on 16,384 inputs (the MLP's
// 64×256 hidden layer) drawn from N(0, σ²) (for Exp: −|x|, as softmax
// feeds it), in ns per value; "go" is the scalar function in a loop.
func BenchmarkSliceKernels(b *testing.B) {
	for _, f := range sliceFuncs {
		for _, sigma := range []float64{1, 3} {
			xs := normalInputs(16384, sigma)
			if f.name == "Exp" {
				for i := range xs {
					xs[i] = -math.Abs(xs[i])
				}
			}
			ys := make([]float64, len(xs))
			for _, k := range sliceKernels {
				b.Run(fmt.Sprintf("%s/sigma=%g/%s", f.name, sigma, k.name), func(b *testing.B) {
					for b.Loop() {
						f.slice(k, ys, xs)
					}
					b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(xs)), "ns/value")
				})
			}
		}
	}
}
