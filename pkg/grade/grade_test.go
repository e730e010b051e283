package grade

import (
	"bytes"
	"math"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"gonum.org/v1/gonum/mat"
)

// grade runs one exercise with a short limit and returns its verdict text.
func grade(t *testing.T, limit time.Duration, test func(*T)) (bool, string) {
	t.Helper()
	var out bytes.Buffer
	ok := run(&out, limit, "06-1", "sigmoid", "σ(0) is ½", test)
	return ok, out.String()
}

// sigmoid is a correct learner solution; σ(0) = ½ and σ(2) = 1/(1+e⁻²)
// = 0.8807970779778823 (e⁻² = 0.1353352832366127).
func sigmoid(x float64) float64 { return 1 / (1 + math.Exp(-x)) }

func TestPass(t *testing.T) {
	ok, out := grade(t, time.Second, func(g *T) {
		g.Close("σ(0)", sigmoid(0), 0.5, 1e-12)
		g.Close("σ(2)", sigmoid(2), 0.8807970779778823, 1e-12)
		g.Vector("σ([0 0])", []float64{sigmoid(0), sigmoid(0)}, []float64{0.5, 0.5}, 0)
		g.Matrix("I", mat.NewDense(1, 1, []float64{1}), mat.NewDense(1, 1, []float64{1}), 0)
		g.True("σ is increasing", sigmoid(1) > sigmoid(0), "σ(1) > σ(0)")
		Equal(g, "2 + 2", 2+2, 4)
		Slice(g, "ids", []int{1, 2}, []int{1, 2})
	})
	want := "✓ Exercise 06-1 — sigmoid: passed\n"
	if !ok || out != want {
		t.Fatalf("got ok=%v %q, want ok=true %q", ok, out, want)
	}
}

func TestWrongValue(t *testing.T) {
	ran := false
	ok, out := grade(t, time.Second, func(g *T) {
		g.Close("σ(0)", 0, 0.5, 1e-12) // a stub returning the zero value
		ran = true
	})
	want := "✗ Exercise 06-1 — sigmoid: σ(0): got 0, want 0.5 (|difference| = 0.5, tolerance 1e-12)\n  hint: σ(0) is ½\n"
	if ok || out != want {
		t.Fatalf("got ok=%v %q, want ok=false %q", ok, out, want)
	}
	if ran {
		t.Error("the test went on after a failed assertion")
	}
}

func TestPanicBecomesAVerdict(t *testing.T) {
	for _, c := range []struct {
		name string
		f    func()
		want string
	}{
		{"TODO", func() { panic("TODO: write σ") }, "your function panicked: TODO: write σ"},
		{"nil map", func() {
			var m map[string]int
			m["x"] = 1
		}, "your function panicked: assignment to entry in nil map"},
		{"index", func() {
			s := []int{1, 2, 3}
			i := 3
			_ = s[i]
		}, "your function panicked: runtime error: index out of range [3] with length 3"},
		{"multi-line", func() { panic("first\n\tsecond") }, "your function panicked: first second"},
	} {
		ok, out := grade(t, time.Second, func(g *T) { c.f() })
		want := "✗ Exercise 06-1 — sigmoid: " + c.want + "\n  hint: σ(0) is ½\n"
		if ok || out != want {
			t.Errorf("%s: got ok=%v %q, want ok=false %q", c.name, ok, out, want)
		}
		if strings.Contains(out, "goroutine ") || strings.Contains(out, ".go:") {
			t.Errorf("%s: a stack trace leaked: %q", c.name, out)
		}
	}
}

func TestTimeout(t *testing.T) {
	var quit atomic.Bool
	defer quit.Store(true) // lets the spinning goroutine end after the test
	start := time.Now()
	ok, out := grade(t, 50*time.Millisecond, func(g *T) {
		for !quit.Load() {
		}
		g.True("unreachable", true, "")
	})
	want := "✗ Exercise 06-1 — sigmoid: did not finish within 0.05 s (an endless loop?)\n  hint: σ(0) is ½\n"
	if ok || out != want {
		t.Fatalf("got ok=%v %q, want ok=false %q", ok, out, want)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("took %v to give up on a 50 ms limit", d)
	}
}

func TestNilReturns(t *testing.T) {
	var dense *mat.Dense // a stub's "return nil" for a *mat.Dense result
	for _, c := range []struct {
		name string
		f    func(*T)
		want string
	}{
		{"nil interface", func(g *T) { g.Matrix("W", nil, mat.NewDense(2, 3, nil), 0) }, "W: got nil, want a 2×3 matrix"},
		{"nil *Dense", func(g *T) { g.Matrix("W", dense, mat.NewDense(2, 3, nil), 0) }, "W: got nil, want a 2×3 matrix"},
		{"nil vector", func(g *T) { g.Vector("v", nil, []float64{1, 2}, 0) }, "v: got nil, want 2 values"},
		{"nil slice", func(g *T) { Slice(g, "ids", nil, []int{7}) }, "ids: got nil, want 1 elements"},
	} {
		ok, out := grade(t, time.Second, c.f)
		want := "✗ Exercise 06-1 — sigmoid: " + c.want + "\n  hint: σ(0) is ½\n"
		if ok || out != want {
			t.Errorf("%s: got ok=%v %q, want ok=false %q", c.name, ok, out, want)
		}
	}
}

func TestOtherFailures(t *testing.T) {
	for _, c := range []struct {
		name string
		f    func(*T)
		want string
	}{
		{"NaN", func(g *T) { g.Close("σ(0)", math.NaN(), 0.5, 1) }, "σ(0): got NaN, want 0.5 (|difference| = NaN, tolerance 1)"},
		{"vector element", func(g *T) { g.Vector("v", []float64{1, 2.5}, []float64{1, 2}, 0.1) },
			"v: element 1: got 2.5, want 2 (|difference| = 0.5, tolerance 0.1)"},
		{"matrix shape", func(g *T) { g.Matrix("W", mat.NewDense(3, 2, nil), mat.NewDense(2, 3, nil), 0) }, "W: got a 3×2 matrix, want 2×3"},
		{"equal", func(g *T) { Equal(g, "pair", "a b", "a a") }, "pair: got a b, want a a"},
		{"true", func(g *T) { g.True("loss", false, "loss decreased") }, "loss: not true: loss decreased"},
		{"fatalf", func(g *T) { g.Fatalf("merge %d: got %q", 1, "ab") }, `merge 1: got "ab"`},
		{"no checks", func(g *T) {}, "the grader checked nothing (a grader must be able to fail)"},
	} {
		ok, out := grade(t, time.Second, c.f)
		want := "✗ Exercise 06-1 — sigmoid: " + c.want + "\n  hint: σ(0) is ½\n"
		if ok || out != want {
			t.Errorf("%s: got ok=%v %q, want ok=false %q", c.name, ok, out, want)
		}
	}
}

func TestBadCallPanics(t *testing.T) {
	defer func() {
		r := recover()
		want := `grade: Exercise: id "06-1", title "sigmoid" and hint "" must all be non-empty`
		if r != want {
			t.Fatalf("panic %v, want %q", r, want)
		}
	}()
	run(&bytes.Buffer{}, time.Second, "06-1", "sigmoid", "", func(*T) {})
}
