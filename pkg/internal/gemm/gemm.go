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
// depend on which code path computes it, on where the row sits in a batch,
// or on the number of goroutines.
//
// # How it is computed
//
// The product is cache-blocked as BLIS does it (block.go): a kc×nc
// block of op(B) and an mc×kc block of a' are packed into contiguous,
// aligned, pooled buffers (packing transposes a transposed operand and
// applies alpha; it only moves and scales values), and a micro-kernel
// multiplies an mr-row panel of the one by an nr-column panel of the other
// into an mr×nr tile of C held in registers. The micro-kernel is chosen at
// run time: AVX-512F (8×24) where the CPU and OS support it, else
// AVX2/FMA (6×8), else pure Go with math.FMA (4×4; other architectures and
// the purego build tag). Every one loads its C tile first and does one
// fused multiply-add per (i, j, p) in increasing p; a k-block of kc steps
// stores C, and the next k-block reloads it, so blocking over k continues
// each chain in order rather than splitting it. Edge tiles run the same
// kernel on a copy of their C values, zero-padded. For a few rows of C
// (a training batch), full panels of a row-major op(B) are read in place
// rather than packed. Goroutines split C by whole tiles of rows or of
// columns, never k: in fixed shares, or, for a product with many column
// blocks (and for Shared, several products of one A), by taking the
// column blocks in turn.
package gemm

import (
	"fmt"
	"llminternals/pkg/internal/workers"
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
	general(workers.N(), ta, tb, alpha, a, b, beta, c)
}

// Serial is Dense on the calling goroutine only, whatever GOMAXPROCS is:
// for a caller that runs independent products side by side (the two
// gradients of a matrix product), each on one core, rather than splitting
// each of them. The bits are Dense's: they never depend on the split.
func Serial(ta, tb bool, alpha float64, a, b *mat.Dense, beta float64, c *mat.Dense) {
	general(1, ta, tb, alpha, raw(a), raw(b), beta, raw(c))
}

func general(maxWorkers int, ta, tb bool, alpha float64, a, b blas64.General, beta float64, c blas64.General) {
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
	switch {
	case beta == 0 && k == 0:
		for i := 0; i < m; i++ {
			clear(c.Data[i*c.Stride : i*c.Stride+n])
		}
	case beta == 0, beta == 1: // beta = 0: the kernels start the chains from +0 and never read C
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
	// op(A)(i, p) and op(B)(p, j) are read in place through strides: a
	// transposed operand is transposed while it is packed, not before.
	opA := operand{a.Data, a.Stride, 1}
	if ta {
		opA = operand{a.Data, 1, a.Stride}
	}
	opB := operand{b.Data, b.Stride, 1}
	if tb {
		opB = operand{b.Data, 1, b.Stride}
	}
	multiply(maxWorkers, m, n, k, alpha, opA, opB, beta == 0, c.Data, c.Stride)
}

// Shared computes c[i] = a·b[i] for every i, each with the bits of
// General(false, false, 1, a, b[i], 0, c[i]), in one pass over a: the
// projections of one input (attention's q, k and v; a gated FFN's gate
// and up) packed a once between them instead of once each, and on several
// cores their column blocks go to the goroutines in turn, all the
// products' together, which keeps both cores busy to the end where each
// product split in fixed halves would wait on the slower core three
// times. With more rows than one row block (mc) it runs the products one
// after the other. Shapes are checked as in General.
func Shared(a blas64.General, b, c []blas64.General) {
	if len(b) != len(c) {
		panic(fmt.Sprintf("gemm: Shared: %d matrices b but %d matrices c", len(b), len(c)))
	}
	m, k := a.Rows, a.Cols
	flops := 0
	for i := range b {
		checkStorage("b", b[i])
		checkStorage("c", c[i])
		if b[i].Rows != k || c[i].Rows != m || c[i].Cols != b[i].Cols {
			panic(fmt.Sprintf("gemm: Shared: a is %d×%d, b[%d] is %d×%d, c[%d] is %d×%d; need a m×k, b k×n, c m×n",
				m, k, i, b[i].Rows, b[i].Cols, i, c[i].Rows, c[i].Cols))
		}
		flops += m * k * c[i].Cols
	}
	if m > blocks.mc || k == 0 || m == 0 {
		for i := range b {
			General(false, false, 1, a, b[i], 0, c[i])
		}
		return
	}
	checkStorage("a", a)
	parts := make([]part, 0, len(b))
	for i := range b {
		shares := overlaps(c[i], a)
		for j := range b {
			shares = shares || overlaps(c[i], b[j]) || j != i && overlaps(c[i], c[j])
		}
		if shares {
			panic(fmt.Sprintf("gemm: Shared: c[%d] (%d×%d) shares memory with a, a b or another c; each product needs a separate destination", i, c[i].Rows, c[i].Cols))
		}
		if c[i].Cols > 0 {
			parts = append(parts, part{operand{b[i].Data, b[i].Stride, 1}, c[i].Data, c[i].Stride, c[i].Cols})
		}
	}
	inTurn(active, min(workers.N(), flops/parallelWork), m, k, 1, operand{a.Data, a.Stride, 1}, parts, true)
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
