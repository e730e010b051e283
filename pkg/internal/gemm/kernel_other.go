//go:build !amd64 || purego

package gemm

// kernels lists the micro-kernels this build runs: without the amd64
// assembly (another architecture, or the purego build tag) only the
// pure-Go one, in the same canonical chain.
var kernels = []microKernel{goKernel}

// transposeBlocks does nothing here: packing moves every value in Go.
func transposeBlocks(dst []float64, ldd int, src []float64, lds, kb int) int { return 0 }

// dealPanels24 does nothing here: packing moves every value in Go.
func dealPanels24(dst []float64, ps int, src []float64, lds, rows, panels int) bool { return false }
