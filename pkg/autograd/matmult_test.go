package autograd

import (
	"fmt"
	"math"
	"runtime"
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

// TestLinearSharedEqualsLinear: LinearShared gives each output and every
// gradient the bits of separate Linear calls (the same x, weights of
// different widths, one without a bias), with rows in one row block of the
// gemm (one pass over x) and beyond it (the products one by one), on one
// goroutine and two.
func TestLinearSharedEqualsLinear(t *testing.T) {
	for _, n := range []int{5, 200, 300} {
		for _, procs := range []int{1, 2} {
			prev := runtime.GOMAXPROCS(procs)
			g := rng.New(uint64(n))
			x := g.NormalMatrix(n, 64, 1)
			widths := []int{64, 40, 100}
			var ws, bs []*mat.Dense
			for i, c := range widths {
				ws = append(ws, g.NormalMatrix(64, c, 1))
				if i == 1 {
					bs = append(bs, nil)
				} else {
					bs = append(bs, g.NormalMatrix(1, c, 1))
				}
			}
			build := func() (*Value, []*Value, []*Value) {
				xv := New(mat.DenseCopyOf(x))
				var wv, bv []*Value
				for i := range ws {
					wv = append(wv, New(mat.DenseCopyOf(ws[i])))
					if bs[i] == nil {
						bv = append(bv, nil)
					} else {
						bv = append(bv, New(mat.DenseCopyOf(bs[i])))
					}
				}
				return xv, wv, bv
			}
			x1, w1, b1 := build()
			x2, w2, b2 := build()
			got := LinearShared(x1, w1, b1)
			var want []*Value
			for i := range w2 {
				want = append(want, Linear(x2, w2[i], b2[i]))
			}
			loss := func(outs []*Value) *Value {
				total := Sum(Mul(outs[0], Const(rng.New(1).NormalMatrix(n, widths[0], 1))))
				for i := 1; i < len(outs); i++ {
					total = Add(total, Sum(Mul(Tanh(outs[i]), Const(rng.New(uint64(i+1)).NormalMatrix(n, widths[i], 1)))))
				}
				return total
			}
			loss(got).Backward()
			loss(want).Backward()
			same := func(what string, a, b *mat.Dense) {
				ra, rb := a.RawMatrix(), b.RawMatrix()
				for r := 0; r < ra.Rows; r++ {
					for c := 0; c < ra.Cols; c++ {
						if math.Float64bits(ra.Data[r*ra.Stride+c]) != math.Float64bits(rb.Data[r*rb.Stride+c]) {
							t.Fatalf("n=%d GOMAXPROCS=%d: %s[%d][%d] = %v, separate Linear calls give %v", n, procs, what, r, c, a.At(r, c), b.At(r, c))
						}
					}
				}
			}
			same("∂x", x1.Grad, x2.Grad)
			for i := range got {
				same(fmt.Sprintf("out %d", i), got[i].Data, want[i].Data)
				same(fmt.Sprintf("∂W %d", i), w1[i].Grad, w2[i].Grad)
				if b1[i] != nil {
					same(fmt.Sprintf("∂b %d", i), b1[i].Grad, b2[i].Grad)
				}
			}
			runtime.GOMAXPROCS(prev)
		}
	}
	// Bad input panics with the op and what is wrong.
	g := rng.New(9)
	x, w := New(g.NormalMatrix(4, 3, 1)), New(g.NormalMatrix(3, 5, 1))
	wantPanic(t, func() { LinearShared(x, []*Value{w}, nil) }, "autograd: LinearShared:", "1 weight matrices but 0 biases")
	wantPanic(t, func() { LinearShared(x, []*Value{w, New(g.NormalMatrix(2, 5, 1))}, []*Value{nil, nil}) }, "autograd: LinearShared:", "W[1] is 2×5")
	wantPanic(t, func() { LinearShared(x, []*Value{w}, []*Value{New(g.NormalMatrix(1, 4, 1))}) }, "autograd: LinearShared:", "the bias must be 1×5")
}
