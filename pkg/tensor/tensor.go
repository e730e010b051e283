package tensor

import (
	"math"

	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/mat"

	"llminternals/pkg/internal/gemm"
	"llminternals/pkg/internal/panics"
)

// Shape formats the dimensions of m as "r×c", the form used in every panic.
func Shape(m mat.Matrix) string { return panics.Shape(m) }

// New returns an r×c matrix of zeros. Unlike mat.NewDense it accepts
// r or c = 0 and keeps the other dimension: an empty KV cache is a 0×d
// matrix, and ConcatRows onto it needs to know d.
func New(r, c int) *mat.Dense {
	if r < 0 || c < 0 {
		panics.Panicf("tensor", "New", "negative size %d×%d", r, c)
	}
	if r == 0 || c == 0 {
		// mat.NewDense refuses zero sizes; a raw matrix with no data has
		// the right Dims, and every row view of it is empty.
		var m mat.Dense
		m.SetRawMatrix(blas64.General{Rows: r, Cols: c, Stride: c})
		return &m
	}
	if s := fromPool(r * c); s != nil {
		return mat.NewDense(r, c, s)
	}
	return mat.NewDense(r, c, nil)
}

// FromRows builds a matrix from a slice of equal-length rows, the way
// matrices are written in the notebooks. The data is copied.
func FromRows(rows [][]float64) *mat.Dense {
	if len(rows) == 0 {
		panics.Panicf("tensor", "FromRows", "no rows")
	}
	c := len(rows[0])
	data := make([]float64, 0, len(rows)*c)
	for i, row := range rows {
		if len(row) != c {
			panics.Panicf("tensor", "FromRows", "row %d has %d values, row 0 has %d", i, len(row), c)
		}
		data = append(data, row...)
	}
	if c == 0 {
		panics.Panicf("tensor", "FromRows", "rows are empty")
	}
	return mat.NewDense(len(rows), c, data)
}

// ToRows copies m into a slice of rows; the inverse of FromRows.
func ToRows(m mat.Matrix) [][]float64 {
	r, c := m.Dims()
	out := make([][]float64, r)
	for i := range out {
		out[i] = make([]float64, c)
		for j := range out[i] {
			out[i][j] = m.At(i, j)
		}
	}
	return out
}

// Row returns a copy of row i of m.
func Row(m mat.Matrix, i int) []float64 {
	r, c := m.Dims()
	if i < 0 || i >= r {
		panics.Panicf("tensor", "Row", "row %d out of range for %s", i, Shape(m))
	}
	out := make([]float64, c)
	for j := range out {
		out[j] = m.At(i, j)
	}
	return out
}

// MatMul returns a·b, where a is n×k and b is k×m: (a·b)ᵢⱼ = Σₖ aᵢₖ bₖⱼ,
// computed by the engine's one gemm (package internal/gemm): each entry is
// a fused multiply-add chain in increasing k, the same bits on every CPU.
func MatMul(a, b mat.Matrix) *mat.Dense {
	ar, ac := a.Dims()
	br, bc := b.Dims()
	if ac != br {
		panics.Panicf("tensor", "MatMul", "a is %s, b is %s; a's columns (%d) must equal b's rows (%d)", Shape(a), Shape(b), ac, br)
	}
	out := New(ar, bc)
	if ar == 0 || bc == 0 || ac == 0 {
		return out
	}
	gemm.Dense(false, false, 1, dense(a), dense(b), 0, out)
	return out
}

// MatMulT returns a·bᵀ, where a is n×k and b is m×k: (a·bᵀ)ᵢⱼ = Σₖ aᵢₖ bⱼₖ.
// Attention scores QKᵀ are exactly this: every query row against every key
// row. It uses the same gemm and chain as MatMul.
func MatMulT(a, b mat.Matrix) *mat.Dense {
	ar, ac := a.Dims()
	br, bc := b.Dims()
	if ac != bc {
		panics.Panicf("tensor", "MatMulT", "a is %s, b is %s; both need the same number of columns to form a·bᵀ", Shape(a), Shape(b))
	}
	out := New(ar, br)
	if ar == 0 || br == 0 || ac == 0 {
		return out
	}
	gemm.Dense(false, true, 1, dense(a), dense(b), 0, out)
	return out
}

// dense returns m itself if it is a *mat.Dense, else a dense copy: the
// gemm reads raw row-major storage. A transposed Dense is copied too, so
// the product's chain sees exactly the values of m.
func dense(m mat.Matrix) *mat.Dense {
	if d, ok := m.(*mat.Dense); ok {
		return d
	}
	return mat.DenseCopyOf(m)
}

// Add returns a + b elementwise; a and b must have the same shape.
func Add(a, b mat.Matrix) *mat.Dense {
	panics.SameShape("tensor", "Add", a, b)
	r, c := a.Dims()
	out := New(r, c)
	if r > 0 && c > 0 {
		out.Add(a, b)
	}
	return out
}

// Scale returns s·a.
func Scale(s float64, a mat.Matrix) *mat.Dense {
	r, c := a.Dims()
	out := New(r, c)
	if r > 0 && c > 0 {
		out.Scale(s, a)
	}
	return out
}

// MaxAbsDiff returns maxᵢⱼ |aᵢⱼ − bᵢⱼ|; NaN anywhere makes it NaN, so a
// comparison against a tolerance fails instead of passing silently.
func MaxAbsDiff(a, b mat.Matrix) float64 {
	panics.SameShape("tensor", "MaxAbsDiff", a, b)
	r, c := a.Dims()
	m := 0.0
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			d := math.Abs(a.At(i, j) - b.At(i, j))
			if math.IsNaN(d) {
				return math.NaN()
			}
			if d > m {
				m = d
			}
		}
	}
	return m
}
