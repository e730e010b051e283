package autograd

import (
	"math"
	"testing"
	"unsafe"

	"gonum.org/v1/gonum/mat"

	"llminternals/pkg/rng"
	"llminternals/pkg/tensor"
)

func storageOf(m *mat.Dense) *float64 { return unsafe.SliceData(m.RawMatrix().Data) }

// TestReleaseReusesStorageExactly: a training-like loop that releases each
// step's graph gives the same bits as one that does not, leaves keep their
// data and gradients, and released nodes are emptied.
func TestReleaseReusesStorageExactly(t *testing.T) {
	g := rng.New(3)
	x := Const(g.UniformMatrix(96, 64, -1, 1))
	w1, w2 := New(g.UniformMatrix(64, 128, -0.2, 0.2)), New(g.UniformMatrix(128, 64, -0.2, 0.2))
	targets := make([]int, 96)
	for i := range targets {
		targets[i] = i % 64
	}
	step := func(release bool) (float64, []float64) {
		w1.ZeroGrad()
		w2.ZeroGrad()
		h := GELU(MatMul(x, w1))
		loss := CrossEntropy(MatMul(h, w2), targets)
		loss.Backward()
		l := loss.Item()
		if release {
			loss.Release()
			if h.Data != nil || h.Grad != nil {
				t.Fatal("a released intermediate still holds storage")
			}
		}
		return l, append([]float64(nil), w1.Grad.RawMatrix().Data...)
	}
	want, wantGrad := step(false)
	xData := append([]float64(nil), x.Data.RawMatrix().Data...)
	for i := range 3 {
		got, grad := step(true)
		if math.Float64bits(got) != math.Float64bits(want) {
			t.Fatalf("round %d: loss %v after releases, %v without", i, got, want)
		}
		for j := range grad {
			if math.Float64bits(grad[j]) != math.Float64bits(wantGrad[j]) {
				t.Fatalf("round %d: ∂L/∂w1[%d] %v after releases, %v without", i, j, grad[j], wantGrad[j])
			}
		}
	}
	for i, v := range x.Data.RawMatrix().Data {
		if v != xData[i] {
			t.Fatal("Release changed an input")
		}
	}
}

// TestReleaseKeepsStorageALeafShares: a node whose Data is a leaf's matrix
// (a Fused op passing its input through) is not handed to the pool.
func TestReleaseKeepsStorageALeafShares(t *testing.T) {
	w := New(tensor.New(128, 64))
	through := Fused("through", w.Data, func(g *mat.Dense) { AccumGrad(w).Add(AccumGrad(w), g) }, w)
	loss := Sum(Mul(through, through))
	loss.Backward()
	loss.Release()
	for range 4 {
		if m := tensor.New(128, 64); storageOf(m) == storageOf(w.Data) || storageOf(m) == storageOf(w.Grad) {
			t.Fatal("the pool handed out a leaf's storage")
		}
	}
}

// TestDiscard: under NoGrad an op's output goes to the pool (its Data
// becomes nil, and the next value of its size reuses the storage), while
// leaves and constants are never touched; with a graph recorded Discard
// does nothing.
func TestDiscard(t *testing.T) {
	g := rng.New(5)
	w := New(g.UniformMatrix(64, 96, -1, 1))
	x := Const(g.UniformMatrix(64, 64, -1, 1))
	var y *Value
	NoGrad(func() {
		y = MatMul(x, w)
		before := storageOf(y.Data)
		Discard(y, w, x, nil)
		if y.Data != nil {
			t.Fatal("a discarded output still holds its storage")
		}
		if w.Data == nil || x.Data == nil {
			t.Fatal("Discard emptied a leaf or a constant")
		}
		if again := MatMul(x, w); storageOf(again.Data) != before {
			t.Error("the next product of the same size did not reuse the discarded storage")
		}
	})
	z := MatMul(x, w)
	Discard(z)
	if z.Data == nil {
		t.Fatal("Discard emptied a value of a recorded graph")
	}
}
