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
//   - A NaN or an infinity in the data is not an error: nothing panics on
//     it. The rules below say what comes out (package autograd follows
//     them, and its DetectAnomaly finds the op where a NaN first appears).
//
// # NaN, ±Inf and empty matrices (the whole engine follows this too)
//
//   - NaN propagates. An op whose inputs hold a NaN returns NaN where the
//     arithmetic puts it; a row-wise op (Softmax, LogSoftmax, LogSumExp)
//     with a NaN anywhere in a row returns a NaN row, since every output
//     of that row depends on every input.
//   - −Inf is a mask. NewCausalMask and ApplyMask write −Inf on purpose;
//     Softmax gives those entries exactly 0. A row that is all −Inf (a
//     query that may see no key: padding, or an empty KV cache) gets all
//     zero weights, and so a zero attention output, rather than the 0/0 of
//     the formula; its LogSoftmax is all −Inf (log 0).
//   - +Inf is a limit. LogSumExp of a row holding +Inf is +Inf; Softmax
//     of a row with k entries at +Inf gives 1/k to each of them and 0 to
//     the rest, the limit of the finite formula as those entries grow
//     together; LogSoftmax gives −log k and −Inf.
//   - Empty shapes are ordinary. New(0, d) is a 0×d matrix (it keeps d),
//     and MatMul, MatMulT, Add, Scale, SoftmaxRows and ConcatRows accept
//     matrices with zero rows or columns: a product over an empty inner
//     dimension is all zeros, and the softmax of an empty row is empty.
package tensor
