package grade

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"reflect"
	"strings"
	"time"

	"gonum.org/v1/gonum/mat"

	"llminternals/pkg/check"
	"llminternals/pkg/internal/panics"
)

// TimeLimit is how long Exercise lets a test run before it reports "did
// not finish". Each notebook cell is a fresh process, so a grade cell that
// needs more sets it before calling Exercise.
var TimeLimit = 10 * time.Second

// T is the handle a grading test asserts through. Its assertions format
// numbers as package check does; the first failing one stops the test.
type T struct {
	c      *check.Checker
	failed string // the first failure, "name: got …, want …"
	checks int    // assertions made, passed or not
}

// stop is the panic value a failed assertion unwinds the test with; the
// recover in run tells it apart from the learner's own panics.
type stop struct{}

func newT() *T {
	t := &T{}
	var errs bytes.Buffer
	t.c = &check.Checker{
		Out: io.Discard, // one verdict line, not one line per assertion
		Err: &errs,
		Exit: func(int) {
			t.failed = strings.TrimSpace(strings.TrimPrefix(errs.String(), "✗ "))
			panic(stop{})
		},
	}
	return t
}

// Close asserts |got − want| ≤ tol. NaN never passes.
func (t *T) Close(name string, got, want, tol float64) {
	t.checks++
	t.c.Close(name, got, want, tol)
}

// Vector asserts len(got) = len(want) and maxᵢ |gotᵢ − wantᵢ| ≤ tol.
// A nil got fails as "got nil" when values are wanted.
func (t *T) Vector(name string, got, want []float64, tol float64) {
	t.checks++
	if got == nil && len(want) > 0 {
		t.Fatalf("%s: got nil, want %d values", name, len(want))
	}
	t.c.Vector(name, got, want, tol)
}

// Matrix asserts got and want have the same shape and
// maxᵢⱼ |gotᵢⱼ − wantᵢⱼ| ≤ tol. A nil got (nil interface or nil *mat.Dense)
// fails as "got nil" rather than panicking inside Dims.
func (t *T) Matrix(name string, got, want mat.Matrix, tol float64) {
	t.checks++
	if isNil(got) {
		r, c := want.Dims()
		t.Fatalf("%s: got nil, want a %d×%d matrix", name, r, c)
	}
	t.c.Matrix(name, got, want, tol)
}

// True asserts ok; detail says what should hold, e.g. "loss decreased".
func (t *T) True(name string, ok bool, detail string) {
	t.checks++
	t.c.True(name, ok, detail)
}

// Fatalf fails the test with a message of the grader's own, e.g.
// "merge 1: got pair (a b), want (a a)", and stops it.
func (t *T) Fatalf(format string, args ...any) {
	t.checks++
	t.failed = fmt.Sprintf(format, args...)
	panic(stop{})
}

// Equal asserts got == want exactly (ints, strings, bools, token pairs).
func Equal[V comparable](t *T, name string, got, want V) {
	t.checks++
	check.CheckEqual(t.c, name, got, want)
}

// Slice asserts got and want are equal element by element (token ids,
// for example). A nil got fails as "got nil" when elements are wanted.
func Slice[V comparable](t *T, name string, got, want []V) {
	t.checks++
	if got == nil && len(want) > 0 {
		t.Fatalf("%s: got nil, want %d elements", name, len(want))
	}
	check.CheckSlice(t.c, name, got, want)
}

// Exercise runs test, which calls the learner's code and asserts on it
// through t, and prints one verdict line on stdout: "✓ Exercise <id> —
// <title>: passed", or "✗ Exercise <id> — <title>: <what was wrong>"
// followed by "  hint: <hint>". It reports whether the exercise passed and
// never exits the process (see the package doc). A test that asserts
// nothing fails, because a grader that cannot fail proves nothing.
func Exercise(id, title, hint string, test func(t *T)) bool {
	return run(os.Stdout, TimeLimit, id, title, hint, test)
}

// run is Exercise with its output and time limit as arguments.
func run(w io.Writer, limit time.Duration, id, title, hint string, test func(t *T)) bool {
	if id == "" || title == "" || hint == "" {
		panics.Panicf("grade", "Exercise", "id %q, title %q and hint %q must all be non-empty", id, title, hint)
	}
	if test == nil {
		panics.Panicf("grade", "Exercise", "exercise %s has a nil test", id)
	}
	t := newT()
	done := make(chan string, 1) // "" for success, otherwise what went wrong
	go func() {
		finished := false
		defer func() {
			r := recover()
			switch {
			case finished:
				done <- ""
			case r == nil:
				// Only runtime.Goexit unwinds without a panic value.
				done <- "your function stopped before finishing (runtime.Goexit)"
			case isStop(r):
				done <- t.failed
			default:
				done <- "your function panicked: " + panicMessage(r)
			}
		}()
		test(t)
		finished = true
	}()
	var problem string
	select {
	case problem = <-done:
		if problem == "" && t.checks == 0 {
			problem = "the grader checked nothing (a grader must be able to fail)"
		}
	case <-time.After(limit):
		// The test goroutine may still be running, so t is not read here;
		// it ends with the cell's process.
		problem = fmt.Sprintf("did not finish within %s (an endless loop?)", seconds(limit))
	}
	head := fmt.Sprintf("Exercise %s — %s: ", id, title)
	if problem == "" {
		fmt.Fprintf(w, "✓ %spassed\n", head)
		return true
	}
	fmt.Fprintf(w, "✗ %s%s\n  hint: %s\n", head, oneLine(problem), hint)
	return false
}

func isStop(r any) bool {
	_, ok := r.(stop)
	return ok
}

// panicMessage renders a panic value the way the runtime would print it,
// without the stack trace.
func panicMessage(r any) string {
	switch v := r.(type) {
	case error:
		return v.Error()
	case fmt.Stringer:
		return v.String()
	default:
		return fmt.Sprint(v)
	}
}

// oneLine keeps the verdict on one line, so the harness and the learner
// read the same single ✗ line whatever the panic message holds.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// seconds formats a limit as "10 s" or "0.05 s".
func seconds(d time.Duration) string {
	return fmt.Sprintf("%g s", d.Seconds())
}

// isNil reports whether m is a nil interface or wraps a nil pointer.
func isNil(m mat.Matrix) bool {
	if m == nil {
		return true
	}
	v := reflect.ValueOf(m)
	return v.Kind() == reflect.Pointer && v.IsNil()
}
