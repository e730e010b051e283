package autograd

import (
	"cmp"
	"slices"
	"unsafe"

	"gonum.org/v1/gonum/mat"

	"llminternals/pkg/tensor"
)

// Discard gives the storage of values the caller has finished with to
// tensor's pool, for the next tensor.New of the same size, when no graph
// is being recorded (under NoGrad): an inference pass then reuses a few
// buffers layer after layer instead of taking fresh memory, which the
// runtime must zero, for every op. While a graph is recorded it does
// nothing: the backward pass reads them. Leaves (parameters, inputs,
// constants) are never touched. A discarded value's Data becomes nil, so a
// later use panics rather than reading storage that another value now
// owns. The caller promises that nothing else holds the values' storage:
// they are outputs of ops that allocate their result (a product, a norm,
// an elementwise op), not views of other values.
func Discard(vs ...*Value) {
	if gradEnabled {
		return
	}
	for _, v := range vs {
		if v == nil || v.Data == nil || v.Op == "leaf" || v.Op == "const" {
			continue
		}
		tensor.Recycle(v.Data)
		v.Data = nil
	}
}

// Release gives the storage of v's graph back for reuse, after Backward:
// the Data and Grad of every intermediate node that required a gradient go
// to tensor's pool, from which the next tensor.New of the same size takes
// them. Leaves (parameters and their gradients, inputs, constants) are
// never touched. Afterwards v and every intermediate node of its graph have
// nil Data and Grad, so a use of one panics rather than reading storage that
// another graph now owns.
//
// It is for a loop that builds the same graph again and again and keeps
// nothing of it but numbers read before Release: the trainer calls it after
// each step's backward pass, which spares the garbage collector about 150 MB
// per step of the tiny GPT. Storage shared between nodes is released once if
// the nodes share it exactly, and kept if it overlaps a leaf's or only part
// of another node's, so a view can never be handed out twice.
func (v *Value) Release() {
	if !v.requiresGrad {
		return
	}
	order := topoSort(v)
	type span struct {
		lo, hi uintptr
		m      *mat.Dense
		keep   bool
	}
	var spans []span
	add := func(m *mat.Dense, keep bool) {
		if m == nil {
			return
		}
		d := m.RawMatrix().Data
		if cap(d) == 0 {
			return
		}
		lo := uintptr(unsafe.Pointer(unsafe.SliceData(d)))
		spans = append(spans, span{lo: lo, hi: lo + uintptr(cap(d))*8, m: m, keep: keep})
	}
	inOrder := make(map[*Value]bool, len(order))
	for _, n := range order {
		inOrder[n] = true
	}
	for _, n := range order {
		leaf := n.IsLeaf()
		add(n.Data, leaf)
		add(n.Grad, leaf)
		for _, p := range n.parents {
			if !inOrder[p] { // a constant or a value computed without a graph
				add(p.Data, true)
				add(p.Grad, true)
			}
		}
	}
	// Sorted by start, a span may go to the pool only if it overlaps no
	// other span, or only spans with exactly its bounds none of which is
	// kept; of those, one copy goes.
	slices.SortFunc(spans, func(a, b span) int {
		return cmp.Or(cmp.Compare(a.lo, b.lo), cmp.Compare(a.hi, b.hi))
	})
	for i := 0; i < len(spans); {
		j, hi, same, keep := i+1, spans[i].hi, true, spans[i].keep
		for j < len(spans) && spans[j].lo < hi {
			same = same && spans[j].lo == spans[i].lo && spans[j].hi == spans[i].hi
			keep = keep || spans[j].keep
			hi = max(hi, spans[j].hi)
			j++
		}
		if same && !keep {
			tensor.Recycle(spans[i].m)
		}
		i = j
	}
	for _, n := range order {
		if !n.IsLeaf() {
			n.Data, n.Grad = nil, nil
			n.backward, n.freed = nil, true
		}
	}
}
