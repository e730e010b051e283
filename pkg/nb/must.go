package nb

import (
	"fmt"
	"io"
	"os"
)

// stderr and exit are where a failing Must reports; tests replace them.
var (
	stderr io.Writer = os.Stderr
	exit             = os.Exit
)

// Must returns v when err is nil. Otherwise it prints "✗ <err>" on stderr
// and exits with status 1, which fails the notebook cell.
//
//	tok := nb.Must(tokenizer.Load(path))
func Must[T any](v T, err error) T {
	Must0(err)
	return v
}

// Must2 is Must for functions that return two values and an error.
func Must2[A, B any](a A, b B, err error) (A, B) {
	Must0(err)
	return a, b
}

// Must0 does nothing when err is nil. Otherwise it prints "✗ <err>" on
// stderr and exits with status 1, which fails the notebook cell.
func Must0(err error) {
	if err == nil {
		return
	}
	fmt.Fprintf(stderr, "✗ %v\n", err)
	exit(1)
}
