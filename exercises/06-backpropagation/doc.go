// Package backprop06 holds the reference solutions of chapter 06's
// exercises (notebooks/06-backpropagation.ipynb), one file per exercise.
// Each function is written exactly as it goes in the notebook's exercise
// cell; the tests check them against numbers worked by hand, against the
// engine's autograd and against central finite differences.
package backprop06

// The chapter's network: input x, target t (declared in the notebook's
// first code cell, repeated here so that the solutions compile alone).
const (
	x      = 0.5
	target = 1.0
)
