package autograd

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"llminternals/pkg/tensor"
)

// GradReport locates the worst disagreement found by GradCheck.
type GradReport struct {
	MaxRelErr float64 // max over all entries of RelErr(analytic, numeric)
	Param     int     // index in params of the worst entry
	Row, Col  int     // position of the worst entry in that parameter
	Analytic  float64 // the gradient Backward computed there
	Numeric   float64 // the central finite difference there
	Entries   int     // number of entries checked
}

// String prints the report on one line.
func (r GradReport) String() string {
	return fmt.Sprintf("max rel err %.3g over %d entries (param %d [%d,%d]: backward %.12g, finite diff %.12g)",
		r.MaxRelErr, r.Entries, r.Param, r.Row, r.Col, r.Analytic, r.Numeric)
}

// RelErr is the error measure GradCheck uses:
//
//	|a − b| / max(1, |a|, |b|)
//
// relative for gradients larger than 1 and absolute below, so that
// entries whose true gradient is 0 (or tiny) do not divide by ~0.
func RelErr(a, b float64) float64 {
	return math.Abs(a-b) / math.Max(1, math.Max(math.Abs(a), math.Abs(b)))
}

// GradCheck compares the gradients Backward computes for params with
// central finite differences. f must build a fresh graph from params and
// return a 1×1 value, deterministically (seed any dropout inside f). For
// each entry θ of each parameter it evaluates
//
//	numeric = (f(θ + eps) − f(θ − eps)) / (2·eps)
//
// under NoGrad and compares it with the analytic gradient using RelErr.
// The parameters' Data are restored exactly and their Grads hold the
// analytic gradient afterwards. eps ≈ 1e-6 suits float64: the truncation
// error is O(eps²) and the rounding error O(1e-16/eps).
func GradCheck(f func() *Value, params []*Value, eps float64) (maxRelErr float64, report GradReport) {
	for _, p := range params {
		p.ZeroGrad()
	}
	out := f()
	mustScalar("GradCheck", out)
	out.Backward()
	report.MaxRelErr = -1
	for k, p := range params {
		if p.Grad == nil { // f does not depend on p: its gradient is 0
			r, c := p.Dims()
			p.Grad = tensor.New(r, c)
		}
		r, c := p.Dims()
		for i := 0; i < r; i++ {
			for j := 0; j < c; j++ {
				orig := p.Data.At(i, j)
				var fp, fm float64
				NoGrad(func() {
					p.Data.Set(i, j, orig+eps)
					fp = f().Item()
					p.Data.Set(i, j, orig-eps)
					fm = f().Item()
				})
				p.Data.Set(i, j, orig)
				num := (fp - fm) / (2 * eps)
				an := p.Grad.At(i, j)
				e := RelErr(an, num)
				if math.IsNaN(e) {
					e = math.Inf(1)
				}
				report.Entries++
				if e > report.MaxRelErr {
					report = GradReport{MaxRelErr: e, Param: k, Row: i, Col: j, Analytic: an, Numeric: num, Entries: report.Entries}
				}
			}
		}
	}
	if report.MaxRelErr < 0 {
		report.MaxRelErr = 0
	}
	return report.MaxRelErr, report
}

// MaxRelErr returns the largest RelErr between corresponding entries of a
// and b, the measure the PyTorch comparisons bound. It is +Inf when the
// shapes differ and NaN when any entry is NaN, so that a comparison
// against a tolerance fails instead of passing silently.
func MaxRelErr(a, b mat.Matrix) float64 {
	ar, ac := a.Dims()
	br, bc := b.Dims()
	if ar != br || ac != bc {
		return math.Inf(1)
	}
	worst := 0.0
	for i := 0; i < ar; i++ {
		for j := 0; j < ac; j++ {
			e := RelErr(a.At(i, j), b.At(i, j))
			if math.IsNaN(e) {
				return e
			}
			worst = math.Max(worst, e)
		}
	}
	return worst
}
