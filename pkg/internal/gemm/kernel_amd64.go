//go:build amd64 && !purego

package gemm

import "golang.org/x/sys/cpu"

// gemm4x8 is the AVX2/FMA micro-kernel in kernel_amd64.s:
// C[0:4, 0:8] ← C + A[0:4, 0:k] · B[0:k, 0:8] in the canonical chain,
// with A(r, p) at a[r·rs + p·cs]. It reads and writes without bounds
// checks: General has validated every extent before it is called.
//
//go:noescape
func gemm4x8(k int, a *float64, rs, cs int, b *float64, ldb int, c *float64, ldc int)

// haveKernel reports whether the CPU can run gemm4x8.
var haveKernel = cpu.X86.HasAVX2 && cpu.X86.HasFMA

func kernel4x8(k int, a []float64, rs, cs int, b []float64, ldb int, c []float64, ldc int) {
	gemm4x8(k, &a[0], rs, cs, &b[0], ldb, &c[0], ldc)
}
