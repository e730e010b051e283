package gemm

import (
	"fmt"
	"math"
	"runtime"
	"strings"
	"testing"

	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/mat"

	"llminternals/pkg/rng"
)

// op returns x or xᵀ as a mat.Matrix.
func op(t bool, x *mat.Dense) mat.Matrix {
	if t {
		return x.T()
	}
	return x
}

// chain is the package doc's definition written out as the plainest
// triple loop, one element at a time: the truth for bitwise equality.
func chain(ta, tb bool, alpha float64, a, b *mat.Dense, beta float64, c *mat.Dense) *mat.Dense {
	oa, ob := op(ta, a), op(tb, b)
	m, k := oa.Dims()
	_, n := ob.Dims()
	out := mat.NewDense(m, n, nil)
	for i := 0; i < m; i++ {
		for j := 0; j < n; j++ {
			s := 0.0
			switch beta {
			case 0:
			case 1:
				s = c.At(i, j)
			default:
				s = beta * c.At(i, j)
			}
			for p := 0; p < k; p++ {
				x := oa.At(i, p)
				if alpha != 1 {
					x = alpha * x
				}
				s = math.FMA(x, ob.At(p, j), s)
			}
			out.Set(i, j, s)
		}
	}
	return out
}

// sum is the textbook float64 product alpha·Σₚ aᵢₚ bₚⱼ + beta·cᵢⱼ, no FMA:
// a second, independent check of the math, compared with a tolerance.
func sum(ta, tb bool, alpha float64, a, b *mat.Dense, beta float64, c *mat.Dense) *mat.Dense {
	oa, ob := op(ta, a), op(tb, b)
	m, k := oa.Dims()
	_, n := ob.Dims()
	out := mat.NewDense(m, n, nil)
	for i := 0; i < m; i++ {
		for j := 0; j < n; j++ {
			s := 0.0
			for p := 0; p < k; p++ {
				s += float64(oa.At(i, p) * ob.At(p, j))
			}
			out.Set(i, j, float64(alpha*s)+float64(beta*c.At(i, j)))
		}
	}
	return out
}

// view returns an r×c view into a larger random matrix, so its stride
// differs from its column count.
func view(g *rng.RNG, r, c int) *mat.Dense {
	big := g.NormalMatrix(r+1, c+3, 1)
	return big.Slice(1, r+1, 2, c+2).(*mat.Dense)
}

// sameBits fails unless got and want agree bit for bit.
func sameBits(t *testing.T, what string, got, want mat.Matrix) {
	t.Helper()
	r, c := want.Dims()
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			if g, w := got.At(i, j), want.At(i, j); math.Float64bits(g) != math.Float64bits(w) {
				t.Fatalf("%s: c[%d,%d] = %v (%#x), want %v (%#x)", what, i, j, g, math.Float64bits(g), w, math.Float64bits(w))
			}
		}
	}
}

// withKernel runs f with multiply using kernel kern (any of kernels,
// down to the pure-Go one that other CPUs and the purego tag use).
func withKernel(kern microKernel, f func()) {
	defer func(k microKernel) { active = k }(active)
	active = kern
	f()
}

// blockings are the cache-block sizes the tests run: the default, one
// that makes every k step, row tile and column tile its own block and
// packs every panel of B, and an odd one whose blocks end inside
// micro-tiles' worth of rows and columns and which reads B in place.
var blockings = []blocking{blocks, {1, 1, 1, 0}, {5, 17, 50, 1 << 30}}

// withBlocks runs f with the cache-block sizes set to bl.
func withBlocks(bl blocking, f func()) {
	defer func(old blocking) { blocks = old }(blocks)
	blocks = bl
	f()
}

// check runs one product through Dense, with the kernel and without, and
// holds both to chain (bitwise) and to sum (within rounding).
func check(t *testing.T, g *rng.RNG, m, n, k int, ta, tb bool, alpha, beta float64) {
	t.Helper()
	ar, ac := m, k
	if ta {
		ar, ac = k, m
	}
	br, bc := k, n
	if tb {
		br, bc = n, k
	}
	a, b, c0 := view(g, ar, ac), view(g, br, bc), view(g, m, n)
	want := chain(ta, tb, alpha, a, b, beta, c0)
	approx := sum(ta, tb, alpha, a, b, beta, c0)
	what := fmt.Sprintf("m=%d n=%d k=%d ta=%v tb=%v alpha=%v beta=%v", m, n, k, ta, tb, alpha, beta)
	for _, kern := range kernels {
		for _, bl := range blockings {
			c := mat.DenseCopyOf(c0)
			withBlocks(bl, func() { withKernel(kern, func() { Dense(ta, tb, alpha, a, b, beta, c) }) })
			sameBits(t, fmt.Sprintf("%s kernel=%s blocks=%v", what, kern.name, bl), c, want)
			if bl != blocks {
				continue
			}
			for i := 0; i < m; i++ {
				for j := 0; j < n; j++ {
					if d := math.Abs(c.At(i, j) - approx.At(i, j)); !(d <= 1e-13*float64(k+1)) {
						t.Fatalf("%s: c[%d,%d] = %v, float64 sum gives %v", what, i, j, c.At(i, j), approx.At(i, j))
					}
				}
			}
		}
	}
}

// FuzzGemm holds every path — each micro-kernel this CPU runs (AVX-512,
// AVX2, pure Go), padded edge tiles, k-, row- and column-block boundaries,
// B packed or read in place — to the canonical chain, bitwise, for fuzzed
// shapes, transposes, alpha, beta, strided operands and block sizes.
func FuzzGemm(f *testing.F) {
	f.Add(uint8(4), uint8(8), uint8(3), uint8(0), uint64(1))
	f.Add(uint8(7), uint8(10), uint8(5), uint8(3), uint64(2))
	f.Add(uint8(64), uint8(10), uint8(33), uint8(1), uint64(3))
	f.Add(uint8(1), uint8(1), uint8(1), uint8(2), uint64(4))
	f.Add(uint8(13), uint8(17), uint8(0), uint8(6), uint64(5))
	f.Add(uint8(9), uint8(11), uint8(6), uint8(15), uint64(6))
	f.Add(uint8(5), uint8(9), uint8(7), uint8(31), uint64(7))
	f.Fuzz(func(t *testing.T, m8, n8, k8, flags uint8, seed uint64) {
		m, n, k := int(m8)%70+1, int(n8)%70+1, int(k8)%70+1
		ta, tb := flags&1 != 0, flags&2 != 0
		beta := []float64{0, 1, -0.75, 1}[(flags>>2)%4]
		alpha := []float64{1, 1, 1, 0.3}[(flags>>4)%4]
		g := rng.New(seed)
		check(t, g, m, n, k, ta, tb, alpha, beta)
		// and once more per kernel with block sizes drawn from the seed,
		// so that the fuzzer also moves the kc, mc, nc boundaries
		bl := blocking{kc: int(seed%11) + 1, mc: int(seed>>8%40) + 1, nc: int(seed>>16%60) + 1, direct: int(seed >> 24 % 80)}
		for _, kern := range kernels {
			checkWith(t, g, kern, bl, m, n, k, ta, tb, alpha, beta)
		}
	})
}

// TestGemmLarge covers products big enough to be split over goroutines
// (FuzzGemm's shapes stay below parallelWork), in all transpose cases.
func TestGemmLarge(t *testing.T) {
	g := rng.New(8)
	const m, k, n = 68, 130, 203 // not multiples of 4 or 8
	if m*n*k < 2*parallelWork {
		t.Fatalf("shapes too small to exercise the parallel path")
	}
	for _, tt := range [][2]bool{{false, false}, {true, false}, {false, true}, {true, true}} {
		check(t, g, m, n, k, tt[0], tt[1], 1, 1)
	}
}

// TestRowAloneEqualsRowInBatch: a row of A multiplied on its own gives the
// same bits as the same row inside batches of 1..9 rows, wherever it sits
// (in a full micro-tile or a padded edge tile), for widths with and
// without edge columns, for every kernel and blocking.
func TestRowAloneEqualsRowInBatch(t *testing.T) {
	g := rng.New(11)
	for _, n := range []int{1, 3, 8, 10, 17, 25} {
		for _, k := range []int{1, 5, 64} {
			b := g.NormalMatrix(k, n, 1)
			for rows := 1; rows <= 9; rows++ {
				a := g.NormalMatrix(rows, k, 1)
				c0 := g.NormalMatrix(rows, n, 1)
				for _, beta := range []float64{0, 1} {
					for _, kern := range kernels {
						for _, bl := range blockings {
							withBlocks(bl, func() {
								withKernel(kern, func() {
									batch := mat.DenseCopyOf(c0)
									Dense(false, false, 1, a, b, beta, batch)
									for i := 0; i < rows; i++ {
										alone := mat.NewDense(1, n, append([]float64(nil), c0.RawRowView(i)...))
										Dense(false, false, 1, a.Slice(i, i+1, 0, k).(*mat.Dense), b, beta, alone)
										sameBits(t, fmt.Sprintf("n=%d k=%d row %d of %d, beta=%v kernel=%s blocks=%v", n, k, i, rows, beta, kern.name, bl),
											alone, batch.Slice(i, i+1, 0, n))
									}
								})
							})
						}
					}
				}
			}
		}
	}
}

// TestThreadsDoNotChangeBits: GOMAXPROCS 1 and 2 give the same bits, and
// the chain's, on products large enough to be split — over columns (n ≥ m)
// and over rows (m > n) — for every kernel, transposes and alpha, with the
// default and with tiny cache blocks. 99 rows leave a partial panel of A.
// With rows in one row block and many column blocks, the goroutines take
// the column blocks in turn, each keeping its packed A from one to the
// next: two more blockings, with narrow column blocks, take that path
// across k-blocks, with B packed and read in place.
func TestThreadsDoNotChangeBits(t *testing.T) {
	g := rng.New(12)
	for _, s := range [][3]int{{99, 200, 150}, {150, 200, 99}} {
		m, k, n := s[0], s[1], s[2]
		if m*n*k < 2*parallelWork {
			t.Fatalf("%v too small to be split over 2 goroutines", s)
		}
		for _, ta := range []bool{false, true} {
			for _, tb := range []bool{false, true} {
				a, b := g.NormalMatrix(m, k, 1), g.NormalMatrix(k, n, 1)
				if ta {
					a = g.NormalMatrix(k, m, 1)
				}
				if tb {
					b = g.NormalMatrix(n, k, 1)
				}
				for _, alpha := range []float64{1, 0.3} {
					want := chain(ta, tb, alpha, a, b, 0, mat.NewDense(m, n, nil))
					for _, kern := range kernels {
						for _, bl := range append(blockings[:2:2], blocking{7, 104, 24, 0}, blocking{5, 99, 24, 1 << 30}) {
							for _, procs := range []int{1, 2} {
								c := mat.NewDense(m, n, nil)
								func() {
									defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
									withBlocks(bl, func() { withKernel(kern, func() { Dense(ta, tb, alpha, a, b, 0, c) }) })
								}()
								sameBits(t, fmt.Sprintf("%dx%dx%d ta=%v tb=%v alpha=%v kernel=%s blocks=%v GOMAXPROCS=%d",
									m, k, n, ta, tb, alpha, kern.name, bl, procs), c, want)
							}
						}
					}
				}
			}
		}
	}
}

func TestBlockEdges(t *testing.T) {
	g := rng.New(13)
	for _, kern := range kernels {
		bl := blocking{kc: 7, mc: 2 * kern.mr, nc: 2 * kern.nr, direct: 0}
		for _, direct := range []int{0, 1 << 30} {
			bl.direct = direct
			for _, base := range [][3]int{{kern.mr, kern.nr, bl.kc}, {2 * kern.mr, 2 * kern.nr, 2 * bl.kc}, {4 * kern.mr, 4 * kern.nr, 3 * bl.kc}} {
				for _, d := range [][3]int{{0, 0, 0}, {-1, -1, -1}, {1, 1, 1}, {1, -1, 0}, {-1, 1, 1}} {
					m, n, k := base[0]+d[0], base[1]+d[1], base[2]+d[2]
					for tt := 0; tt < 4; tt++ {
						ta, tb := tt&1 != 0, tt&2 != 0
						checkWith(t, g, kern, bl, m, n, k, ta, tb, 1, 1)
					}
				}
			}
		}
	}
}

// checkWith is check for one kernel and one blocking: bitwise against the
// chain.
func checkWith(t *testing.T, g *rng.RNG, kern microKernel, bl blocking, m, n, k int, ta, tb bool, alpha, beta float64) {
	t.Helper()
	ar, ac := m, k
	if ta {
		ar, ac = k, m
	}
	br, bc := k, n
	if tb {
		br, bc = n, k
	}
	a, b, c := view(g, ar, ac), view(g, br, bc), view(g, m, n)
	want := chain(ta, tb, alpha, a, b, beta, c)
	withBlocks(bl, func() { withKernel(kern, func() { Dense(ta, tb, alpha, a, b, beta, c) }) })
	sameBits(t, fmt.Sprintf("m=%d n=%d k=%d ta=%v tb=%v kernel=%s blocks=%v", m, n, k, ta, tb, kern.name, bl), c, want)
}

// TestHandWorked checks a 2×2 product whose digits are worked by hand:
// [1 2; 3 4]·[5 6; 7 8] = [19 22; 43 50], then beta = 1 adds it again.
func TestHandWorked(t *testing.T) {
	a := mat.NewDense(2, 2, []float64{1, 2, 3, 4})
	b := mat.NewDense(2, 2, []float64{5, 6, 7, 8})
	c := mat.NewDense(2, 2, nil)
	Dense(false, false, 1, a, b, 0, c)
	sameBits(t, "a·b", c, mat.NewDense(2, 2, []float64{19, 22, 43, 50}))
	Dense(false, false, 1, a, b, 1, c)
	sameBits(t, "a·b + c", c, mat.NewDense(2, 2, []float64{38, 44, 86, 100}))
	Dense(true, true, 2, a, b, 0, c) // 2·aᵀbᵀ = 2·(ba)ᵀ; ba = [23 34; 31 46]
	sameBits(t, "2·aᵀ·bᵀ", c, mat.NewDense(2, 2, []float64{46, 62, 68, 92}))
}

// TestFMARoundsOnce shows the chain is fused: 1 + 2⁻⁵² times itself is
// 1 + 2⁻⁵¹ + 2⁻¹⁰⁴; minus 1 − 2⁻⁵¹ (from C) leaves 2⁻¹⁰⁴ only if the
// product is not rounded first.
func TestFMARoundsOnce(t *testing.T) {
	e := math.Ldexp(1, -52)
	for _, rows := range []int{1, 4} { // edge row and kernel block
		a := mat.NewDense(rows, 1, nil)
		c := mat.NewDense(rows, 8, nil)
		for i := 0; i < rows; i++ {
			a.Set(i, 0, 1+e)
			for j := 0; j < 8; j++ {
				c.Set(i, j, -(1 + 2*e))
			}
		}
		b := mat.NewDense(1, 8, nil)
		for j := 0; j < 8; j++ {
			b.Set(0, j, 1+e)
		}
		Dense(false, false, 1, a, b, 1, c)
		if got, want := c.At(rows-1, 7), math.Ldexp(1, -104); got != want {
			t.Errorf("rows=%d: got %v, want 2⁻¹⁰⁴ = %v", rows, got, want)
		}
	}
}

// TestBadShapesPanic: mismatched shapes, short data, bad strides and an
// aliased destination panic with "gemm: …" before any kernel runs.
func TestBadShapesPanic(t *testing.T) {
	ok := blas64.General{Rows: 4, Cols: 8, Stride: 8, Data: make([]float64, 32)}
	sq := blas64.General{Rows: 8, Cols: 8, Stride: 8, Data: make([]float64, 64)}
	cases := []struct {
		name    string
		a, b, c blas64.General
		want    string
	}{
		{"k mismatch", ok, ok, ok, "op(a) is 4×8, op(b) is 4×8"},
		{"c shape", ok, sq, sq, "c is 8×8"},
		{"short data", blas64.General{Rows: 4, Cols: 8, Stride: 8, Data: make([]float64, 31)}, sq, ok, "needs 32 values, has 31"},
		{"stride", blas64.General{Rows: 4, Cols: 8, Stride: 7, Data: make([]float64, 32)}, sq, ok, "stride 7"},
		{"negative", blas64.General{Rows: -1, Cols: 8}, sq, ok, "negative"},
		{"alias", ok, sq, ok, "shares memory"},
	}
	for _, tc := range cases {
		func() {
			defer func() {
				r := recover()
				s, _ := r.(string)
				if !strings.HasPrefix(s, "gemm: ") || !strings.Contains(s, tc.want) {
					t.Errorf("%s: panic %v, want a gemm: panic containing %q", tc.name, r, tc.want)
				}
			}()
			General(false, false, 1, tc.a, tc.b, 0, tc.c)
		}()
	}
}

// BenchmarkGemm1024 times C = A·B for 1024×1024 matrices and reports the
// rate in GFLOPS (2·n³ floating-point operations per product).
func BenchmarkGemm1024(b *testing.B) {
	const n = 1024
	g := rng.New(1)
	x, y := g.NormalMatrix(n, n, 1), g.NormalMatrix(n, n, 1)
	c := mat.NewDense(n, n, nil)
	for b.Loop() {
		Dense(false, false, 1, x, y, 0, c)
	}
	b.ReportMetric(2*n*n*n*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOPS")
}

// TestBetaZeroNeverReadsC: with beta = 0 the chains start from +0 whatever
// C holds, NaN and −0 included, on every kernel, edge and k-block.
func TestBetaZeroNeverReadsC(t *testing.T) {
	g := rng.New(12)
	for _, sh := range [][3]int{{8, 24, 5}, {16, 32, 300}, {5, 7, 3}, {9, 130, 64}, {64, 8, 16}} {
		m, n, k := sh[0], sh[1], sh[2]
		a, b := g.NormalMatrix(m, k, 1), g.NormalMatrix(k, n, 1)
		want := chain(false, false, 1, a, b, 0, mat.NewDense(m, n, nil))
		for _, kern := range kernels {
			for _, bl := range blockings {
				c := mat.NewDense(m, n, nil)
				for i := range c.RawMatrix().Data {
					c.RawMatrix().Data[i] = []float64{math.NaN(), math.Copysign(0, -1), math.Inf(1)}[i%3]
				}
				withBlocks(bl, func() { withKernel(kern, func() { Dense(false, false, 1, a, b, 0, c) }) })
				sameBits(t, fmt.Sprintf("%d×%d×%d kernel=%s blocks=%v", m, n, k, kern.name, bl), c, want)
			}
		}
	}
}

// TestSharedEqualsGeneral: Shared gives each product General's bits, for
// products of different widths (an empty one, a partial panel, several
// column blocks), with one row block or more (then it runs them one by
// one), strided operands, every kernel, the default and small cache
// blocks, and 1 or 2 goroutines.
func TestSharedEqualsGeneral(t *testing.T) {
	g := rng.New(21)
	for _, m := range []int{99, 256, 300} {
		k := 150
		widths := []int{150, 0, 5, 400, 48}
		a := view(g, m, k)
		var bs []*mat.Dense
		for _, n := range widths {
			bs = append(bs, view(g, k, n))
		}
		want := make([]*mat.Dense, len(widths))
		for i, n := range widths {
			if n == 0 {
				want[i] = &mat.Dense{}
				continue
			}
			want[i] = chain(false, false, 1, a, bs[i], 0, mat.NewDense(m, n, nil))
		}
		for _, kern := range kernels {
			for _, bl := range append(blockings[:1:1], blocking{7, 104, 24, 0}, blocking{5, 256, 50, 1 << 30}) {
				for _, procs := range []int{1, 2} {
					cs := make([]blas64.General, len(widths))
					bgs := make([]blas64.General, len(widths))
					outs := make([]*mat.Dense, len(widths))
					for i, n := range widths {
						if n == 0 {
							outs[i] = &mat.Dense{}
							cs[i] = blas64.General{Rows: m, Cols: 0, Stride: 1}
							bgs[i] = blas64.General{Rows: k, Cols: 0, Stride: 1}
							continue
						}
						outs[i] = view(g, m, n) // garbage: beta = 0 must not read it
						cs[i], bgs[i] = outs[i].RawMatrix(), bs[i].RawMatrix()
					}
					func() {
						defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
						withBlocks(bl, func() { withKernel(kern, func() { Shared(a.RawMatrix(), bgs, cs) }) })
					}()
					for i, n := range widths {
						if n > 0 {
							sameBits(t, fmt.Sprintf("m=%d product %d (n=%d) kernel=%s blocks=%v GOMAXPROCS=%d", m, i, n, kern.name, bl, procs), outs[i], want[i])
						}
					}
				}
			}
		}
	}
}

// TestSharedBadShapesPanic: a b whose rows are not a's columns, a c of the
// wrong shape, counts that differ and a c inside a b each panic naming
// what is wrong.
func TestSharedBadShapesPanic(t *testing.T) {
	a, b, c := mat.NewDense(4, 3, nil), mat.NewDense(3, 5, nil), mat.NewDense(4, 5, nil)
	bad := mat.NewDense(2, 5, nil)
	for _, tc := range []struct {
		name string
		f    func()
		want string
	}{
		{"b rows", func() { Shared(raw(a), []blas64.General{raw(bad)}, []blas64.General{raw(c)}) }, "b[0] is 2×5"},
		{"c shape", func() { Shared(raw(a), []blas64.General{raw(b)}, []blas64.General{raw(bad)}) }, "c[0] is 2×5"},
		{"counts", func() { Shared(raw(a), []blas64.General{raw(b), raw(b)}, []blas64.General{raw(c)}) }, "2 matrices b but 1 matrices c"},
		{"c in b", func() {
			big := mat.NewDense(4, 5, nil)
			Shared(raw(a), []blas64.General{raw(b), raw(big.Slice(0, 3, 0, 5).(*mat.Dense))}, []blas64.General{raw(c), raw(big)})
		}, "c[1] (4×5) shares memory"},
	} {
		func() {
			defer func() {
				r := fmt.Sprint(recover())
				if !strings.Contains(r, "gemm: Shared: ") || !strings.Contains(r, tc.want) {
					t.Errorf("%s: panic %q, want one containing %q", tc.name, r, tc.want)
				}
			}()
			tc.f()
		}()
	}
}
