package autograd

import (
	"llminternals/pkg/internal/vec"
	"llminternals/pkg/internal/workers"
	"sync"

	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/mat"

	"llminternals/pkg/internal/gemm"
	"llminternals/pkg/internal/panics"
	"llminternals/pkg/tensor"
)

// MatMul returns C = A·B for A n×k and B k×m: Cᵢⱼ = Σₖ Aᵢₖ Bₖⱼ.
//
// Gradients: ∂L/∂A = ∂L/∂C · Bᵀ and ∂L/∂B = Aᵀ · ∂L/∂C, accumulated into
// the gradients by the engine's one gemm (package internal/gemm), whose
// per-element FMA chain makes every row's digits independent of the batch.
func MatMul(a, b *Value) *Value {
	return result("matmul", product("MatMul", a, b), func(o *Value) { productBackward(a, b, o.Grad) }, a, b)
}

// product checks that a's columns equal b's rows and returns a·b in a
// fresh matrix: MatMul's forward, and Linear's before its bias.
func product(op string, a, b *Value) *mat.Dense {
	ar, ac := a.Dims()
	br, bc := b.Dims()
	if ac != br {
		panics.Panicf("autograd", op, "a is %s, b is %s; a's columns (%d) must equal b's rows (%d)",
			tensor.Shape(a.Data), tensor.Shape(b.Data), ac, br)
	}
	out := tensor.NewUninit(ar, bc)
	gemm.Dense(false, false, 1, a.Data, b.Data, 0, out) // beta = 0: the chains start from +0, out is not read
	return out
}

// productBackward adds a·b's gradients, G·bᵀ to a and aᵀ·G to b.
func productBackward(a, b *Value, g *mat.Dense) {
	gradPair(a, b,
		func(mul gemmFunc, ga *mat.Dense, beta float64) { mul(false, true, 1, g, b.Data, beta, ga) },
		func(mul gemmFunc, gb *mat.Dense, beta float64) { mul(true, false, 1, a.Data, g, beta, gb) })
}

// gemmFunc is gemm.Dense or gemm.Serial.
type gemmFunc func(ta, tb bool, alpha float64, a, b *mat.Dense, beta float64, c *mat.Dense)

// gradPair runs the two gradient products of a matrix product, ga for a
// and gb for b, for the operands that require a gradient, each given its
// operand's gradient buffer and the beta to add into it with
// (gradTarget). When both do and there are several cores, the two run
// side by side, each on one goroutine (gemm.Serial): they have the same
// number of multiply-adds, and two whole products on two cores waste
// less than each split in two, which packs its shared operand twice. Each
// gradient matrix is written by one product only, and a product's bits
// never depend on its split, so the result is the same either way.
func gradPair(a, b *Value, ga, gb func(mul gemmFunc, dst *mat.Dense, beta float64)) {
	both := a.requiresGrad && b.requiresGrad && a != b
	if both && workers.N() > 1 {
		da, betaA := gradTarget(a) // both buffers here, not in the goroutines
		db, betaB := gradTarget(b)
		var wg sync.WaitGroup
		wg.Go(func() { gb(gemm.Serial, db, betaB) })
		ga(gemm.Serial, da, betaA)
		wg.Wait()
		return
	}
	// One after the other: for a·a, the second product adds to what the
	// first wrote, so each asks for its target only when it runs.
	if a.requiresGrad {
		d, beta := gradTarget(a)
		ga(gemm.Dense, d, beta)
	}
	if b.requiresGrad {
		d, beta := gradTarget(b)
		gb(gemm.Dense, d, beta)
	}
}

// Linear returns x·W + b for x n×k, W k×m and b a 1×m bias added to every
// row (nil for none): a MatMul and a broadcast Add in one node, with their
// bits. The sum is formed in place in the product's matrix, so a layer
// allocates one n×m matrix instead of two, and in backward ∂L/∂out goes
// straight to the product's gradients instead of through a copy.
//
// Gradient: ∂L/∂x = G·Wᵀ, ∂L/∂W = xᵀ·G, ∂L/∂b = Σᵢ Gᵢ (in row order),
// G = ∂L/∂out.
func Linear(x, w, b *Value) *Value {
	checkBias("Linear", w, b)
	return linearNode(x, w, b, product("Linear", x, w))
}

// LinearShared returns Linear(x, w[i], b[i]) for every i (b[i] nil for no
// bias), with the same bits and the same graph, one node per output: the
// query, key and value projections of attention, or a gated FFN's gate and
// up, which all read the same x. It computes the products in one pass
// (gemm.Shared), which packs x once for all of them and keeps the cores
// busy across them, instead of three products each splitting its own
// work and waiting at its end.
func LinearShared(x *Value, w, b []*Value) []*Value {
	if len(w) != len(b) {
		panics.Panicf("autograd", "LinearShared", "%d weight matrices but %d biases; give nil for a layer without one", len(w), len(b))
	}
	xr, xc := x.Dims()
	bs, cs := make([]blas64.General, len(w)), make([]blas64.General, len(w))
	outs := make([]*mat.Dense, len(w))
	for i, wi := range w {
		if wr, _ := wi.Dims(); wr != xc {
			panics.Panicf("autograd", "LinearShared", "x is %s, W[%d] is %s; x's columns (%d) must equal W's rows (%d)",
				tensor.Shape(x.Data), i, tensor.Shape(wi.Data), xc, wr)
		}
		checkBias("LinearShared", wi, b[i])
		_, wc := wi.Dims()
		outs[i] = tensor.NewUninit(xr, wc)
		bs[i], cs[i] = wi.Data.RawMatrix(), outs[i].RawMatrix()
	}
	gemm.Shared(x.Data.RawMatrix(), bs, cs) // beta = 0: the chains start from +0
	vals := make([]*Value, len(w))
	for i := range w {
		vals[i] = linearNode(x, w[i], b[i], outs[i])
	}
	return vals
}

// checkBias panics unless b is nil or 1×(W's columns).
func checkBias(op string, w, b *Value) {
	if b == nil {
		return
	}
	_, wc := w.Dims()
	if br, bc := b.Dims(); br != 1 || bc != wc {
		panics.Panicf("autograd", op, "W is %s, b is %s; the bias must be 1×%d", tensor.Shape(w.Data), tensor.Shape(b.Data), wc)
	}
}

// linearNode adds the bias b (if any) to out = x·W in place and records
// the node of Linear.
func linearNode(x, w, b *Value, out *mat.Dense) *Value {
	xr, _ := x.Dims()
	_, wc := w.Dims()
	parents := []*Value{x, w}
	if b != nil {
		bias := b.Data.RawRowView(0)
		parallelRows(xr, wc, func(lo, hi int) {
			for i := lo; i < hi; i++ {
				vec.Add(out.RawRowView(i), bias) // z + b
			}
		})
		parents = append(parents, b)
	}
	return result("linear", out, func(o *Value) {
		productBackward(x, w, o.Grad)
		if b != nil && b.requiresGrad {
			gb := gradOf(b).RawRowView(0)
			for i := 0; i < xr; i++ {
				addRow(gb, o.Grad.RawRowView(i))
			}
		}
	}, parents...)
}

// MatMulT returns a·bᵀ for a n×k and b m×k: (a·bᵀ)ᵢⱼ = Σₚ aᵢₚ bⱼₚ, an
// n×m value. It is MatMul(a, Transpose(b)) with the same bits, without
// building bᵀ: attention's scores Q·Kᵀ, and a tied LM head x·Eᵀ, whose
// table E (V×d) would otherwise be copied on every forward pass.
//
// Gradient: ∂L/∂a = G·b and ∂L/∂b = Gᵀ·a, G = ∂L/∂out.
func MatMulT(a, b *Value) *Value {
	ar, ac := a.Dims()
	br, bc := b.Dims()
	if ac != bc {
		panics.Panicf("autograd", "MatMulT", "a is %s, b is %s; both need the same number of columns to form a·bᵀ",
			tensor.Shape(a.Data), tensor.Shape(b.Data))
	}
	out := tensor.NewUninit(ar, br)
	gemm.Dense(false, true, 1, a.Data, b.Data, 0, out) // beta = 0: the chains start from +0, out is not read
	return result("matmult", out, func(o *Value) {
		gradPair(a, b,
			func(mul gemmFunc, ga *mat.Dense, beta float64) { mul(false, false, 1, o.Grad, b.Data, beta, ga) },
			func(mul gemmFunc, gb *mat.Dense, beta float64) { mul(true, false, 1, o.Grad, a.Data, beta, gb) })
	}, a, b)
}

// broadcastable panics unless b has a's shape or is a 1×c row (c = a's
// columns), the shape of a bias added to every row of a. It reports
// whether b is such a row that must be broadcast.
func broadcastable(op string, a, b *Value) bool {
	ar, ac := a.Dims()
	br, bc := b.Dims()
	if ar == br && ac == bc {
		return false
	}
	if br == 1 && bc == ac {
		return true
	}
	panics.Panicf("autograd", op, "a is %s, b is %s; b must be %s or a 1×%d row broadcast over a's rows",
		tensor.Shape(a.Data), tensor.Shape(b.Data), tensor.Shape(a.Data), ac)
	return false
}

// binOp selects the elementwise operation of elementwise2. A switch per
// row, rather than a function call per entry, keeps the inner loops
// tight: Add of a bias sits on every layer's hot path.
type binOp int

const (
	opAdd binOp = iota
	opSub
	opMul
)

// elementwise2 computes out = a ∘ b entry by entry for ∘ = +, − or ⊙, b
// broadcast over rows if it is a single row. In backward, a broadcast b
// sums its contributions over rows.
func elementwise2(op, name string, kind binOp, a, b *Value) *Value {
	bcast := broadcastable(op, a, b)
	r, c := a.Dims()
	out := tensor.NewUninit(r, c) // every entry written below
	brow := func(m *mat.Dense, i int) []float64 {
		if bcast {
			return m.RawRowView(0)
		}
		return m.RawRowView(i)
	}
	parallelRows(r, c, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			x, y, z := a.Data.RawRowView(i), brow(b.Data, i), out.RawRowView(i)
			switch kind {
			case opAdd:
				for j := range z {
					z[j] = x[j] + y[j]
				}
			case opSub:
				for j := range z {
					z[j] = x[j] - y[j]
				}
			case opMul:
				for j := range z {
					z[j] = x[j] * y[j]
				}
			}
		}
	})
	return result(name, out, func(o *Value) {
		// Rows are independent, except that a broadcast b's gradient is a
		// sum over all rows: that one runs on one goroutine, in row order.
		gradA := func(i int) {
			g, da := o.Grad.RawRowView(i), gradOf(a).RawRowView(i)
			if kind == opMul { // ∂(a⊙b)/∂a = b
				y := brow(b.Data, i)
				for j := range da {
					da[j] += float64(g[j] * y[j])
				}
			} else {
				addRow(da, g)
			}
		}
		gradB := func(i int) {
			g, db := o.Grad.RawRowView(i), brow(gradOf(b), i)
			switch kind {
			case opAdd:
				addRow(db, g)
			case opSub:
				for j := range db {
					db[j] -= g[j]
				}
			case opMul: // ∂(a⊙b)/∂b = a
				x := a.Data.RawRowView(i)
				for j := range db {
					db[j] += float64(g[j] * x[j])
				}
			}
		}
		if a.requiresGrad {
			gradOf(a)
		}
		if b.requiresGrad {
			gradOf(b)
		}
		parallelRows(r, c, func(lo, hi int) {
			for i := lo; i < hi; i++ {
				if a.requiresGrad {
					gradA(i)
				}
				if b.requiresGrad && !bcast {
					gradB(i)
				}
			}
		})
		if b.requiresGrad && bcast {
			for i := 0; i < r; i++ {
				gradB(i)
			}
		}
	}, a, b)
}

// Add returns a + b. b has a's shape or is a 1×c row added to every row
// of a (a bias): (a + b)ᵢⱼ = aᵢⱼ + bⱼ.
//
// Gradients: ∂L/∂a = ∂L/∂out; ∂L/∂b = ∂L/∂out, summed over rows when b
// was broadcast (Σᵢ ∂L/∂outᵢⱼ).
func Add(a, b *Value) *Value { return elementwise2("Add", "add", opAdd, a, b) }

// Sub returns a − b, b broadcast over rows as in Add.
//
// Gradients: ∂L/∂a = ∂L/∂out; ∂L/∂b = −∂L/∂out (summed over rows if
// broadcast).
func Sub(a, b *Value) *Value { return elementwise2("Sub", "sub", opSub, a, b) }

// Mul returns the elementwise (Hadamard) product a ⊙ b, b broadcast over
// rows as in Add: (a ⊙ b)ᵢⱼ = aᵢⱼ bᵢⱼ.
//
// Gradients: ∂L/∂a = ∂L/∂out ⊙ b; ∂L/∂b = ∂L/∂out ⊙ a (summed over rows
// if broadcast).
func Mul(a, b *Value) *Value { return elementwise2("Mul", "mul", opMul, a, b) }

// Scale returns s·a for a constant s.
//
// Gradient: ∂L/∂a = s · ∂L/∂out.
func Scale(a *Value, s float64) *Value {
	r, c := a.Dims()
	out := tensor.New(r, c)
	if r > 0 && c > 0 {
		out.Scale(s, a.Data)
	}
	return result("scale", out, func(o *Value) {
		addScaled(gradOf(a), s, o.Grad)
	}, a)
}

// addScaled does dst += s·src for equal shapes.
func addScaled(dst *mat.Dense, s float64, src *mat.Dense) {
	r, _ := dst.Dims()
	for i := 0; i < r; i++ {
		d, x := dst.RawRowView(i), src.RawRowView(i)
		for j := range d {
			d[j] += float64(s * x[j])
		}
	}
}

// Sum returns the 1×1 value Σᵢⱼ aᵢⱼ.
//
// Gradient: ∂L/∂aᵢⱼ = ∂L/∂out for every entry.
func Sum(a *Value) *Value { return sumScaled("sum", a, 1) }

// Mean returns the 1×1 value (1/(r·c)) Σᵢⱼ aᵢⱼ; the mean of an empty
// matrix panics.
//
// Gradient: ∂L/∂aᵢⱼ = ∂L/∂out / (r·c).
func Mean(a *Value) *Value {
	r, c := a.Dims()
	if r*c == 0 {
		panics.Panicf("autograd", "Mean", "mean of an empty %s matrix", tensor.Shape(a.Data))
	}
	return sumScaled("mean", a, 1/float64(r*c))
}

func sumScaled(op string, a *Value, s float64) *Value {
	r, _ := a.Dims()
	t := 0.0
	for i := 0; i < r; i++ {
		for _, x := range a.Data.RawRowView(i) {
			t += x
		}
	}
	out := mat.NewDense(1, 1, []float64{s * t})
	return result(op, out, func(o *Value) {
		g := float64(s * o.Grad.At(0, 0))
		ga := gradOf(a)
		for i := 0; i < r; i++ {
			row := ga.RawRowView(i)
			for j := range row {
				row[j] += g
			}
		}
	}, a)
}

// Transpose returns aᵀ: (aᵀ)ᵢⱼ = aⱼᵢ.
//
// Gradient: ∂L/∂a = (∂L/∂out)ᵀ.
func Transpose(a *Value) *Value {
	r, c := a.Dims()
	out := tensor.New(c, r)
	if r > 0 && c > 0 {
		out.Copy(a.Data.T())
	}
	return result("transpose", out, func(o *Value) {
		ga := gradOf(a)
		for i := 0; i < r; i++ {
			row := ga.RawRowView(i)
			for j := range row {
				row[j] += o.Grad.At(j, i)
			}
		}
	}, a)
}
