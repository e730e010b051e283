package autograd

import (
	"llminternals/pkg/internal/panics"
	"llminternals/pkg/internal/vec"
	"llminternals/pkg/tensor"

	"gonum.org/v1/gonum/mat"
)

// SliceRows returns rows lo..hi−1 of a (a copy), an (hi−lo)×c value.
//
// Gradient: ∂L/∂a gets ∂L/∂out in rows lo..hi−1 and zero elsewhere.
func SliceRows(a *Value, lo, hi int) *Value {
	r, c := a.Dims()
	if lo < 0 || hi > r || lo > hi {
		panics.Panicf("autograd", "SliceRows", "rows [%d, %d) out of range for %s", lo, hi, tensor.Shape(a.Data))
	}
	out := tensor.New(hi-lo, c)
	for i := lo; i < hi; i++ {
		copy(out.RawRowView(i-lo), a.Data.RawRowView(i))
	}
	return result("slicerows", out, func(o *Value) {
		ga := gradOf(a)
		for i := lo; i < hi; i++ {
			addRow(ga.RawRowView(i), o.Grad.RawRowView(i-lo))
		}
	}, a)
}

// SliceCols returns columns lo..hi−1 of a (a copy), an r×(hi−lo) value.
//
// Gradient: ∂L/∂a gets ∂L/∂out in columns lo..hi−1 and zero elsewhere.
func SliceCols(a *Value, lo, hi int) *Value {
	r, c := a.Dims()
	if lo < 0 || hi > c || lo > hi {
		panics.Panicf("autograd", "SliceCols", "columns [%d, %d) out of range for %s", lo, hi, tensor.Shape(a.Data))
	}
	out := tensor.New(r, hi-lo)
	if hi > lo {
		for i := 0; i < r; i++ {
			copy(out.RawRowView(i), a.Data.RawRowView(i)[lo:hi])
		}
	}
	return result("slicecols", out, func(o *Value) {
		if hi == lo {
			return
		}
		ga := gradOf(a)
		for i := 0; i < r; i++ {
			addRow(ga.RawRowView(i)[lo:hi], o.Grad.RawRowView(i))
		}
	}, a)
}

// SplitCols splits an n×(h·d) value into h values of n×d, piece k holding
// columns k·d..(k+1)·d−1: the split of a projection into attention heads.
// ConcatCols is its inverse.
//
// Gradient: each piece's gradient goes back to its own columns of a.
func SplitCols(a *Value, h int) []*Value {
	_, c := a.Dims()
	if h <= 0 || c%h != 0 {
		panics.Panicf("autograd", "SplitCols", "cannot split %s into %d equal column blocks", tensor.Shape(a.Data), h)
	}
	d := c / h
	parts := make([]*Value, h)
	for k := range parts {
		parts[k] = SliceCols(a, k*d, (k+1)*d)
	}
	return parts
}

// ConcatCols places values with the same number of rows side by side:
// [p₀ | p₁ | …], the merge of attention heads.
//
// Gradient: ∂L/∂pₖ is the block of ∂L/∂out in pₖ's columns.
func ConcatCols(parts ...*Value) *Value {
	if len(parts) == 0 {
		panics.Panicf("autograd", "ConcatCols", "no values to concatenate")
	}
	parts = append([]*Value(nil), parts...) // the caller may reuse its slice
	r, _ := parts[0].Dims()
	total := 0
	for k, p := range parts {
		pr, pc := p.Dims()
		if pr != r {
			panics.Panicf("autograd", "ConcatCols", "part 0 is %s, part %d is %s; all parts need %d rows",
				tensor.Shape(parts[0].Data), k, tensor.Shape(p.Data), r)
		}
		total += pc
	}
	out := tensor.New(r, total)
	off := 0
	offs := make([]int, len(parts))
	for k, p := range parts {
		_, pc := p.Dims()
		offs[k] = off
		if pc > 0 {
			for i := 0; i < r; i++ {
				copy(out.RawRowView(i)[off:off+pc], p.Data.RawRowView(i))
			}
		}
		off += pc
	}
	return result("concatcols", out, func(o *Value) {
		for k, p := range parts {
			_, pc := p.Dims()
			if !p.requiresGrad || pc == 0 {
				continue
			}
			gp := gradOf(p)
			for i := 0; i < r; i++ {
				addRow(gp.RawRowView(i), o.Grad.RawRowView(i)[offs[k]:offs[k]+pc])
			}
		}
	}, parts...)
}

// ConcatRows stacks values with the same number of columns on top of
// each other.
//
// Gradient: ∂L/∂pₖ is the block of ∂L/∂out in pₖ's rows.
func ConcatRows(parts ...*Value) *Value {
	if len(parts) == 0 {
		panics.Panicf("autograd", "ConcatRows", "no values to concatenate")
	}
	parts = append([]*Value(nil), parts...) // the caller may reuse its slice
	_, c := parts[0].Dims()
	data := make([]mat.Matrix, len(parts))
	for k, p := range parts {
		// Checked here so that the panic names this package's op.
		if _, pc := p.Dims(); pc != c {
			panics.Panicf("autograd", "ConcatRows", "part 0 is %s, part %d is %s; all parts need %d columns",
				tensor.Shape(parts[0].Data), k, tensor.Shape(p.Data), c)
		}
		data[k] = p.Data
	}
	out := tensor.ConcatRows(data...)
	return result("concatrows", out, func(o *Value) {
		off := 0
		for _, p := range parts {
			pr, _ := p.Dims()
			if p.requiresGrad {
				gp := gradOf(p)
				for i := 0; i < pr; i++ {
					addRow(gp.RawRowView(i), o.Grad.RawRowView(off+i))
				}
			}
			off += pr
		}
	}, parts...)
}

// addRow does dst += src.
func addRow(dst, src []float64) { vec.Add(dst, src) }
