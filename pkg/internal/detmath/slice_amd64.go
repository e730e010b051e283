//go:build amd64 && !purego

package detmath

import "golang.org/x/sys/cpu"

// The kernels of slice_amd64.s. Each reads src[0:n] and writes dst[0:n]
// without bounds checks (the callers in slice.go slice first); n is a
// multiple of the kernel's lane count. The exp kernels stop before the
// first block with a lane whose 2ᵏ is not a normal number (Exp's
// math.Ldexp path) and return how many values they wrote.
//
//go:noescape
func tanhAVX2(dst, src *float64, n int)

//go:noescape
func expAVX2(dst, src *float64, n int) int

//go:noescape
func tanhAVX512(dst, src *float64, n int)

//go:noescape
func expAVX512(dst, src *float64, n int) int

var (
	avx2Slice   = sliceKernel{name: "avx2", lanes: 4, tanh: tanhAVX2, exp: expAVX2}
	avx512Slice = sliceKernel{name: "avx512", lanes: 8, tanh: tanhAVX512, exp: expAVX512}
)

// sliceKernels lists the slice kernels this CPU runs, fastest first.
// x/sys/cpu reports AVX-512F only when the OS also saves the zmm and
// mask registers.
var sliceKernels = availableSlice()

func availableSlice() []sliceKernel {
	var ks []sliceKernel
	if cpu.X86.HasAVX512F {
		ks = append(ks, avx512Slice)
	}
	if cpu.X86.HasAVX2 {
		ks = append(ks, avx2Slice)
	}
	return append(ks, goSlice)
}
