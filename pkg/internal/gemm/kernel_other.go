//go:build !amd64 || purego

package gemm

// kernels lists the micro-kernels this build runs: without the amd64
// assembly (another architecture, or the purego build tag) only the
// pure-Go one, in the same canonical chain.
var kernels = []microKernel{goKernel}
