package autograd

import (
	"testing"

	"gonum.org/v1/gonum/mat"

	"llminternals/pkg/rng"
)

// MatMulT is MatMul with a transposed second operand: the same products
// in the same order, so the forward bits must equal MatMul(a, Transpose(b)).
func TestMatMulTEqualsMatMulOfTranspose(t *testing.T) {
	g := rng.New(31)
	for _, sh := range [][3]int{{1, 1, 1}, {3, 4, 5}, {7, 9, 13}, {64, 33, 50}} { // n, k, m
		a := Const(g.NormalMatrix(sh[0], sh[1], 1))
		b := Const(g.NormalMatrix(sh[2], sh[1], 1))
		got, want := MatMulT(a, b).Data, MatMul(a, Transpose(b)).Data
		if !mat.Equal(got, want) {
			t.Errorf("%v: MatMulT differs from MatMul(a, Transpose(b))", sh)
		}
	}
}

func TestGradCheckMatMulT(t *testing.T) {
	g := rng.New(32)
	a, b := New(g.NormalMatrix(3, 4, 1)), New(g.NormalMatrix(5, 4, 1))
	f := func() *Value { return weighted(MatMulT(a, b), rng.New(33)) }
	if e, rep := GradCheck(f, []*Value{a, b}, 1e-6); !(e < 1e-6) {
		t.Errorf("MatMulT: %v", rep)
	}
}

func TestMatMulTShapePanic(t *testing.T) {
	wantPanic(t, func() { MatMulT(New(tensorOnes(2, 3)), New(tensorOnes(4, 5))) }, "autograd: MatMulT:", "2×3", "4×5")
}
