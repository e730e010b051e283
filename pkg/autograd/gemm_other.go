//go:build !amd64

package autograd

// Without the amd64 kernel, gemm falls back to gonum's native Go BLAS.
var haveKernel = false

func kernel4x8(k int, a []float64, rs, cs int, b []float64, ldb int, c []float64, ldc int) {
	panic("autograd: kernel4x8: no kernel on this architecture")
}
