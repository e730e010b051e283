// Package tensor is the numeric foundation of the course: dense float64
// matrices and the row-wise operations attention needs.
//
// # The story for 2-D matrices
//
// Every matrix in the engine is a gonum *mat.Dense. We do not wrap it: a
// learner who knows gonum can read every line, and gonum's own operations
// (Mul, Add, T, ...) stay available. This package adds what gonum lacks
// for neural networks — numerically stable row softmax, additive masks,
// scaling — and shape checks whose panic messages name the operation and
// both shapes, which gonum's "mat: dimension mismatch" does not.
//
// Rows are tokens and columns are features: an n×d matrix holds n token
// vectors of width d. Functions return new matrices and never modify
// their arguments.
//
// # Error policy (the whole engine follows it)
//
//   - A programmer error — a shape mismatch, a negative size, a ragged
//     literal — panics. The message starts with the package name and the
//     operation, then the shapes: "tensor: MatMul: a is 3×4, b is 3×4;
//     a's columns (4) must equal b's rows (3)".
//   - A failure that depends on data — a malformed file, an unknown token,
//     text that is not UTF-8 — returns an error saying what was wrong and
//     where (file, line, offset). Nothing is half-written: files are written
//     to a temporary name and renamed into place.
//   - Notebook checks (package check) are the one place that exits: a
//     failed check prints to stderr and exits non-zero so the cell fails.
package tensor
