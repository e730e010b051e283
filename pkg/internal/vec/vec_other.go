//go:build !amd64 || purego

package vec

import "math"

// Without the assembly, the Go loops of vec.go do every element.
func addFast(dst, src []float64) int                              { return 0 }
func geluArgFast(u, x []float64, c, k float64) int                { return 0 }
func geluOutFast(y, x, t []float64) int                           { return 0 }
func geluGradFast(dx, g, x, t []float64, c3, k float64) int       { return 0 }
func adamWFast(theta, g, m, v []float64, c *adamConsts) int       { return 0 }
func subScalarFast(dst, x []float64, m float64) int               { return 0 }
func divScalarFast(dst []float64, s float64) int                  { return 0 }
func mulAddFast(dst, a, b []float64) int                          { return 0 }
func mulScalarFast(dst []float64, s float64) int                  { return 0 }
func finiteFast(x []float64) (int, bool)                          { return 0, true }
func rmsNormRowFast(h, y, x, g []float64, rinv float64) int       { return 0 }
func maxFast(x []float64) (float64, int, bool)                    { return math.Inf(-1), 0, false }
func layerNormRowFast(h, y, x, g, b []float64, c *[2]float64) int { return 0 }
func normGradRowFast(dx, up, g, h []float64, c *[3]float64) int   { return 0 }
