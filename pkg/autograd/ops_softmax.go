package autograd

import (
	"llminternals/pkg/internal/detmath"
	"llminternals/pkg/internal/panics"
	"math"

	"gonum.org/v1/gonum/mat"

	"llminternals/pkg/tensor"
)

// Softmax applies the softmax to each row: yᵢⱼ = exp(xᵢⱼ − mᵢ) / Σₖ exp(xᵢₖ − mᵢ),
// mᵢ = maxₖ xᵢₖ (see tensor.Softmax). −Inf entries (masked) get 0; a
// fully masked row (all −Inf) gets all zeros; a NaN makes its row NaN;
// k entries at +Inf share the row's weight, 1/k each.
//
// Gradient, row by row: ∂L/∂x = y ⊙ (g − (g·y)), g = ∂L/∂y, where g·y =
// Σⱼ gⱼ yⱼ is one number per row. Where y is 0 — masked entries, and
// every entry of a fully masked row — the gradient is exactly 0.
func Softmax(x *Value) *Value {
	y := tensor.SoftmaxRows(x.Data)
	return result("softmax", y, func(o *Value) {
		gx := gradOf(x)
		r, _ := y.Dims()
		for i := 0; i < r; i++ {
			yr, gr, dr := y.RawRowView(i), o.Grad.RawRowView(i), gx.RawRowView(i)
			dot := 0.0
			for j := range yr {
				dot += float64(gr[j] * yr[j])
			}
			for j := range yr {
				dr[j] += float64(yr[j] * (gr[j] - dot))
			}
		}
	}, x)
}

// LogSoftmax applies log-softmax to each row: yᵢⱼ = xᵢⱼ − log Σₖ exp(xᵢₖ),
// the log-sum-exp taken stably (see tensor.LogSumExp).
//
// Gradient, row by row: ∂L/∂x = g − softmax(x) · Σⱼ gⱼ, g = ∂L/∂y.
func LogSoftmax(x *Value) *Value {
	y := tensor.LogSoftmaxRows(x.Data)
	return result("logsoftmax", y, func(o *Value) {
		gx := gradOf(x)
		r, _ := y.Dims()
		for i := 0; i < r; i++ {
			yr, gr, dr := y.RawRowView(i), o.Grad.RawRowView(i), gx.RawRowView(i)
			s := 0.0
			for _, g := range gr {
				s += g
			}
			for j := range yr {
				dr[j] += gr[j] - float64(detmath.Exp(yr[j])*s)
			}
		}
	}, x)
}

// CrossEntropy returns the mean negative log-likelihood of the targets
// under the row-wise softmax of logits (n×V, V = vocabulary size):
//
//	L = −(1/n) Σᵢ log softmax(zᵢ)[tᵢ] = (1/n) Σᵢ (LogSumExp(zᵢ) − zᵢ,ₜᵢ)
//
// computed through the log-sum-exp, so it is finite for any finite logits.
// targets[i] must be in [0, V); one outside panics, naming it and its row.
//
// Gradient: ∂L/∂zᵢ = (softmax(zᵢ) − onehot(tᵢ)) / n — "p − y" per row.
func CrossEntropy(logits *Value, targets []int) *Value {
	n, v := logits.Dims()
	if len(targets) != n {
		panics.Panicf("autograd", "CrossEntropy", "logits are %s but there are %d targets; need one target per row",
			tensor.Shape(logits.Data), len(targets))
	}
	if n == 0 {
		panics.Panicf("autograd", "CrossEntropy", "no rows")
	}
	for i, t := range targets {
		if t < 0 || t >= v {
			panics.Panicf("autograd", "CrossEntropy", "target %d in row %d is outside the vocabulary [0, %d) of logits %s",
				t, i, v, tensor.Shape(logits.Data))
		}
	}
	targets = append([]int(nil), targets...) // the closure must not see later changes
	logp := tensor.LogSoftmaxRows(logits.Data)
	loss := 0.0
	for i, t := range targets {
		loss -= logp.At(i, t)
	}
	loss /= float64(n)
	return result("crossentropy", mat.NewDense(1, 1, []float64{loss}), func(o *Value) {
		g := o.Grad.At(0, 0) / float64(n)
		gz := gradOf(logits)
		for i, t := range targets {
			lr, dr := logp.RawRowView(i), gz.RawRowView(i)
			for j := range lr {
				dr[j] += float64(g * detmath.Exp(lr[j]))
			}
			dr[t] -= g
		}
	}, logits)
}

// MaskFuture sets the future positions of attention scores to −Inf, so a
// following Softmax gives them weight exactly 0. scores is n×m with
// m ≥ n (n queries that are the last n of m keys, as with a KV cache);
// entry (i, j) is masked when j > i + (m − n). For square scores that is
// the strict upper triangle. Masked entries become −Inf whatever they
// held, NaN included: a future position cannot leak, not even a NaN.
// n×0 scores (queries over an empty cache) have nothing to mask and pass
// through; a following Softmax gives them empty weight rows.
//
// Gradient: ∂L/∂scores = ∂L/∂out where kept, 0 where masked.
func MaskFuture(scores *Value) *Value {
	n, m := scores.Dims()
	if m < n && m > 0 {
		panics.Panicf("autograd", "MaskFuture", "scores are %s; need at least as many keys (columns) as queries (rows), or no keys at all", tensor.Shape(scores.Data))
	}
	// Query i sees keys 0..i+m−n; with m = 0 it sees none.
	kept := func(i int) int { return max(0, i+m-n+1) }
	out := tensor.New(n, m)
	for i := 0; i < n && m > 0; i++ {
		src, dst := scores.Data.RawRowView(i), out.RawRowView(i)
		copy(dst[:kept(i)], src[:kept(i)])
		for j := kept(i); j < m; j++ {
			dst[j] = math.Inf(-1)
		}
	}
	return result("maskfuture", out, func(o *Value) {
		gs := gradOf(scores)
		for i := 0; i < n && m > 0; i++ {
			addRow(gs.RawRowView(i)[:kept(i)], o.Grad.RawRowView(i)[:kept(i)])
		}
	}, scores)
}

// Embedding gathers rows of table (V×d) by id: outᵢ = table[ids[i]], a
// len(ids)×d value. An id outside [0, V) panics, naming it and its
// position.
//
// Gradient: a scatter-add, ∂L/∂table[t] = Σ_{i: ids[i]=t} ∂L/∂outᵢ, so a
// repeated id accumulates the gradients of all its positions.
func Embedding(table *Value, ids []int) *Value {
	v, d := table.Dims()
	for i, t := range ids {
		if t < 0 || t >= v {
			panics.Panicf("autograd", "Embedding", "id %d at position %d is outside the table's %d rows (table %s)",
				t, i, v, tensor.Shape(table.Data))
		}
	}
	ids = append([]int(nil), ids...) // the closure must not see later changes
	// Every row is copied below.
	out := tensor.NewUninit(len(ids), d)
	for i, t := range ids {
		copy(out.RawRowView(i), table.Data.RawRowView(t))
	}
	return result("embedding", out, func(o *Value) {
		gt := gradOf(table)
		for i, t := range ids {
			addRow(gt.RawRowView(t), o.Grad.RawRowView(i))
		}
	}, table)
}
