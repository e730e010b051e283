package tensor

import (
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
)

func TestSoftmaxRowsSumToOneAndStayFinite(t *testing.T) {
	a := FromRows([][]float64{
		{1000, 1001, 1002}, // naive exp overflows to +Inf here
		{-1000, -1001, -1002},
		{0, 0, 0},
		{1e-300, 5, -7},
	})
	p := SoftmaxRows(a)
	for i := 0; i < 4; i++ {
		s := 0.0
		for j := 0; j < 3; j++ {
			v := p.At(i, j)
			if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
				t.Fatalf("row %d entry %d = %v", i, j, v)
			}
			s += v
		}
		if math.Abs(s-1) > 1e-15 {
			t.Errorf("row %d sums to %.17g", i, s)
		}
	}
	// Shifting a row by a constant leaves its softmax unchanged, so row 0
	// equals softmax([0,1,2]) = [1, e, e²]/(1+e+e²), worked out directly.
	e := math.E
	z := 1 + e + e*e
	want := []float64{1 / z, e / z, e * e / z}
	for j, w := range want {
		if d := math.Abs(p.At(0, j) - w); d > 1e-15 {
			t.Errorf("softmax([1000,1001,1002])[%d] = %.17g, want %.17g", j, p.At(0, j), w)
		}
	}
	if got := p.At(2, 0); math.Abs(got-1.0/3) > 1e-16 {
		t.Errorf("uniform row: %v, want 1/3", got)
	}
}

func TestLogSoftmaxAgreesWithLogOfSoftmax(t *testing.T) {
	x := []float64{0.5, -1.25, 3}
	ls := LogSoftmax(x)
	s := Softmax(x)
	for i := range x {
		if d := math.Abs(ls[i] - math.Log(s[i])); d > 1e-14 {
			t.Errorf("entry %d: %v vs %v", i, ls[i], math.Log(s[i]))
		}
	}
	// Where log(softmax) underflows to −Inf, LogSoftmax stays exact:
	// log softmax([0, −800])₁ = −800 − log(1 + e^−800) = −800 in float64.
	if got := LogSoftmax([]float64{0, -800})[1]; got != -800 {
		t.Errorf("LogSoftmax([0,-800])[1] = %v, want -800", got)
	}
	if got := LogSumExp([]float64{1000, 1000}); math.Abs(got-(1000+math.Ln2)) > 1e-12 {
		t.Errorf("LogSumExp([1000,1000]) = %v, want 1000+ln2", got)
	}
}

func TestCausalMask(t *testing.T) {
	m := NewCausalMask(3)
	for i := 0; i < 3; i++ {
		for j := 0; j < 3; j++ {
			v := m.At(i, j)
			if j <= i && v != 0 {
				t.Errorf("M[%d][%d] = %v, want 0", i, j, v)
			}
			if j > i && !math.IsInf(v, -1) {
				t.Errorf("M[%d][%d] = %v, want -Inf", i, j, v)
			}
		}
	}
	// Masked softmax: row 0 sees only itself, row 1 splits between 0 and 1.
	p := SoftmaxRows(ApplyMask(FromRows([][]float64{{5, 9, 9}, {2, 2, 9}, {1, 1, 1}}), m))
	want := [][]float64{{1, 0, 0}, {0.5, 0.5, 0}, {1.0 / 3, 1.0 / 3, 1.0 / 3}}
	for i := range want {
		for j := range want[i] {
			if d := math.Abs(p.At(i, j) - want[i][j]); d > 1e-15 {
				t.Errorf("masked softmax [%d][%d] = %v, want %v", i, j, p.At(i, j), want[i][j])
			}
		}
	}
}

func TestMatMulByHand(t *testing.T) {
	a := FromRows([][]float64{{1, 2}, {3, 4}})
	b := FromRows([][]float64{{5, 6}, {7, 8}})
	// [1·5+2·7, 1·6+2·8; 3·5+4·7, 3·6+4·8]
	if !mat.Equal(MatMul(a, b), FromRows([][]float64{{19, 22}, {43, 50}})) {
		t.Errorf("MatMul = %v", mat.Formatted(MatMul(a, b)))
	}
	// a·bᵀ = [1·5+2·6, 1·7+2·8; 3·5+4·6, 3·7+4·8]
	if !mat.Equal(MatMulT(a, b), FromRows([][]float64{{17, 23}, {39, 53}})) {
		t.Errorf("MatMulT = %v", mat.Formatted(MatMulT(a, b)))
	}
	if !mat.Equal(Scale(0.5, a), FromRows([][]float64{{0.5, 1}, {1.5, 2}})) {
		t.Error("Scale")
	}
}

func TestShapePanicsNameOpAndShapes(t *testing.T) {
	cases := []struct {
		name string
		f    func()
		want []string
	}{
		{"MatMul", func() { MatMul(New(3, 4), New(3, 4)) }, []string{"tensor: MatMul", "3×4", "(4)", "(3)"}},
		{"MatMulT", func() { MatMulT(New(3, 4), New(2, 3)) }, []string{"tensor: MatMulT", "3×4", "2×3"}},
		{"Add", func() { Add(New(2, 2), New(2, 3)) }, []string{"tensor: Add", "2×2", "2×3"}},
		{"ApplyMask", func() { ApplyMask(New(2, 2), NewCausalMask(3)) }, []string{"tensor: ApplyMask", "2×2", "3×3"}},
		{"FromRows", func() { FromRows([][]float64{{1, 2}, {3}}) }, []string{"tensor: FromRows", "row 1 has 1"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			defer expectPanic(t, c.want...)
			c.f()
		})
	}
}

func TestMaxAbsDiffSeesNaN(t *testing.T) {
	a := FromRows([][]float64{{1, math.NaN()}})
	if d := MaxAbsDiff(a, FromRows([][]float64{{1, 2}})); !math.IsNaN(d) {
		t.Errorf("MaxAbsDiff with NaN = %v, want NaN", d)
	}
}

func expectPanic(t *testing.T, parts ...string) {
	t.Helper()
	r := recover()
	if r == nil {
		t.Fatal("no panic")
	}
	msg, _ := r.(string)
	for _, p := range parts {
		if !strings.Contains(msg, p) {
			t.Errorf("panic %q does not mention %q", msg, p)
		}
	}
}
