//go:build !amd64 || purego

package detmath

// sliceKernels lists the slice kernels this build runs: without the amd64
// assembly (another architecture, or the purego build tag) only the loop
// over the scalar functions.
var sliceKernels = []sliceKernel{goSlice}
