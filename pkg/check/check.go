// Package check lets a notebook prove the numbers its prose states.
//
// Every check prints one line. A passing check prints "✓ name: value" on
// stdout, so a reader sees what was verified. A failing check prints
// "✗ name: got …, want …" on stderr and exits the process with status 1.
// GoNB reports such a cell as "exit status 1" on stderr, and the course's
// notebook harness fails on that, so a wrong number can never go unnoticed.
//
// A cell with many checks wraps them in Group, which prints one line,
// "✓ <title> [N checks]", when all pass, and everything that passed
// before the failure when one fails.
//
// Tests and programs that must not exit use a Checker with their own Exit.
package check

import (
	"fmt"
	"io"
	"math"
	"os"
	"strings"

	"gonum.org/v1/gonum/mat"
)

// A Checker prints check results to Out and failures to Err, then calls
// Exit(1) on the first failure. Nil fields mean os.Stdout, os.Stderr and
// os.Exit, looked up at each call.
type Checker struct {
	Out, Err io.Writer
	Exit     func(code int)

	grp *group // set inside Group
}

// Default is the Checker used by the package-level functions: stdout,
// stderr and os.Exit.
var Default = &Checker{}

// Close checks |got − want| ≤ tol. NaN never passes.
func Close(name string, got, want, tol float64) { Default.Close(name, got, want, tol) }

// Vector checks that got and want have the same length and maxᵢ |gotᵢ − wantᵢ| ≤ tol.
func Vector(name string, got, want []float64, tol float64) { Default.Vector(name, got, want, tol) }

// Matrix checks that got and want have the same shape and
// maxᵢⱼ |gotᵢⱼ − wantᵢⱼ| ≤ tol.
func Matrix(name string, got, want mat.Matrix, tol float64) { Default.Matrix(name, got, want, tol) }

// True checks a condition; detail says what was verified, e.g. "3 < 5".
func True(name string, ok bool, detail string) { Default.True(name, ok, detail) }

// Equal checks got == want exactly, for ints, strings, bools and the like.
func Equal[T comparable](name string, got, want T) { equal(Default, name, got, want) }

// Slice checks two slices for exact, element-by-element equality
// (token ids, for example).
func Slice[T comparable](name string, got, want []T) { slice(Default, name, got, want) }

// Close checks |got − want| ≤ tol. NaN never passes.
func (c *Checker) Close(name string, got, want, tol float64) {
	d := math.Abs(got - want)
	if !(d <= tol) {
		c.fail(name, "got %s, want %s (|difference| = %.3g, tolerance %.3g)", num(got), num(want), d, tol)
		return
	}
	c.pass(name, num(got))
}

// Vector checks that got and want have the same length and every element
// is within tol.
func (c *Checker) Vector(name string, got, want []float64, tol float64) {
	if len(got) != len(want) {
		c.fail(name, "got %d values, want %d", len(got), len(want))
		return
	}
	for i := range got {
		d := math.Abs(got[i] - want[i])
		if !(d <= tol) {
			c.fail(name, "element %d: got %s, want %s (|difference| = %.3g, tolerance %.3g)", i, num(got[i]), num(want[i]), d, tol)
			return
		}
	}
	c.pass(name, vec(got))
}

// Matrix checks that got and want have the same shape and every entry is
// within tol.
func (c *Checker) Matrix(name string, got, want mat.Matrix, tol float64) {
	gr, gc := got.Dims()
	wr, wc := want.Dims()
	if gr != wr || gc != wc {
		c.fail(name, "got a %d×%d matrix, want %d×%d", gr, gc, wr, wc)
		return
	}
	worst := 0.0
	for i := 0; i < gr; i++ {
		for j := 0; j < gc; j++ {
			d := math.Abs(got.At(i, j) - want.At(i, j))
			if !(d <= tol) {
				c.fail(name, "entry (%d,%d): got %s, want %s (|difference| = %.3g, tolerance %.3g)", i, j, num(got.At(i, j)), num(want.At(i, j)), d, tol)
				return
			}
			worst = math.Max(worst, d)
		}
	}
	c.pass(name, fmt.Sprintf("%d×%d, max |difference| %.1g", gr, gc, worst))
}

// True checks a condition; detail says what was verified.
func (c *Checker) True(name string, ok bool, detail string) {
	if !ok {
		c.fail(name, "not true: %s", detail)
		return
	}
	c.pass(name, detail)
}

// CheckEqual is Equal on a given Checker.
func CheckEqual[T comparable](c *Checker, name string, got, want T) { equal(c, name, got, want) }

// CheckSlice is Slice on a given Checker.
func CheckSlice[T comparable](c *Checker, name string, got, want []T) { slice(c, name, got, want) }

func equal[T comparable](c *Checker, name string, got, want T) {
	if got != want {
		c.fail(name, "got %v, want %v", got, want)
		return
	}
	c.pass(name, fmt.Sprint(got))
}

func slice[T comparable](c *Checker, name string, got, want []T) {
	if len(got) != len(want) {
		c.fail(name, "got %d elements, want %d", len(got), len(want))
		return
	}
	for i := range got {
		if got[i] != want[i] {
			c.fail(name, "element %d: got %v, want %v", i, got[i], want[i])
			return
		}
	}
	c.pass(name, sliceSummary(got, len(got)))
}

// sliceSummary prints a passing slice, or its length if that is long.
func sliceSummary(got any, n int) string {
	s := fmt.Sprint(got)
	if strs, isString := got.([]string); isString {
		s = fmt.Sprintf("%q", strs) // spaces inside tokens must stay visible
	}
	if len(s) > 80 {
		s = fmt.Sprintf("%d elements, all equal", n)
	}
	return s
}

func (c *Checker) pass(name, value string) {
	c.emit(fmt.Sprintf("✓ %s: %s\n", name, value), 1)
}

func (c *Checker) fail(name, format string, args ...any) {
	errw, exit := c.Err, c.Exit
	if errw == nil {
		errw = os.Stderr
	}
	if exit == nil {
		exit = os.Exit
	}
	c.release()
	fmt.Fprintf(errw, "✗ %s: %s\n", name, fmt.Sprintf(format, args...))
	exit(1)
}

// num formats a float compactly but exactly enough to compare by eye:
// integers without decimals, others with up to 6 significant digits.
func num(x float64) string {
	if x == 0 {
		return "0" // also for −0, which −ln 1 produces
	}
	if x == math.Trunc(x) && math.Abs(x) < 1e15 {
		return fmt.Sprintf("%.0f", x)
	}
	return fmt.Sprintf("%.6g", x)
}

func vec(x []float64) string {
	parts := make([]string, len(x))
	for i, v := range x {
		parts[i] = num(v)
	}
	s := "[" + strings.Join(parts, " ") + "]"
	if len(s) > 80 {
		s = fmt.Sprintf("%d values", len(x))
	}
	return s
}
