// Package grade checks a learner's exercise in a notebook and prints one
// verdict line, pass or fail, with a hint.
//
// A chapter's exercise is two cells. The exercise cell (tagged
// "exercise:<id>") holds a stub the learner fills in: Go declarations only,
// compiling, whose body is "// TODO" returning a zero value or
// panic("TODO: …"). The next code cell (tagged "grade:<id>") calls
// Exercise:
//
//	%%
//	grade.Exercise("06-1", "sigmoid", "σ(x) = 1/(1+e^(−x)); σ(0) is ½.", func(t *grade.T) {
//		t.Close("σ(0)", Sigmoid(0), 0.5, 1e-12)
//		t.Close("σ(2)", Sigmoid(2), 0.8807970779778823, 1e-12)
//	})
//
// Exercise prints exactly one verdict on stdout:
//
//	✓ Exercise 06-1 — sigmoid: passed
//
// or
//
//	✗ Exercise 06-1 — sigmoid: σ(0): got 0, want 0.5 (|difference| = 0.5, tolerance 1e-12)
//	  hint: σ(x) = 1/(1+e^(−x)); σ(0) is ½.
//
// The learner's code runs under recover and a time limit, because GoNB
// shows a panic as a Go stack trace and reports the cell as successful: a
// panic (panic("TODO"), a nil map, an index out of range) becomes "your
// function panicked: <message>", an endless loop becomes "did not finish
// within N s", and neither prints a stack trace. The first failed
// assertion stops the test, as t.Fatal does in package testing.
//
// A failure does not exit the process with a non-zero status. For the
// learner, GoNB's red "exit status 1" under the verdict would only be
// noise; the course's notebook harness reads the ✗ line instead (a grade
// cell is expected to fail while its stub is blank, and must pass with
// the reference solution in place; see exercises/README.md).
//
// What recover cannot catch is reported by the Go runtime as usual: a panic
// in a goroutine the learner's code starts, os.Exit, or a fatal error such
// as a concurrent map write or stack exhaustion from endless recursion.
package grade
