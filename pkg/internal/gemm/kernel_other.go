//go:build !amd64 || purego

package gemm

// Without the amd64 kernel (another architecture, or the purego build
// tag), rowsFMA computes every element, in the same canonical chain.
var haveKernel = false

func kernel4x8(k int, a []float64, rs, cs int, b []float64, ldb int, c []float64, ldc int) {
	panic("gemm: kernel4x8: no assembly kernel in this build")
}
