//go:build !amd64 || purego

package vec

// Without the assembly, the Go loops of vec.go do every element.
func addFast(dst, src []float64) int                              { return 0 }
func geluArgFast(u, x []float64, c, k float64) int                { return 0 }
func geluOutFast(y, x, t []float64) int                           { return 0 }
func geluGradFast(dx, g, x, t []float64, c3, k float64) int       { return 0 }
func adamWFast(theta, g, m, v []float64, c *adamConsts) int       { return 0 }
func subScalarFast(dst, x []float64, m float64) int               { return 0 }
func divScalarFast(dst []float64, s float64) int                  { return 0 }
func mulAddFast(dst, a, b []float64) int                          { return 0 }
func layerNormRowFast(h, y, x, g, b []float64, c *[2]float64) int { return 0 }
func normGradRowFast(dx, up, g, h []float64, c *[3]float64) int   { return 0 }
