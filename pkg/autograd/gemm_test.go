package autograd

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"

	"llminternals/pkg/rng"
)

// naiveProduct is the textbook triple loop, op(a)·op(b), the reference the
// fast kernel is held to.
func naiveProduct(ta, tb bool, a, b *mat.Dense) *mat.Dense {
	at, bt := mat.Matrix(a), mat.Matrix(b)
	if ta {
		at = a.T()
	}
	if tb {
		bt = b.T()
	}
	n, k := at.Dims()
	_, m := bt.Dims()
	out := mat.NewDense(n, m, nil)
	for i := 0; i < n; i++ {
		for j := 0; j < m; j++ {
			s := 0.0
			for p := 0; p < k; p++ {
				s += at.At(i, p) * bt.At(p, j)
			}
			out.Set(i, j, s)
		}
	}
	return out
}

// FuzzGemm checks c = op(a)·op(b) + beta·c, through the assembly kernel
// where the CPU has it, against naiveProduct for every shape, transpose
// and beta, with strided views as operands.
func FuzzGemm(f *testing.F) {
	f.Add(uint8(4), uint8(8), uint8(3), uint8(0), uint64(1))
	f.Add(uint8(7), uint8(10), uint8(5), uint8(3), uint64(2))
	f.Add(uint8(64), uint8(10), uint8(33), uint8(1), uint64(3))
	f.Add(uint8(1), uint8(1), uint8(1), uint8(2), uint64(4))
	f.Add(uint8(13), uint8(17), uint8(0), uint8(6), uint64(5))
	f.Add(uint8(9), uint8(11), uint8(6), uint8(15), uint64(6))
	f.Fuzz(func(t *testing.T, n8, m8, k8, flags uint8, seed uint64) {
		n, m, k := int(n8)%70+1, int(m8)%70+1, int(k8)%70
		ta, tb, beta := flags&1 != 0, flags&2 != 0, float64((flags>>2)%2)
		if flags&8 != 0 { // also exercise the gonum fallback
			defer func(h bool) { haveKernel = h }(haveKernel)
			haveKernel = false
		}
		g := rng.New(seed)
		// Operands are views into larger matrices, so strides ≠ columns.
		view := func(r, c int) *mat.Dense {
			big := g.NormalMatrix(r+1, c+3, 1)
			return big.Slice(1, r+1, 2, c+2).(*mat.Dense)
		}
		ar, ac := n, k
		if ta {
			ar, ac = k, n
		}
		br, bc := k, m
		if tb {
			br, bc = m, k
		}
		if k == 0 { // gonum cannot make 0-sized views; keep k ≥ 1 here
			k, ac, br = 1, max(ac, 1), max(br, 1)
			if ta {
				ar = 1
			}
			if tb {
				bc = 1
			}
		}
		a, b, c := view(ar, ac), view(br, bc), view(n, m)
		want := naiveProduct(ta, tb, a, b)
		if beta != 0 {
			want.Add(want, c)
		}
		gemm(ta, tb, 1, a, b, beta, c)
		for i := 0; i < n; i++ {
			for j := 0; j < m; j++ {
				if d := math.Abs(c.At(i, j) - want.At(i, j)); !(d < 1e-12*float64(k+1)) {
					t.Fatalf("n=%d m=%d k=%d ta=%v tb=%v beta=%v: c[%d,%d] = %v, want %v",
						n, m, k, ta, tb, beta, i, j, c.At(i, j), want.At(i, j))
				}
			}
		}
	})
}

// TestGemmLarge covers products big enough to be split over goroutines
// (FuzzGemm's shapes stay below parallelWork), in all transpose cases.
func TestGemmLarge(t *testing.T) {
	g := rng.New(8)
	const n, k, m = 68, 130, 203 // not multiples of 4 or 8
	for _, tt := range [][2]bool{{false, false}, {true, false}, {false, true}, {true, true}} {
		ta, tb := tt[0], tt[1]
		a, b := g.NormalMatrix(n, k, 1), g.NormalMatrix(k, m, 1)
		if ta {
			a = g.NormalMatrix(k, n, 1)
		}
		if tb {
			b = g.NormalMatrix(m, k, 1)
		}
		c := g.NormalMatrix(n, m, 1)
		want := naiveProduct(ta, tb, a, b)
		want.Add(want, c)
		gemm(ta, tb, 1, a, b, 1, c)
		var diff mat.Dense
		diff.Sub(c, want)
		if e := mat.Norm(&diff, math.Inf(1)); e > 1e-10 {
			t.Errorf("ta=%v tb=%v: max row-sum error %v", ta, tb, e)
		}
	}
	if n*m*k < 2*parallelWork {
		t.Errorf("shapes too small to exercise the parallel path")
	}
}
