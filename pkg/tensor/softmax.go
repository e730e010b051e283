package tensor

import (
	"llminternals/pkg/internal/detmath"
	"llminternals/pkg/internal/panics"
	"llminternals/pkg/internal/vec"
	"math"

	"gonum.org/v1/gonum/mat"
)

// Softmax returns softmax(x)ᵢ = exp(xᵢ − m) / Σⱼ exp(xⱼ − m), with m = maxⱼ xⱼ.
//
// Subtracting the maximum changes nothing mathematically (it cancels
// between numerator and denominator) but keeps every exponent ≤ 0, so
// exp never overflows: [1000, 1001, 1002] works as well as [0, 1, 2].
//
// Non-finite entries follow the package's policy (see the package doc),
// each case being the limit of the finite formula:
//   - −Inf entries (masked positions) get probability exactly 0;
//   - a row with no finite maximum — every entry −Inf (fully masked), or
//     no entries at all — gives all zeros, not a distribution: it attends
//     to nothing;
//   - if k entries are +Inf, each gets 1/k and every other entry 0;
//   - a NaN anywhere makes the whole row NaN.
func Softmax(x []float64) []float64 {
	out := make([]float64, len(x))
	softmaxInto(out, x)
	return out
}

// SoftmaxTo writes Softmax(x) into dst (len(dst) = len(x)) without
// allocating; dst may be x itself. Hot loops (batched attention) use it.
func SoftmaxTo(dst, x []float64) {
	if len(dst) != len(x) {
		panics.Panicf("tensor", "SoftmaxTo", "dst has %d entries, x has %d", len(dst), len(x))
	}
	softmaxInto(dst, x)
}

// LogSumExp returns log Σᵢ exp(xᵢ), computed as m + log Σᵢ exp(xᵢ − m) with
// m = maxᵢ xᵢ so that it is finite whenever the true value is. It is
// +Inf if some xᵢ is +Inf, −Inf if every xᵢ is −Inf or x is empty
// (log 0), and NaN if some xᵢ is NaN.
func LogSumExp(x []float64) float64 {
	m, hasNaN := maxOf(x)
	if hasNaN {
		return math.NaN()
	}
	if math.IsInf(m, 0) {
		return m // +Inf dominates the sum; −Inf means the sum is 0
	}
	s := 0.0
	for _, v := range x {
		s += detmath.Exp(v - m)
	}
	return m + detmath.Log(s)
}

// LogSoftmax returns log softmax(x)ᵢ = xᵢ − LogSumExp(x), which stays finite
// where log(Softmax(x)) would underflow to log(0) = −Inf.
//
// It is the logarithm of Softmax in the non-finite cases too: with k
// entries at +Inf those get −log k and the others −Inf; a fully masked
// (all −Inf) row is all −Inf; a NaN makes the row NaN.
func LogSoftmax(x []float64) []float64 {
	out := make([]float64, len(x))
	logSoftmaxInto(out, x)
	return out
}

func logSoftmaxInto(dst, x []float64) {
	lse := LogSumExp(x)
	switch {
	case math.IsNaN(lse):
		fill(dst, math.NaN())
	case math.IsInf(lse, 1):
		// xᵢ − lse would be Inf − Inf = NaN; the limit is log(1/k) or log 0.
		logk := detmath.Log(float64(countPosInf(x)))
		for i, v := range x {
			dst[i] = math.Inf(-1)
			if math.IsInf(v, 1) {
				dst[i] = -logk
			}
		}
	case math.IsInf(lse, -1):
		fill(dst, math.Inf(-1))
	default:
		vec.SubScalar(dst, x, lse)
	}
}

func softmaxInto(dst, x []float64) {
	m, hasNaN := maxOf(x)
	switch {
	case hasNaN:
		fill(dst, math.NaN())
	case math.IsInf(m, 1):
		share := 1 / float64(countPosInf(x))
		for i, v := range x {
			dst[i] = 0
			if math.IsInf(v, 1) {
				dst[i] = share
			}
		}
	case math.IsInf(m, -1):
		fill(dst, 0) // fully masked (or empty): attend to nothing
	default:
		vec.SubScalar(dst, x, m)
		detmath.ExpSlice(dst, dst)
		s := 0.0
		for _, e := range dst { // in order: the sum's bits depend on it
			s += e
		}
		vec.DivScalar(dst, s)
	}
}

// maxOf returns maxᵢ xᵢ (−Inf for an empty x) and whether x holds a NaN.
// Between +0 and −0 it may return either (vec.Max); no caller's bits
// depend on which: x − (±0) differs only for x = −0, and exp(±0) = 1,
// and m + log s with m = ±0 has s ≥ 1, log s ≥ +0.
func maxOf(x []float64) (m float64, hasNaN bool) { return vec.Max(x) }

func countPosInf(x []float64) int {
	k := 0
	for _, v := range x {
		if math.IsInf(v, 1) {
			k++
		}
	}
	return k
}

func fill(dst []float64, v float64) {
	for i := range dst {
		dst[i] = v
	}
}

// SoftmaxRows applies Softmax to each row of a: every output row is a
// probability distribution (non-negative, summing to 1), except the
// non-finite cases Softmax lists (a fully masked row is all zeros).
func SoftmaxRows(a mat.Matrix) *mat.Dense {
	return mapRows(a, softmaxInto)
}

// LogSoftmaxRows applies LogSoftmax to each row of a.
func LogSoftmaxRows(a mat.Matrix) *mat.Dense {
	return mapRows(a, logSoftmaxInto)
}

// mapRows returns the matrix whose row i is f applied to row i of a.
func mapRows(a mat.Matrix, f func(dst, row []float64)) *mat.Dense {
	r, c := a.Dims()
	out := New(r, c)
	row := make([]float64, c)
	for i := 0; i < r; i++ {
		for j := range row {
			row[j] = a.At(i, j)
		}
		f(out.RawRowView(i), row)
	}
	return out
}
