package attention

import (
	"llminternals/pkg/internal/workers"
	"math"
	"sync/atomic"

	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/mat"

	"llminternals/pkg/autograd"
	"llminternals/pkg/internal/gemm"
	"llminternals/pkg/internal/panics"
	"llminternals/pkg/internal/vec"
	"llminternals/pkg/tensor"
)

// CausalBatch is causal multi-head attention over a batch of sequences
// stacked row-wise, in one graph node. q is n×(H·d_k), k is n×(G·d_k) and v
// is n×(G·d_v), where n = lens[0] + lens[1] + …: rows 0…lens[0]−1 are the
// first sequence, the next lens[1] rows the second, and so on. For each
// sequence s and query head h it computes what MultiHead computes for that
// sequence alone with Mask{Causal: true}:
//
//	S = (q_h · k_g(h)ᵀ) / √d_k,  S_ij = −∞ for j > i,  P = softmax(S),  out_h = P · v_g(h)
//
// with the same arithmetic in the same order, so out is bit-identical to
// ConcatRows of MultiHead over each sequence. It exists for speed: the
// composition of ops builds, for B sequences and H heads, about 10·B·H
// graph nodes and copies every slice and concatenation, while this reads
// the heads in place (as strided views of q, k and v), writes straight
// into out, and runs the (sequence, KV head) pairs on all cores. Each pair
// owns its own rows and columns of out and of the gradients, so the bits
// do not depend on the number of goroutines.
//
// Gradient, per sequence and head, with G_h = ∂L/∂out_h:
//
//	∂L/∂P = G_h · v_gᵀ,          ∂L/∂v_g += Pᵀ · G_h
//	∂L/∂S_ij = P_ij (∂L/∂P_ij − Σ_k ∂L/∂P_ik · P_ik)   (0 where masked)
//	∂L/∂q_h = (∂L/∂S / √d_k) · k_g,   ∂L/∂k_g += (∂L/∂S / √d_k)ᵀ · q_h
//
// It keeps P (B·H matrices of lens[s]² values) for the backward pass.
func CausalBatch(q, k, v *autograd.Value, heads, kvHeads int, lens []int) *autograd.Value {
	const op = "CausalBatch"
	n, qc := q.Dims()
	nk, _ := k.Dims()
	nv, vc := v.Dims()
	checkHeads(op, q, k, v, heads, kvHeads)
	if nk != n || nv != n {
		panics.Panicf("attention", op, "q is %s, k is %s, v is %s; self-attention needs one row per token in each",
			tensor.Shape(q.Data), tensor.Shape(k.Data), tensor.Shape(v.Data))
	}
	total := 0
	for i, l := range lens {
		if l < 0 {
			panics.Panicf("attention", op, "sequence %d has length %d", i, l)
		}
		total += l
	}
	if total != n {
		panics.Panicf("attention", op, "the sequence lengths %v add up to %d, but q has %d rows", lens, total, n)
	}
	b := &batch{
		q: view(q.Data), k: view(k.Data), v: view(v.Data),
		heads: heads, group: heads / kvHeads, dk: qc / heads, dv: vc / kvHeads,
		lens: lens, starts: make([]int, len(lens)),
		probs: make([]*mat.Dense, len(lens)*heads),
	}
	for i := 1; i < len(lens); i++ {
		b.starts[i] = b.starts[i-1] + lens[i-1]
	}
	if b.dk > 0 {
		b.scale = 1 / math.Sqrt(float64(b.dk))
	}
	// Every entry of out is written: each (sequence, head) block by its
	// P·v product with beta = 0.
	out := tensor.NewUninit(n, heads*b.dv)
	b.out = view(out)
	b.parallel(kvHeads, b.forward)
	if !autograd.GradEnabled() || !q.RequiresGrad() && !k.RequiresGrad() && !v.RequiresGrad() {
		// No backward pass will read the weights (inference): their
		// storage serves the next layer's heads instead of the garbage
		// collector, which would hand out zeroed fresh memory again.
		for _, p := range b.probs {
			tensor.Recycle(p)
		}
		b.probs = nil
	}
	return autograd.Fused("causalbatch", out, func(g *mat.Dense) {
		b.grad = view(g)
		if q.RequiresGrad() {
			b.dq = view(autograd.AccumGrad(q))
		}
		if k.RequiresGrad() {
			b.dk_ = view(autograd.AccumGrad(k))
		}
		if v.RequiresGrad() {
			b.dv_ = view(autograd.AccumGrad(v))
		}
		b.parallel(kvHeads, b.backward)
		if autograd.Retaining() { // BackwardRetain: another pass will read them
			return
		}
		for _, p := range b.probs { // the graph is done with them
			tensor.Recycle(p)
		}
		b.probs = nil
	}, q, k, v)
}

// batch is one CausalBatch call: its operands as blas64 views, and the
// attention weights P of every (sequence, head), kept for the backward pass.
type batch struct {
	q, k, v, out       blas64.General
	grad, dq, dk_, dv_ blas64.General
	heads, group       int // H, and H/G query heads per KV head
	dk, dv             int // head widths
	scale              float64
	lens, starts       []int
	probs              []*mat.Dense // probs[s·H + h], lens[s]×lens[s]
}

func view(m *mat.Dense) blas64.General { return m.RawMatrix() }

// sub is rows [r0, r0+rows) and columns [c0, c0+cols) of m, in place.
func sub(m blas64.General, r0, rows, c0, cols int) blas64.General {
	if rows == 0 || cols == 0 {
		return blas64.General{Rows: rows, Cols: cols, Stride: max(cols, 1)}
	}
	return blas64.General{Rows: rows, Cols: cols, Stride: m.Stride, Data: m.Data[r0*m.Stride+c0 : (r0+rows-1)*m.Stride+c0+cols]}
}

// square wraps an l×l buffer.
func square(data []float64, l int) blas64.General {
	return blas64.General{Rows: l, Cols: l, Stride: max(l, 1), Data: data}
}

// parallel runs f(s, g) for every sequence s and KV head g on up to
// workers.N() goroutines, each pair exactly once. The goroutines run under
// workers.Each, so the products inside f see the cores as taken and run
// each on its own goroutine: splitting them again (a 256-token head's
// Q·Kᵀ is big enough to split) put four goroutines on two cores, each
// packing its operands twice, and the attention of a GPT-2 forward pass
// barely ran faster on two cores than on one.
func (b *batch) parallel(kvHeads int, f func(s, g int)) {
	units := len(b.lens) * kvHeads
	nw := min(workers.N(), units)
	if nw <= 1 {
		for u := range units {
			f(u/kvHeads, u%kvHeads)
		}
		return
	}
	var next atomic.Int64
	workers.Each(nw, func(int) {
		for u := int(next.Add(1)) - 1; u < units; u = int(next.Add(1)) - 1 {
			f(u/kvHeads, u%kvHeads)
		}
	})
}

// causalRows is the height of the row blocks in which forward skips the
// masked future: rows [i0, i0+causalRows) need only the scores of keys
// 0…i0+causalRows−1. Smaller blocks skip more of the upper triangle but
// pack the keys more often; at 256 tokens, 64 keeps 62.5 % of the square.
var causalRows = 64

// forward computes out for sequence s and the query heads of KV head g,
// as attend does: scores by gemm from zero, scaled, masked, softmax per
// row, then P·v by gemm from zero.
//
// It works in blocks of causalRows query rows, and a block of rows ending
// at i1 computes only the scores of keys before i1: the others are masked,
// and the softmax overwrites them with zeros without reading them. Each
// score is still one chain over d_k, so the skipped work changes no bit.
// P·v likewise stops at key i1: every term it skips is P_ij·v_j with
// P_ij = +0, and adding +0·v_j (±0) to a chain that began at +0, which
// can never be −0, leaves it unchanged, as long as v_j is finite. Where a
// skipped v_j is ±Inf or NaN (+0·Inf = NaN), or a row's softmax was NaN,
// the block takes all l keys, as attend would.
func (b *batch) forward(s, g int) {
	r0, l := b.starts[s], b.lens[s]
	ks, vs := sub(b.k, r0, l, g*b.dk, b.dk), sub(b.v, r0, l, g*b.dv, b.dv)
	// Rows finiteFrom… of this head's v are all finite.
	finiteFrom := 0
	for j := l - 1; j >= 0 && b.dv > 0; j-- {
		if !vec.Finite(vs.Data[j*vs.Stride : j*vs.Stride+b.dv]) {
			finiteFrom = j + 1
			break
		}
	}
	for h := g * b.group; h < (g+1)*b.group; h++ {
		pm := tensor.NewUninit(l, l) // every entry written below
		b.probs[s*b.heads+h] = pm
		if l == 0 {
			continue
		}
		p := pm.RawMatrix().Data
		sq := square(p, l)
		for i0 := 0; i0 < l; i0 += causalRows {
			i1 := min(i0+causalRows, l)
			qs := sub(b.q, r0+i0, i1-i0, h*b.dk, b.dk)
			gemm.General(false, true, 1, qs, sub(ks, 0, i1, 0, b.dk), 0, sub(sq, i0, i1-i0, 0, i1))
			nan := false
			for i := i0; i < i1; i++ {
				// Row i keeps its first i+1 scores. The masked ones would
				// be −∞, exp(−∞ − max) = +0 exactly, and adding +0 to the
				// positive sum changes nothing, so the softmax of the kept
				// prefix, zeros after it, has the bits of the softmax of
				// the whole masked row; only a NaN, which SoftmaxTo spreads
				// over the whole row, must be spread over the masked part
				// too.
				kept, masked := p[i*l:i*l+i+1], p[i*l+i+1:(i+1)*l]
				if b.dk > 0 {
					vec.MulScalar(kept, b.scale)
				}
				tensor.SoftmaxTo(kept, kept)
				if !math.IsNaN(kept[0]) {
					clear(masked)
					continue
				}
				nan = true
				for j := range masked {
					masked[j] = math.NaN()
				}
			}
			keys := i1 // P·v over keys 0…i1−1, the rest being +0·v_j
			if nan || finiteFrom > i1 {
				keys = l
			}
			gemm.General(false, false, 1, sub(sq, i0, i1-i0, 0, keys), sub(vs, 0, keys, 0, b.dv), 0, sub(b.out, r0+i0, i1-i0, h*b.dv, b.dv))
		}
	}
}

// backward adds sequence s's share of the gradients of the heads of KV
// head g, in the order and arithmetic of the ops attend composes.
func (b *batch) backward(s, g int) {
	r0, l := b.starts[s], b.lens[s]
	if l == 0 {
		return
	}
	ks, vs := sub(b.k, r0, l, g*b.dk, b.dk), sub(b.v, r0, l, g*b.dv, b.dv)
	dpm := tensor.NewUninit(l, l) // written by a product with beta = 0 for each head
	defer tensor.Recycle(dpm)
	dp := dpm.RawMatrix().Data
	dsq := square(dp, l)
	// The last head of the group first: the order in which Backward
	// reaches the heads of the composition (it visits the graph from the
	// output back, and the concatenation lists head H−1 last), so a shared
	// KV head's gradient chain runs through its heads in the same order.
	for h := (g+1)*b.group - 1; h >= g*b.group; h-- {
		p := square(b.probs[s*b.heads+h].RawMatrix().Data, l)
		go_ := sub(b.grad, r0, l, h*b.dv, b.dv)
		if b.dv_.Data != nil {
			gemm.General(true, false, 1, p, go_, 1, sub(b.dv_, r0, l, g*b.dv, b.dv))
		}
		if b.dq.Data == nil && b.dk_.Data == nil {
			continue
		}
		gemm.General(false, true, 1, go_, vs, 0, dsq)
		for i := range l {
			y, d := p.Data[i*l:(i+1)*l], dp[i*l:(i+1)*l]
			dot := 0.0
			for j := range y {
				dot += float64(d[j] * y[j])
			}
			for j := range d {
				if j > i {
					d[j] = 0
					continue
				}
				x := 0.0 // softmax's gradient buffer starts at +0, as each buffer below
				x += float64(y[j] * (d[j] - dot))
				m := 0.0 // the mask passes the kept entries through
				m += x
				sc := 0.0 // the 1/√d_k scaling
				sc += float64(b.scale * m)
				d[j] = sc
			}
		}
		if b.dq.Data != nil {
			gemm.General(false, false, 1, dsq, ks, 1, sub(b.dq, r0, l, h*b.dk, b.dk))
		}
		if b.dk_.Data != nil {
			gemm.General(true, false, 1, dsq, sub(b.q, r0, l, h*b.dk, b.dk), 1, sub(b.dk_, r0, l, g*b.dk, b.dk))
		}
	}
}
