package detmath

import "llminternals/pkg/internal/panics"

// TanhSlice sets dst[i] = Tanh(src[i]) for every i: the same bits as the
// scalar function, computed 8 (AVX-512F) or 4 (AVX2) values at a time on
// amd64. dst and src must have the same length, and be the same slice or
// not overlap.
func TanhSlice(dst, src []float64) {
	sliceKernels[0].tanhSlice(dst, src)
}

// ExpSlice sets dst[i] = Exp(src[i]) for every i: the same bits as the
// scalar function, computed 8 (AVX-512F) or 4 (AVX2) values at a time on
// amd64. dst and src must have the same length, and be the same slice or
// not overlap.
func ExpSlice(dst, src []float64) {
	sliceKernels[0].expSlice(dst, src)
}

// sliceKernel is one implementation of the slice functions: tanh and exp
// take pointers to n values, n a multiple of lanes; exp returns how many
// it wrote (it stops at a block that needs the scalar code). A nil
// function means the scalar loop.
type sliceKernel struct {
	name  string
	lanes int
	tanh  func(dst, src *float64, n int)
	exp   func(dst, src *float64, n int) int
}

// goSlice is the portable kernel: the scalar functions in a loop.
var goSlice = sliceKernel{name: "go", lanes: 1}

func checkLen(op string, dst, src []float64) {
	if len(dst) != len(src) {
		panics.Panicf("detmath", op, "len(dst) = %d, len(src) = %d; need equal lengths", len(dst), len(src))
	}
}

func (k sliceKernel) tanhSlice(dst, src []float64) {
	checkLen("TanhSlice", dst, src)
	i := 0
	if k.tanh != nil {
		i = len(src) - len(src)%k.lanes
		if i > 0 {
			k.tanh(&dst[0], &src[0], i)
		}
	}
	for ; i < len(src); i++ {
		dst[i] = Tanh(src[i])
	}
}

func (k sliceKernel) expSlice(dst, src []float64) {
	checkLen("ExpSlice", dst, src)
	i := 0
	if k.exp != nil {
		n := len(src) - len(src)%k.lanes
		for i < n {
			i += k.exp(&dst[i], &src[i], n-i)
			if i < n { // a block with a subnormal or overflowing 2ᵏ
				for end := i + k.lanes; i < end; i++ {
					dst[i] = Exp(src[i])
				}
			}
		}
		// The last len%lanes values go through the kernel too, padded
		// with zeros to a whole block (exp of a padding lane is thrown
		// away): a softmax row of 100 scores would otherwise spend a
		// sixth of its time on its last 4. A block the kernel declines
		// falls to the loop below.
		if tail := len(src) - i; tail > 0 {
			var buf [8]float64
			copy(buf[:], src[i:])
			if k.exp(&buf[0], &buf[0], k.lanes) == k.lanes {
				copy(dst[i:], buf[:tail])
				i = len(src)
			}
		}
	}
	for ; i < len(src); i++ {
		dst[i] = Exp(src[i])
	}
}
