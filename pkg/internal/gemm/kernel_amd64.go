//go:build amd64 && !purego

package gemm

import "golang.org/x/sys/cpu"

// gemm6x8 is the AVX2/FMA micro-kernel in kernel_amd64.s (mr = 6, nr = 8,
// layouts as in microKernel). gemm8x24s is the AVX-512F one (mr = 8,
// nr = 24). They read and write without bounds checks: the wrappers below
// slice every extent first.
//
//go:noescape
func gemm6x8(k int, a, b *float64, ldb int, c *float64, ldc int)

// gemm8x24s reads step p's 8 values of A at a[p·lda:]: lda = 8 for a
// packed panel. next is the offset from c of the tile the driver runs
// next, whose C the kernel prefetches (any value is safe: a prefetch
// never faults).
//
//go:noescape
func gemm8x24s(k int, a *float64, lda int, b *float64, ldb int, c *float64, ldc int, zero int, next int)

// gemm8x16s and gemm8x8s are gemm8x24s for a last panel of 16 or 8
// columns.
//
//go:noescape
func gemm8x16s(k int, a *float64, lda int, b *float64, ldb int, c *float64, ldc int, zero int)

//go:noescape
func gemm8x8s(k int, a *float64, lda int, b *float64, ldb int, c *float64, ldc int, zero int)

// transpose8 moves blocks 8×8 blocks from 8 rows of src (stride lds) to
// dst transposed (stride ldd); see kernel_amd64.s.
//
//go:noescape
func transpose8(dst *float64, ldd int, src *float64, lds int, blocks int)

// deal24 packs rows×(24·panels) values of a row-major matrix (stride
// lds) into panels of 24 columns ps values apart; see kernel_amd64.s.
//
//go:noescape
func deal24(dst *float64, ps int, src *float64, lds int, rows int, panels int)

// dealPanels24 writes the first panels·24 columns of rows rows of src
// (stride lds) into panels of 24 columns, ps values apart in dst:
// dst[q·ps + 24p + j] = src[p·lds + 24q + j]. It returns false, doing
// nothing, where there is no AVX-512.
func dealPanels24(dst []float64, ps int, src []float64, lds, rows, panels int) bool {
	if !haveTranspose8 || rows == 0 || panels == 0 {
		return haveTranspose8
	}
	_, _ = dst[(panels-1)*ps+24*rows-1], src[(rows-1)*lds+24*panels-1]
	deal24(&dst[0], ps, &src[0], lds, rows, panels)
	return true
}

// haveTranspose8 says whether transpose8 can run here (AVX-512F).
var haveTranspose8 = cpu.X86.HasAVX512F

// transposeBlocks transposes the first kb&^7 columns of the 8 rows of src
// (stride lds) into dst (stride ldd): dst[p·ldd + r] = src[r·lds + p]. It
// returns how many columns it did: 0 where there is no AVX-512.
func transposeBlocks(dst []float64, ldd int, src []float64, lds, kb int) int {
	blocks := kb / 8
	if !haveTranspose8 || blocks == 0 {
		return 0
	}
	_, _ = dst[(blocks*8-1)*ldd+7], src[7*lds+blocks*8-1]
	transpose8(&dst[0], ldd, &src[0], lds, blocks)
	return blocks * 8
}

var (
	avx2Kernel = microKernel{name: "avx2", mr: 6, nr: 8, run: func(k int, a, b []float64, ldb int, c []float64, ldc int, zero bool, next int) {
		_, _, _ = a[k*6-1], b[(k-1)*ldb+7], c[5*ldc+7]
		if zero {
			clearTile(c, ldc, 6, 8)
		}
		gemm6x8(k, &a[0], &b[0], ldb, &c[0], ldc)
	}}
	avx512Kernel = microKernel{name: "avx512", mr: 8, nr: 24, run: func(k int, a, b []float64, ldb int, c []float64, ldc int, zero bool, next int) {
		_, _, _ = a[k*8-1], b[(k-1)*ldb+23], c[7*ldc+23]
		gemm8x24s(k, &a[0], 8, &b[0], ldb, &c[0], ldc, flag(zero), next)
	}, runStrided: func(k int, a []float64, lda int, b []float64, ldb int, c []float64, ldc int, zero bool, next int) {
		_, _, _ = a[(k-1)*lda+7], b[(k-1)*ldb+23], c[7*ldc+23]
		gemm8x24s(k, &a[0], lda, &b[0], ldb, &c[0], ldc, flag(zero), next)
	}, narrow: []narrowKernel{
		{nr: 8, run: func(k int, a []float64, lda int, b []float64, ldb int, c []float64, ldc int, zero bool) {
			_, _, _ = a[(k-1)*lda+7], b[(k-1)*ldb+7], c[7*ldc+7]
			gemm8x8s(k, &a[0], lda, &b[0], ldb, &c[0], ldc, flag(zero))
		}},
		{nr: 16, run: func(k int, a []float64, lda int, b []float64, ldb int, c []float64, ldc int, zero bool) {
			_, _, _ = a[(k-1)*lda+7], b[(k-1)*ldb+15], c[7*ldc+15]
			gemm8x16s(k, &a[0], lda, &b[0], ldb, &c[0], ldc, flag(zero))
		}},
	}}
)

// flag is the assembly kernels' zero argument.
func flag(zero bool) int {
	if zero {
		return 1
	}
	return 0
}

// kernels lists the micro-kernels this CPU runs, fastest first. x/sys/cpu
// reports AVX-512F only when the OS also saves the zmm and mask registers.
var kernels = available()

func available() []microKernel {
	var ks []microKernel
	if cpu.X86.HasAVX512F {
		ks = append(ks, avx512Kernel)
	}
	if cpu.X86.HasAVX2 && cpu.X86.HasFMA {
		ks = append(ks, avx2Kernel)
	}
	return append(ks, goKernel)
}
