// Package gemm is the engine's one matrix multiply,
// C = alpha·op(A)·op(B) + beta·C, with op(X) = X or Xᵀ.
//
// # The canonical arithmetic
//
// Every output element is defined as one chain of fused multiply-adds in
// increasing k, starting from C's current value:
//
//	c ← beta·c                       (beta = 0: c ← 0; beta = 1: c unchanged)
//	c ← fma(a'[i,0], b[0,j], c)
//	c ← fma(a'[i,1], b[1,j], c)
//	…
//	c ← fma(a'[i,K-1], b[K-1,j], c)
//
// where fma(x, y, z) = x·y + z rounded once (math.FMA), b = op(B), and
// a' = op(A) when alpha = 1, otherwise a'[i,p] = alpha·op(A)[i,p] rounded
// (A is scaled before the product, never the sum after it). A beta other
// than 0 or 1 scales C first, each entry rounded.
//
// The result of an element therefore depends only on row i of op(A),
// column j of op(B), its own starting value, alpha and beta. It does not
// depend on which code path computes it (the AVX2/FMA kernel on amd64, its
// zero-padded edge columns, the Go loops for edge rows, the pure-Go
// fallback on other CPUs or under the purego build tag), on where the row
// sits in a batch, or on the number of goroutines: work is split over
// columns of C, never over k. A future cache-blocked or AVX-512 kernel may
// split k into blocks only by carrying c from block to block in the same
// order, which leaves these bits unchanged.
package gemm

import (
	"fmt"
	"math"
	"runtime"
	"sync"
	"unsafe"

	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/mat"
)

// Dense computes c = alpha·op(a)·op(b) + beta·c in the canonical
// arithmetic of the package doc, op transposing when ta / tb is set.
// It panics with "gemm: …" if the shapes do not agree or if c overlaps
// a or b. A zero-value (0×0) matrix is accepted as an empty operand.
func Dense(ta, tb bool, alpha float64, a, b *mat.Dense, beta float64, c *mat.Dense) {
	General(ta, tb, alpha, raw(a), raw(b), beta, raw(c))
}

// raw returns m's storage. An empty matrix (tensor.New(0, d), or the
// zero-value Dense, which is 0×0) keeps its dimensions: its Data is nil.
func raw(m *mat.Dense) blas64.General {
	return m.RawMatrix()
}

// General computes c = alpha·op(a)·op(b) + beta·c on row-major storage
// (element (i, j) of x at x.Data[i·x.Stride + j]) in the canonical
// arithmetic of the package doc. Dimensions, strides and slice lengths are
// checked here, before any assembly reads memory; a violation panics with
// "gemm: …" naming the shapes.
func General(ta, tb bool, alpha float64, a, b blas64.General, beta float64, c blas64.General) {
	checkStorage("a", a)
	checkStorage("b", b)
	checkStorage("c", c)
	m, k := a.Rows, a.Cols
	if ta {
		m, k = k, m
	}
	kb, n := b.Rows, b.Cols
	if tb {
		kb, n = n, kb
	}
	if m != c.Rows || n != c.Cols || k != kb {
		panic(fmt.Sprintf("gemm: General: op(a) is %d×%d, op(b) is %d×%d, c is %d×%d; need op(a) m×k, op(b) k×n, c m×n",
			m, k, kb, n, c.Rows, c.Cols))
	}
	if m == 0 || n == 0 {
		return
	}
	if overlaps(c, a) || overlaps(c, b) {
		panic(fmt.Sprintf("gemm: General: c (%d×%d) shares memory with a or b; the product needs a separate destination", c.Rows, c.Cols))
	}
	switch beta {
	case 0:
		for i := 0; i < m; i++ {
			clear(c.Data[i*c.Stride : i*c.Stride+n])
		}
	case 1:
	default:
		for i := 0; i < m; i++ {
			row := c.Data[i*c.Stride : i*c.Stride+n]
			for j := range row {
				row[j] *= beta
			}
		}
	}
	if k == 0 {
		return
	}
	// op(A)(i, p) = a.Data[i·rs + p·cs]: a transposed A is read in place.
	ad, rs, cs := a.Data, a.Stride, 1
	if ta {
		rs, cs = 1, a.Stride
	}
	if alpha != 1 {
		buf := scaled(alpha, ad, m, k, rs, cs)
		defer scratch.Put(buf)
		ad, rs, cs = *buf, k, 1
	}
	bd, ldb := b.Data, b.Stride
	if tb { // B's rows must be contiguous for the kernel's vector loads
		buf := transposed(b)
		defer scratch.Put(buf)
		bd, ldb = *buf, b.Rows
	}
	accumulate(m, n, k, ad, rs, cs, bd, ldb, c.Data, c.Stride)
}

// checkStorage panics unless x's dimensions, stride and data length
// describe a valid row-major matrix: every element the product can touch
// lies inside x.Data.
func checkStorage(name string, x blas64.General) {
	if x.Rows < 0 || x.Cols < 0 {
		panic(fmt.Sprintf("gemm: General: %s is %d×%d: negative dimension", name, x.Rows, x.Cols))
	}
	if x.Rows == 0 || x.Cols == 0 {
		return
	}
	if x.Stride < x.Cols {
		panic(fmt.Sprintf("gemm: General: %s is %d×%d with stride %d; the stride must be at least the column count",
			name, x.Rows, x.Cols, x.Stride))
	}
	if need := (x.Rows-1)*x.Stride + x.Cols; len(x.Data) < need {
		panic(fmt.Sprintf("gemm: General: %s is %d×%d with stride %d, needs %d values, has %d",
			name, x.Rows, x.Cols, x.Stride, need, len(x.Data)))
	}
}

// overlaps reports whether the storage spans of x and y share memory. The
// chain reads C while writing it, so an aliased operand would change
// the result depending on the order in which blocks are computed.
func overlaps(x, y blas64.General) bool {
	if x.Rows == 0 || x.Cols == 0 || y.Rows == 0 || y.Cols == 0 {
		return false
	}
	const size = unsafe.Sizeof(float64(0))
	x0 := uintptr(unsafe.Pointer(&x.Data[0]))
	y0 := uintptr(unsafe.Pointer(&y.Data[0]))
	x1 := x0 + uintptr((x.Rows-1)*x.Stride+x.Cols)*size
	y1 := y0 + uintptr((y.Rows-1)*y.Stride+y.Cols)*size
	return x0 < y1 && y0 < x1
}

// scratch recycles the buffers that hold transposed or scaled operands and
// padded panels, so steady-state training allocates none for them.
var scratch = sync.Pool{New: func() any { return new([]float64) }}

// sized resizes the pooled buffer to n values (contents unspecified).
func sized(buf *[]float64, n int) []float64 {
	if cap(*buf) < n {
		*buf = make([]float64, n)
	}
	*buf = (*buf)[:n]
	return *buf
}

// transposed returns a pooled buffer holding xᵀ, row-major with stride
// x.Rows. Transposing costs O(r·c), against O(r·c·n) for the product.
func transposed(x blas64.General) *[]float64 {
	buf := scratch.Get().(*[]float64)
	t := sized(buf, x.Rows*x.Cols)
	for i := 0; i < x.Rows; i++ {
		row := x.Data[i*x.Stride : i*x.Stride+x.Cols]
		for j, v := range row {
			t[j*x.Rows+i] = v
		}
	}
	return buf
}

// scaled returns a pooled m×k row-major buffer holding alpha·op(A), each
// entry rounded: the canonical handling of alpha ≠ 1.
func scaled(alpha float64, a []float64, m, k, rs, cs int) *[]float64 {
	buf := scratch.Get().(*[]float64)
	s := sized(buf, m*k)
	for i := 0; i < m; i++ {
		for p := 0; p < k; p++ {
			s[i*k+p] = alpha * a[i*rs+p*cs]
		}
	}
	return buf
}

// accumulate does C ← C + A·B in the canonical chain, for A m×k with
// A(i, p) at a[i·rs + p·cs], and row-major B (k×n, stride ldb) and C
// (m×n, stride ldc). With the assembly kernel, blocks of 4 rows × 8
// columns go to it — column blocks outermost, so that the k×8 panel of B
// stays in the L1 cache while every row block of A streams past it. The
// last n mod 8 columns (the 10 classes of a classifier leave 2) are copied
// with their C values into a padded panel so the kernel does them too; the
// last m mod 4 rows go to rowsFMA. Without the kernel, rowsFMA does all.
func accumulate(m, n, k int, a []float64, rs, cs int, b []float64, ldb int, c []float64, ldc int) {
	if !haveKernel {
		rowsFMA(0, m, 0, n, k, a, rs, cs, b, ldb, c, ldc)
		return
	}
	m4, n8 := m-m%4, n-n%8
	panels := func(j0, j1 int) {
		for j := j0; j < j1; j += 8 {
			for i := 0; i < m4; i += 4 {
				kernel4x8(k, a[i*rs:], rs, cs, b[j:], ldb, c[i*ldc+j:], ldc)
			}
		}
	}
	// Large products split their column panels over the available cores;
	// each goroutine writes its own columns of C, so no locking is needed,
	// and no element's chain is split.
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
		bp, cp := sized(pb, k*8), sized(pc, m4*8)
		clear(bp)
		clear(cp)
		for p := 0; p < k; p++ {
			copy(bp[p*8:p*8+w], b[p*ldb+n8:p*ldb+n])
		}
		for i := 0; i < m4; i++ { // the chain starts from C's value
			copy(cp[i*8:i*8+w], c[i*ldc+n8:i*ldc+n])
		}
		for i := 0; i < m4; i += 4 {
			kernel4x8(k, a[i*rs:], rs, cs, bp, 8, cp[i*8:], 8)
		}
		for i := 0; i < m4; i++ {
			copy(c[i*ldc+n8:i*ldc+n], cp[i*8:i*8+w])
		}
	}
	rowsFMA(m4, m, 0, n, k, a, rs, cs, b, ldb, c, ldc)
}

// parallelWork is the number of multiply-adds (about 50 µs of work) below
// which a product is not worth splitting over goroutines.
const parallelWork = 1 << 19

// rowsFMA does C[i0:i1, j0:j1] ← C + A[i0:i1, :]·B[:, j0:j1] in plain Go,
// A addressed as in accumulate. math.FMA rounds once on every
// architecture (a hardware instruction where there is one, exact software
// otherwise), so these loops give the kernel's bits.
func rowsFMA(i0, i1, j0, j1, k int, a []float64, rs, cs int, b []float64, ldb int, c []float64, ldc int) {
	for i := i0; i < i1; i++ {
		crow := c[i*ldc+j0 : i*ldc+j1]
		for p := 0; p < k; p++ {
			aip := a[i*rs+p*cs]
			brow := b[p*ldb+j0 : p*ldb+j1]
			brow = brow[:len(crow)]
			for j := range crow {
				crow[j] = math.FMA(aip, brow[j], crow[j])
			}
		}
	}
}
