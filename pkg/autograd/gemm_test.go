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
