package check

import (
	"bytes"
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// recorder is a Checker that records output and exit codes instead of exiting.
func recorder() (*Checker, *bytes.Buffer, *bytes.Buffer, *[]int) {
	var out, errb bytes.Buffer
	var codes []int
	return &Checker{Out: &out, Err: &errb, Exit: func(c int) { codes = append(codes, c) }}, &out, &errb, &codes
}

func TestPassingChecksPrintOneTickLine(t *testing.T) {
	c, out, errb, codes := recorder()
	c.Close("pi", 3.14159, math.Pi, 1e-5)
	c.Vector("row", []float64{0.5, 0.25}, []float64{0.5, 0.25}, 0)
	c.Matrix("I", mat.NewDense(2, 2, []float64{1, 0, 0, 1}), mat.NewDense(2, 2, []float64{1, 0, 0, 1}), 0)
	CheckEqual(c, "n", 3, 3)
	CheckSlice(c, "ids", []int{1, 2}, []int{1, 2})
	c.True("order", 1 < 2, "1 < 2")
	c.Close("negative zero", -math.Log(1), 0, 0)
	CheckSlice(c, "pieces", []string{"I", "'m", "  sure"}, []string{"I", "'m", "  sure"})
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 8 {
		t.Fatalf("want 8 lines, got %q", out.String())
	}
	for _, l := range lines {
		if !strings.HasPrefix(l, "✓ ") {
			t.Errorf("line %q does not start with ✓", l)
		}
	}
	if lines[0] != "✓ pi: 3.14159" || lines[1] != "✓ row: [0.5 0.25]" || lines[4] != "✓ ids: [1 2]" || lines[6] != "✓ negative zero: 0" || lines[7] != `✓ pieces: ["I" "'m" "  sure"]` {
		t.Errorf("unexpected lines %q", lines)
	}
	if errb.Len() != 0 || len(*codes) != 0 {
		t.Errorf("passing checks wrote %q and exited %v", errb.String(), *codes)
	}
}

func TestFailingChecksExitNonZeroWithMessage(t *testing.T) {
	cases := []struct {
		name string
		run  func(c *Checker)
		want string
	}{
		{"scalar", func(c *Checker) { c.Close("x", 1.5, 1.4, 0.01) }, "✗ x: got 1.5, want 1.4"},
		{"nan", func(c *Checker) { c.Close("x", math.NaN(), 0, 1) }, "✗ x: got NaN"},
		{"vector length", func(c *Checker) { c.Vector("v", []float64{1}, []float64{1, 2}, 0) }, "✗ v: got 1 values, want 2"},
		{"vector value", func(c *Checker) { c.Vector("v", []float64{1, 2}, []float64{1, 3}, 0.5) }, "element 1: got 2, want 3"},
		{"matrix shape", func(c *Checker) { c.Matrix("m", mat.NewDense(1, 2, nil), mat.NewDense(2, 1, nil), 0) }, "got a 1×2 matrix, want 2×1"},
		{"matrix value", func(c *Checker) {
			c.Matrix("m", mat.NewDense(1, 2, []float64{0, 1}), mat.NewDense(1, 2, []float64{0, 2}), 0.1)
		}, "entry (0,1): got 1, want 2"},
		{"equal", func(c *Checker) { CheckEqual(c, "s", "ab", "ba") }, "✗ s: got ab, want ba"},
		{"slice", func(c *Checker) { CheckSlice(c, "ids", []int{1, 2}, []int{1, 3}) }, "element 1: got 2, want 3"},
		{"true", func(c *Checker) { c.True("t", false, "2 < 1") }, "✗ t: not true: 2 < 1"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, out, errb, codes := recorder()
			tc.run(c)
			if len(*codes) != 1 || (*codes)[0] != 1 {
				t.Errorf("exit codes %v, want [1]", *codes)
			}
			if !strings.Contains(errb.String(), tc.want) {
				t.Errorf("stderr %q does not contain %q", errb.String(), tc.want)
			}
			if out.Len() != 0 {
				t.Errorf("a failing check printed %q on stdout", out.String())
			}
		})
	}
}
