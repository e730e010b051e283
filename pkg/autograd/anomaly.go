package autograd

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"llminternals/pkg/internal/panics"
	"llminternals/pkg/tensor"
)

// anomalyOn is the DetectAnomaly switch. Package-wide, like gradEnabled.
var anomalyOn bool

// DetectAnomaly switches the finite check on or off and returns the
// previous setting, so a caller can restore it. While it is on, every
// op's result is scanned as it is computed, and in Backward every
// gradient each op adds into its inputs, and the first non-finite value
// panics, naming the op where it appeared (PyTorch's detect_anomaly):
//
//	autograd: log: NaN appeared in the output (shape 2×3, row 0, col 1); inputs were finite
//
// The rule for what counts, so that masks do not trip it:
//   - NaN is always reported, at the first op whose output holds one. If
//     an input already held a non-finite value, the message names it
//     (a NaN that came in through a leaf, or an Inf turned into NaN).
//   - ±Inf is reported only where it appears from finite inputs
//     (overflow, log 0). An Inf carried along from an input — the −Inf
//     of an additive mask passing through Add — is legitimate, and
//     MaskFuture's −Inf outputs are its purpose, so it is never reported
//     for them.
//
// The gradients follow the same rule, with the op's output gradient in
// the role of the inputs. When off, the check costs one branch per op.
func DetectAnomaly(on bool) (previous bool) {
	previous, anomalyOn = anomalyOn, on
	return previous
}

// CheckFinite runs f with DetectAnomaly on, then restores the previous
// setting, also if f panics.
func CheckFinite(f func()) {
	prev := DetectAnomaly(true)
	defer DetectAnomaly(prev)
	f()
}

// masksOnPurpose lists the ops whose −Inf outputs are intended.
var masksOnPurpose = map[string]bool{"maskfuture": true}

// checkForward panics if the output data of op holds a value that
// DetectAnomaly reports.
func checkForward(op string, data *mat.Dense, parents []*Value) {
	i, j, x, found := firstNonFinite(data)
	if !found {
		return
	}
	inputs := make([]*mat.Dense, len(parents))
	for k, p := range parents {
		inputs[k] = p.Data
	}
	where, inputsFinite := describeInputs(inputs, "input")
	if math.IsNaN(x) || (inputsFinite && !masksOnPurpose[op]) {
		panics.Panicf("autograd", op, "%s appeared in the output (shape %s, row %d, col %d); %s",
			kind(x), tensor.Shape(data), i, j, where)
	}
}

// checkBackward panics if node n's backward closure made the gradient of
// one of its parents non-finite in a way DetectAnomaly reports.
func checkBackward(n *Value) {
	for k, p := range n.parents {
		if !p.requiresGrad || p.Grad == nil {
			continue
		}
		i, j, x, found := firstNonFinite(p.Grad)
		if !found {
			continue
		}
		where, outFinite := describeInputs([]*mat.Dense{n.Grad}, "the output's gradient")
		if math.IsNaN(x) || outFinite {
			panics.Panicf("autograd", n.Op+" backward", "%s appeared in the gradient of input %d (%s; shape %s, row %d, col %d); %s",
				kind(x), k, p.Op, tensor.Shape(p.Grad), i, j, where)
		}
	}
}

// describeInputs says whether every matrix in ms is finite and, if not,
// where the first non-finite value of the first such matrix is.
func describeInputs(ms []*mat.Dense, name string) (desc string, finite bool) {
	for k, m := range ms {
		if i, j, x, found := firstNonFinite(m); found {
			label := name
			if len(ms) > 1 || name == "input" {
				label = fmt.Sprintf("%s %d", name, k)
			}
			return fmt.Sprintf("%s already held %s (shape %s, row %d, col %d)", label, kind(x), tensor.Shape(m), i, j), false
		}
	}
	if name == "input" {
		return "inputs were finite", true
	}
	return name + " was finite", true
}

func kind(x float64) string {
	switch {
	case math.IsNaN(x):
		return "NaN"
	case x > 0:
		return "+Inf"
	}
	return "-Inf"
}

// firstNonFinite returns the row-major first NaN or ±Inf of m.
func firstNonFinite(m *mat.Dense) (i, j int, x float64, found bool) {
	r, _ := m.Dims()
	for i := 0; i < r; i++ {
		for j, x := range m.RawRowView(i) {
			if math.IsNaN(x) || math.IsInf(x, 0) {
				return i, j, x, true
			}
		}
	}
	return 0, 0, 0, false
}
