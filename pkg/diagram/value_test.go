package diagram

import (
	"math"
	"strconv"
	"strings"
	"testing"

	"llminternals/pkg/autograd"
)

// sigmoidNet is chapter 06's 2-layer sigmoid net on one example:
// h = σ(w₁x + b₁), y = σ(w₂h + b₂), L = ½(y − t)², after Backward.
func sigmoidNet() *autograd.Value {
	x, t1 := autograd.ConstScalar(0.5), autograd.ConstScalar(1)
	x.Label, t1.Label = "x", "t"
	w1, b1, w2, b2 := autograd.Scalar(0.4), autograd.Scalar(0.1), autograd.Scalar(-0.3), autograd.Scalar(0.2)
	w1.Label, b1.Label, w2.Label, b2.Label = "w_{1}", "b_{1}", "w_{2}", "b_{2}"
	h := autograd.Sigmoid(autograd.Add(autograd.Mul(w1, x), b1))
	h.Label = "h"
	y := autograd.Sigmoid(autograd.Add(autograd.Mul(w2, h), b2))
	y.Label = "y"
	d := autograd.Sub(y, t1)
	L := autograd.Scale(autograd.Mul(d, d), 0.5)
	L.Label = "L"
	L.BackwardRetain()
	return L
}

// matrixGraph is L = Σ (X·W), X a 2×3 input, W a 3×2 parameter.
func matrixGraph() *autograd.Value {
	x := autograd.Const(autograd.FromRows([][]float64{{1, 2, 3}, {4, 5, 6}}).Data)
	x.Label = "X"
	w := autograd.FromRows([][]float64{{1, 0}, {0, 1}, {1, 1}})
	w.Label = "W"
	return autograd.Sum(autograd.MatMul(x, w))
}

func TestFromValueSigmoidNet(t *testing.T) {
	g := FromValue(sigmoidNet(), ValueOptions{Values: true, Grads: true})
	// The chain rule by hand, independent of the autograd.
	sig := func(z float64) float64 { return 1 / (1 + math.Exp(-z)) }
	x, tt, w1, b1, w2, b2 := 0.5, 1.0, 0.4, 0.1, -0.3, 0.2
	h := sig(w1*x + b1)
	y := sig(w2*h + b2)
	dy := y - tt
	dz2 := dy * y * (1 - y)
	dh := dz2 * w2
	dz1 := dh * h * (1 - h)
	want := map[string][2]float64{ // label → value, gradient
		"w_{1}":       {w1, dz1 * x},
		"b_{1}":       {b1, dz1},
		"w_{2}":       {w2, dz2 * h},
		"b_{2}":       {b2, dz2},
		"h = sigmoid": {h, dh},
		"y = sigmoid": {y, dy},
		"L = scale":   {0.5 * dy * dy, 1},
	}
	f := func(v float64) string { return strconv.FormatFloat(v, 'g', 4, 64) }
	kinds := map[Kind]int{}
	for _, n := range g.Nodes() {
		kinds[n.Kind]++
		if w, ok := want[n.Label]; ok {
			if d := "= " + f(w[0]) + "\ngrad " + f(w[1]); n.Detail != d {
				t.Errorf("node %s: detail %q, want %q", n.Label, n.Detail, d)
			}
			delete(want, n.Label)
		}
	}
	if len(want) != 0 {
		t.Errorf("nodes missing: %v", want)
	}
	// 4 parameters, 2 inputs (x, t), the loss, and 8 operations: mul, add,
	// sigmoid twice, sub, mul (d·d).
	if kinds[Parameter] != 4 || kinds[Input] != 2 || kinds[Output] != 1 || kinds[Operation] != 8 {
		t.Errorf("kinds %v, want 4 parameters, 2 inputs, 1 output, 8 operations", kinds)
	}
	// d·d uses d twice: two arrows.
	if n := strings.Count(g.Text(), "sub (= "+f(dy)+", grad "+f(dy)+") → mul"); n != 2 {
		t.Errorf("%d arrows from sub to mul, want 2:\n%s", n, g.Text())
	}
}

func TestFromValueMatrix(t *testing.T) {
	g := FromValue(matrixGraph(), ValueOptions{Values: true})
	want := "X (2×3) → matmul (2×2)\nW (3×2) → matmul (2×2)\nmatmul (2×2) → sum (= 27)"
	// Σ(X·W): X·W = [[4, 5], [10, 11]], whose entries sum to 30.
	want = strings.Replace(want, "27", "30", 1)
	if got := g.Text(); got != want {
		t.Errorf("text:\n%s\nwant:\n%s", got, want)
	}
}
