package tensor

import (
	"llminternals/pkg/internal/panics"

	"gonum.org/v1/gonum/mat"
)

// ConcatRows stacks matrices with the same number of columns on top of
// each other: [p₀; p₁; …]. Parts may have zero rows, so appending the new
// keys to an empty 0×d KV cache gives the new keys.
func ConcatRows(parts ...mat.Matrix) *mat.Dense {
	if len(parts) == 0 {
		panics.Panicf("tensor", "ConcatRows", "no matrices to concatenate")
	}
	_, c := parts[0].Dims()
	total := 0
	for k, p := range parts {
		pr, pc := p.Dims()
		if pc != c {
			panics.Panicf("tensor", "ConcatRows", "part 0 is %s, part %d is %s; all parts need %d columns",
				Shape(parts[0]), k, Shape(p), c)
		}
		total += pr
	}
	out := New(total, c)
	off := 0
	for _, p := range parts {
		pr, _ := p.Dims()
		for i := 0; i < pr; i++ {
			dst := out.RawRowView(off + i)
			for j := range dst {
				dst[j] = p.At(i, j)
			}
		}
		off += pr
	}
	return out
}
