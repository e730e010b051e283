package optim

import (
	"math"
	"strings"
	"testing"

	"llminternals/pkg/autograd"
	"llminternals/pkg/rng"

	"gonum.org/v1/gonum/mat"
)

// adamStep takes one step of AdamW on L = Σ (w ⊙ w ⊙ x) with x fixed, a loss
// whose gradient 2·w⊙x changes every step, so the moments matter.
func adamStep(opt *Adam, w, x *autograd.Value) {
	w.ZeroGrad()
	autograd.Sum(autograd.Mul(autograd.Mul(w, w), x)).Backward()
	opt.Step()
}

// TestAdamStateResume checks that stepping 3 times, copying the state into a
// fresh optimizer over a copy of the parameters and stepping 2 more times
// gives bit for bit what 5 uninterrupted steps give.
func TestAdamStateResume(t *testing.T) {
	g := rng.New(7)
	x := autograd.Const(g.NormalMatrix(2, 3, 1))
	start := g.NormalMatrix(2, 3, 1)

	wA := autograd.New(mat.DenseCopyOf(start))
	a := NewAdamW([]*autograd.Value{wA}, 0.05, 0.1)
	for range 5 {
		adamStep(a, wA, x)
	}

	wB := autograd.New(mat.DenseCopyOf(start))
	b := NewAdamW([]*autograd.Value{wB}, 0.05, 0.1)
	for range 3 {
		adamStep(b, wB, x)
	}
	s := b.State()
	if s.T != 3 || len(s.M) != 1 || len(s.M[0]) != 6 {
		t.Fatalf("state T=%d, %d moments of length %d; want 3, 1, 6", s.T, len(s.M), len(s.M[0]))
	}
	wC := autograd.New(mat.DenseCopyOf(wB.Data))
	c := NewAdamW([]*autograd.Value{wC}, 0.05, 0.1)
	if err := c.SetState(s); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		adamStep(c, wC, x)
	}
	if c.Steps() != 5 {
		t.Errorf("resumed optimizer at step %d, want 5", c.Steps())
	}
	for i, v := range wA.Data.RawMatrix().Data {
		if got := wC.Data.RawMatrix().Data[i]; math.Float64bits(got) != math.Float64bits(v) {
			t.Errorf("w[%d] = %v resumed, %v straight", i, got, v)
		}
	}
	// State is a copy: scribbling on it leaves the optimizer alone.
	s2 := c.State()
	s2.M[0][0] = 1e9
	if c.State().M[0][0] == 1e9 {
		t.Error("State shares its slices with the optimizer")
	}
}

func TestAdamSetStateMismatch(t *testing.T) {
	w := autograd.New(rng.New(1).NormalMatrix(2, 3, 1))
	w.Label = "w"
	opt := NewAdam([]*autograd.Value{w}, 0.1)
	cases := []struct {
		s    AdamState
		want string
	}{
		{AdamState{T: 1}, "state holds 0 first and 0 second moments for 1 parameters"},
		{AdamState{T: 1, M: [][]float64{make([]float64, 5)}, V: [][]float64{make([]float64, 6)}}, "parameter 0 (w) is 2×3 = 6 values, its moments hold 5 and 6"},
		{AdamState{T: 1, M: [][]float64{make([]float64, 6)}, V: [][]float64{nil}}, "parameter 0 (w) has only one of its two moments"},
		{AdamState{T: -1, M: [][]float64{nil}, V: [][]float64{nil}}, "step count -1 is negative"},
	}
	for _, c := range cases {
		err := opt.SetState(c.s)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("SetState(%v) = %v, want it to say %q", c.s, err, c.want)
		}
	}
	if opt.Steps() != 0 {
		t.Errorf("a failed SetState changed the step count to %d", opt.Steps())
	}
}
