package autograd

import (
	"runtime"
	"sync"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/mat"
)

// gemm computes c = alpha·op(a)·op(b) + beta·c on the raw storage, where
// op transposes when ta / tb is set. Calling BLAS-style directly lets
// backward passes accumulate into gradients (beta = 1) with no temporary
// result matrix.
//
// Why not just gonum: its native Go Dgemm streams rows of C through an
// SSE2 axpy and reaches about a quarter of PyTorch's single-thread float64
// speed on the benchmark MLP. On amd64 CPUs with AVX2 and FMA we use the
// register-blocked 4×8 kernel in gemm_amd64.s instead (gemmAcc), checked
// against a naive triple loop by FuzzGemm; everywhere else gonum.
func gemm(ta, tb bool, alpha float64, a, b *mat.Dense, beta float64, c *mat.Dense) {
	cr, cc := c.Dims()
	k := a.RawMatrix().Cols
	if ta {
		k = a.RawMatrix().Rows
	}
	if cr == 0 || cc == 0 {
		return
	}
	if k == 0 || beta != 1 {
		if beta == 0 {
			c.Zero()
		} else if beta != 1 {
			c.Scale(beta, c)
		}
		if k == 0 {
			return
		}
	}
	if haveKernel && alpha == 1 {
		ar, br := a.RawMatrix(), b.RawMatrix()
		rc := c.RawMatrix()
		rs, cs := ar.Stride, 1 // op(A)(i, p) = A(i, p)
		if ta {
			rs, cs = 1, ar.Stride // op(A)(i, p) = A(p, i): read in place
		}
		bd, ldb := br.Data, br.Stride
		if tb { // B's rows must be contiguous for the kernel's vector loads
			buf := transposed(br)
			defer scratch.Put(buf)
			bd, ldb = *buf, br.Rows
		}
		gemmAcc(cr, cc, k, ar.Data, rs, cs, bd, ldb, rc.Data, rc.Stride)
		return
	}
	t := func(x bool) blas.Transpose {
		if x {
			return blas.Trans
		}
		return blas.NoTrans
	}
	blas64.Gemm(t(ta), t(tb), alpha, a.RawMatrix(), b.RawMatrix(), 1, c.RawMatrix())
}

// scratch recycles the buffers that hold transposed operands and padded
// panels, so steady-state training allocates none for them.
var scratch = sync.Pool{New: func() any { return new([]float64) }}

// transposed returns a pooled buffer holding mᵀ, row-major with stride
// m.Rows. Transposing costs O(r·c), against O(r·c·n) for the product.
func transposed(m blas64.General) *[]float64 {
	buf := scratch.Get().(*[]float64)
	if cap(*buf) < m.Rows*m.Cols {
		*buf = make([]float64, m.Rows*m.Cols)
	}
	*buf = (*buf)[:m.Rows*m.Cols]
	t := *buf
	for i := 0; i < m.Rows; i++ {
		row := m.Data[i*m.Stride : i*m.Stride+m.Cols]
		for j, x := range row {
			t[j*m.Rows+i] = x
		}
	}
	return buf
}

// gemmAcc does C += A·B for A m×k with A(i, p) at a[i·rs + p·cs], and
// row-major B (k×n, stride ldb) and C (m×n, stride ldc). Blocks of 4 rows
// × 8 columns go to the assembly kernel — column blocks outermost, so that
// the k×8 panel of B stays in the L1 cache while every row block of A
// streams past it. The last n mod 8 columns (the 10 classes of a
// classifier leave 2) are zero-padded to a full panel so the kernel does
// them too; the last m mod 4 rows go to gemmEdge.
func gemmAcc(m, n, k int, a []float64, rs, cs int, b []float64, ldb int, c []float64, ldc int) {
	m4, n8 := m-m%4, n-n%8
	panels := func(j0, j1 int) {
		for j := j0; j < j1; j += 8 {
			for i := 0; i < m4; i += 4 {
				kernel4x8(k, a[i*rs:], rs, cs, b[j:], ldb, c[i*ldc+j:], ldc)
			}
		}
	}
	// Large products split their column panels over the available cores;
	// each goroutine writes its own columns of C, so no locking is needed.
	workers := min(runtime.GOMAXPROCS(0), n8/8, m4*n8*k/parallelWork)
	if workers > 1 {
		var wg sync.WaitGroup
		per := (n8/8 + workers - 1) / workers * 8
		for j0 := 0; j0 < n8; j0 += per {
			wg.Go(func() { panels(j0, min(j0+per, n8)) })
		}
		wg.Wait()
	} else {
		panels(0, n8)
	}
	if n8 < n && m4 > 0 {
		w := n - n8
		pb, pc := scratch.Get().(*[]float64), scratch.Get().(*[]float64)
		defer scratch.Put(pb)
		defer scratch.Put(pc)
		bp, cp := zeroed(pb, k*8), zeroed(pc, m4*8)
		for p := 0; p < k; p++ {
			copy(bp[p*8:p*8+w], b[p*ldb+n8:p*ldb+n])
		}
		for i := 0; i < m4; i += 4 {
			kernel4x8(k, a[i*rs:], rs, cs, bp, 8, cp[i*8:], 8)
		}
		for i := 0; i < m4; i++ {
			addRow(c[i*ldc+n8:i*ldc+n], cp[i*8:i*8+w])
		}
	}
	gemmEdge(m4, m, 0, n, k, a, rs, cs, b, ldb, c, ldc)
}

// parallelWork is the number of multiply-adds (about 50 µs of work) below
// which a product is not worth splitting over goroutines.
const parallelWork = 1 << 19

// zeroed resizes the pooled buffer to n zeros.
func zeroed(buf *[]float64, n int) []float64 {
	if cap(*buf) < n {
		*buf = make([]float64, n)
	}
	*buf = (*buf)[:n]
	clear(*buf)
	return *buf
}

// gemmEdge does C[i0:i1, j0:j1] += A[i0:i1, :]·B[:, j0:j1] with plain
// loops, A addressed as in gemmAcc.
func gemmEdge(i0, i1, j0, j1, k int, a []float64, rs, cs int, b []float64, ldb int, c []float64, ldc int) {
	if i0 >= i1 || j0 >= j1 {
		return
	}
	for i := i0; i < i1; i++ {
		crow := c[i*ldc+j0 : i*ldc+j1]
		for p := 0; p < k; p++ {
			aip := a[i*rs+p*cs]
			brow := b[p*ldb+j0 : p*ldb+j1]
			for j := range crow {
				crow[j] += aip * brow[j]
			}
		}
	}
}
