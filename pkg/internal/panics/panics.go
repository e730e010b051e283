// Package panics holds the engine's error-policy helpers for programmer
// errors (see package tensor's doc): every panic reads "pkg: Op: details"
// and names the shapes involved.
package panics

import (
	"fmt"

	"gonum.org/v1/gonum/mat"
)

// Shape formats the dimensions of m as "r×c".
func Shape(m mat.Matrix) string {
	r, c := m.Dims()
	return fmt.Sprintf("%d×%d", r, c)
}

// Panicf panics with a message of the engine's form: "pkg: Op: details".
func Panicf(pkg, op, format string, args ...any) {
	panic(fmt.Sprintf("%s: %s: %s", pkg, op, fmt.Sprintf(format, args...)))
}

// SameShape panics, naming pkg and op, unless a and b have equal dimensions.
func SameShape(pkg, op string, a, b mat.Matrix) {
	ar, ac := a.Dims()
	br, bc := b.Dims()
	if ar != br || ac != bc {
		Panicf(pkg, op, "shapes %s and %s differ", Shape(a), Shape(b))
	}
}
