package tensor

import (
	"llminternals/pkg/internal/detmath"
	"llminternals/pkg/internal/panics"
	"math"

	"gonum.org/v1/gonum/mat"
)

// Softmax returns softmax(x)ᵢ = exp(xᵢ − m) / Σⱼ exp(xⱼ − m), with m = maxⱼ xⱼ.
//
// Subtracting the maximum changes nothing mathematically (it cancels
// between numerator and denominator) but keeps every exponent ≤ 0, so
// exp never overflows: [1000, 1001, 1002] works as well as [0, 1, 2].
// Entries equal to −Inf (masked positions) get probability exactly 0.
// A row that is entirely −Inf has no defined softmax and panics.
func Softmax(x []float64) []float64 {
	out := make([]float64, len(x))
	softmaxInto(out, x, "Softmax")
	return out
}

// LogSumExp returns log Σᵢ exp(xᵢ), computed as m + log Σᵢ exp(xᵢ − m) with
// m = maxᵢ xᵢ so that it is finite whenever the true value is.
func LogSumExp(x []float64) float64 {
	m := math.Inf(-1)
	for _, v := range x {
		if v > m {
			m = v
		}
	}
	if math.IsInf(m, -1) {
		return m
	}
	s := 0.0
	for _, v := range x {
		s += detmath.Exp(v - m)
	}
	return m + detmath.Log(s)
}

// LogSoftmax returns log softmax(x)ᵢ = xᵢ − LogSumExp(x), which stays finite
// where log(Softmax(x)) would underflow to log(0) = −Inf.
func LogSoftmax(x []float64) []float64 {
	lse := LogSumExp(x)
	out := make([]float64, len(x))
	for i, v := range x {
		out[i] = v - lse
	}
	return out
}

func softmaxInto(dst, x []float64, op string) {
	m := math.Inf(-1)
	for _, v := range x {
		if math.IsNaN(v) {
			panics.Panicf("tensor", op, "NaN in input %v", x)
		}
		if v > m {
			m = v
		}
	}
	if len(x) > 0 && math.IsInf(m, -1) {
		panics.Panicf("tensor", op, "every entry is −Inf (a fully masked row): %v", x)
	}
	s := 0.0
	for i, v := range x {
		e := detmath.Exp(v - m)
		dst[i] = e
		s += e
	}
	for i := range dst {
		dst[i] /= s
	}
}

// SoftmaxRows applies Softmax to each row of a: every output row is a
// probability distribution (non-negative, summing to 1).
func SoftmaxRows(a mat.Matrix) *mat.Dense {
	return mapRows(a, func(dst, row []float64) { softmaxInto(dst, row, "SoftmaxRows") })
}

// LogSoftmaxRows applies LogSoftmax to each row of a.
func LogSoftmaxRows(a mat.Matrix) *mat.Dense {
	return mapRows(a, func(dst, row []float64) { copy(dst, LogSoftmax(row)) })
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
