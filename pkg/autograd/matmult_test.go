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

// TestLinearEqualsMatMulAdd: Linear has the bits of MatMul then a broadcast
// Add, forward and backward, with and without a bias, on one goroutine and
// split over rows; and its gradient passes finite differences.
func TestLinearEqualsMatMulAdd(t *testing.T) {
	for _, n := range []int{5, 600} { // 600×64 entries split over goroutines
		g := rng.New(uint64(n))
		x, w, b := g.NormalMatrix(n, 7, 1), g.NormalMatrix(7, 64, 1), g.NormalMatrix(1, 64, 1)
		r := g.NormalMatrix(n, 64, 1)
		for _, withBias := range []bool{true, false} {
			x1, w1, b1 := New(mat.DenseCopyOf(x)), New(mat.DenseCopyOf(w)), New(mat.DenseCopyOf(b))
			x2, w2, b2 := New(mat.DenseCopyOf(x)), New(mat.DenseCopyOf(w)), New(mat.DenseCopyOf(b))
			var got, want *Value
			if withBias {
				got, want = Linear(x1, w1, b1), Add(MatMul(x2, w2), b2)
			} else {
				got, want = Linear(x1, w1, nil), MatMul(x2, w2)
			}
			Sum(Mul(got, Const(r))).Backward()
			Sum(Mul(want, Const(r))).Backward()
			pairs := [][2]*mat.Dense{{got.Data, want.Data}, {x1.Grad, x2.Grad}, {w1.Grad, w2.Grad}}
			if withBias {
				pairs = append(pairs, [2]*mat.Dense{b1.Grad, b2.Grad})
			}
			for k, p := range pairs {
				if !mat.Equal(p[0], p[1]) {
					t.Fatalf("n=%d bias=%v: item %d (0 out, 1 ∂x, 2 ∂W, 3 ∂b) differs from MatMul+Add", n, withBias, k)
				}
			}
		}
	}
	g := rng.New(3)
	x, w, b := New(g.NormalMatrix(4, 3, 1)), New(g.NormalMatrix(3, 5, 1)), New(g.NormalMatrix(1, 5, 1))
	r := Const(g.NormalMatrix(4, 5, 1))
	if e, rep := GradCheck(func() *Value { return Sum(Mul(Tanh(Linear(x, w, b)), r)) }, []*Value{x, w, b}, 1e-6); !(e < 1e-6) {
		t.Error(rep)
	}
}
