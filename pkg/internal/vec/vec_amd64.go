//go:build amd64 && !purego

package vec

import (
	"math"

	"golang.org/x/sys/cpu"
)

// The kernels of vec_amd64.s each do the first n = len &^ 7 elements, 8 at
// a time, with no bounds checks: the wrappers pass lengths the Go side has
// already sliced to.
//
//go:noescape
func addAVX512(dst, src *float64, n int)

//go:noescape
func geluArgAVX512(u, x *float64, n int, c, k float64)

//go:noescape
func geluOutAVX512(y, x, t *float64, n int)

//go:noescape
func geluGradAVX512(dx, gr, x, t *float64, n int, c3, k float64)

var avx512 = cpu.X86.HasAVX512F

func addFast(dst, src []float64) int {
	n := len(src) &^ 7
	if !avx512 || n == 0 {
		return 0
	}
	_ = dst[n-1]
	addAVX512(&dst[0], &src[0], n)
	return n
}

func geluArgFast(u, x []float64, c, k float64) int {
	n := len(x) &^ 7
	if !avx512 || n == 0 {
		return 0
	}
	_ = u[n-1]
	geluArgAVX512(&u[0], &x[0], n, c, k)
	return n
}

func geluOutFast(y, x, t []float64) int {
	n := len(x) &^ 7
	if !avx512 || n == 0 {
		return 0
	}
	_, _ = y[n-1], t[n-1]
	geluOutAVX512(&y[0], &x[0], &t[0], n)
	return n
}

func geluGradFast(dx, g, x, t []float64, c3, k float64) int {
	n := len(x) &^ 7
	if !avx512 || n == 0 {
		return 0
	}
	_, _, _ = dx[n-1], g[n-1], t[n-1]
	geluGradAVX512(&dx[0], &g[0], &x[0], &t[0], n, c3, k)
	return n
}

//go:noescape
func adamWAVX512(theta, gr, m, v *float64, n int, c *adamConsts)

func adamWFast(theta, g, m, v []float64, c *adamConsts) int {
	n := len(theta) &^ 7
	if !avx512 || n == 0 {
		return 0
	}
	_, _, _ = g[n-1], m[n-1], v[n-1]
	adamWAVX512(&theta[0], &g[0], &m[0], &v[0], n, c)
	return n
}

//go:noescape
func subScalarAVX512(dst, x *float64, n int, m float64)

//go:noescape
func divScalarAVX512(dst *float64, n int, s float64)

func subScalarFast(dst, x []float64, m float64) int {
	n := len(x) &^ 7
	if !avx512 || n == 0 {
		return 0
	}
	_ = dst[n-1]
	subScalarAVX512(&dst[0], &x[0], n, m)
	return n
}

func divScalarFast(dst []float64, s float64) int {
	n := len(dst) &^ 7
	if !avx512 || n == 0 {
		return 0
	}
	divScalarAVX512(&dst[0], n, s)
	return n
}

//go:noescape
func mulAddAVX512(dst, a, b *float64, n int)

//go:noescape
func layerNormRowAVX512(h, y, x, gain, b *float64, n int, c *[2]float64)

//go:noescape
func normGradRowAVX512(dx, up, gain, h *float64, n int, c *[3]float64)

func mulAddFast(dst, a, b []float64) int {
	n := len(a) &^ 7
	if !avx512 || n == 0 {
		return 0
	}
	_, _ = dst[n-1], b[n-1]
	mulAddAVX512(&dst[0], &a[0], &b[0], n)
	return n
}

func layerNormRowFast(h, y, x, g, b []float64, c *[2]float64) int {
	n := len(x) &^ 7
	if !avx512 || n == 0 {
		return 0
	}
	_, _, _, _ = h[n-1], y[n-1], g[n-1], b[n-1]
	layerNormRowAVX512(&h[0], &y[0], &x[0], &g[0], &b[0], n, c)
	return n
}

func normGradRowFast(dx, up, g, h []float64, c *[3]float64) int {
	n := len(up) &^ 7
	if !avx512 || n == 0 {
		return 0
	}
	_, _, _ = dx[n-1], g[n-1], h[n-1]
	normGradRowAVX512(&dx[0], &up[0], &g[0], &h[0], n, c)
	return n
}

//go:noescape
func mulScalarAVX512(dst *float64, n int, s float64)

//go:noescape
func maxAVX512(x *float64, n int) (m float64, nan bool)

func mulScalarFast(dst []float64, s float64) int {
	n := len(dst) &^ 7
	if !avx512 || n == 0 {
		return 0
	}
	mulScalarAVX512(&dst[0], n, s)
	return n
}

// maxFast returns the max of x's first n values, n a multiple of 8 (−Inf
// when n = 0), NaNs aside, and whether they hold a NaN.
func maxFast(x []float64) (float64, int, bool) {
	n := len(x) &^ 7
	if !avx512 || n == 0 {
		return math.Inf(-1), 0, false
	}
	m, nan := maxAVX512(&x[0], n)
	return m, n, nan
}

//go:noescape
func finiteAVX512(x *float64, n int) bool

// finiteFast checks x's first n values, n a multiple of 8: it returns n
// and whether they are all finite.
func finiteFast(x []float64) (int, bool) {
	n := len(x) &^ 7
	if !avx512 || n == 0 {
		return 0, true
	}
	return n, finiteAVX512(&x[0], n)
}

//go:noescape
func rmsNormRowAVX512(h, y, x, gain *float64, n int, rinv float64)

func rmsNormRowFast(h, y, x, g []float64, rinv float64) int {
	n := len(x) &^ 7
	if !avx512 || n == 0 {
		return 0
	}
	_, _, _ = h[n-1], y[n-1], g[n-1]
	rmsNormRowAVX512(&h[0], &y[0], &x[0], &g[0], n, rinv)
	return n
}
