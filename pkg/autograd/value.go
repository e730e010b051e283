package autograd

import (
	"fmt"
	"llminternals/pkg/internal/panics"

	"gonum.org/v1/gonum/mat"

	"llminternals/pkg/tensor"
)

// Value is one node of the computation graph: a matrix and, after
// Backward, the gradient ∂L/∂Data of the loss L that Backward started from.
type Value struct {
	// Data is the node's value. Operations never modify their inputs' Data.
	Data *mat.Dense
	// Grad is ∂L/∂Data, with Data's shape. It is nil until a Backward
	// reaches the node.
	Grad *mat.Dense
	// Op names the operation that produced the node ("matmul", "tanh",
	// ...); leaves have Op "leaf" or "const".
	Op string
	// Label is an optional name shown by String; Params.Add sets it.
	Label string

	parents      []*Value
	backward     func(out *Value) // adds out's Grad (out is this node) into its parents' Grads
	requiresGrad bool
	freed        bool // backward was released by a Backward without retain
}

// New returns a leaf holding m that requires a gradient: a parameter or an
// input whose gradient you want to see. m is used as is, not copied.
func New(m *mat.Dense) *Value {
	return &Value{Data: m, Op: "leaf", requiresGrad: true}
}

// Const returns a leaf holding m that never receives a gradient: data,
// targets, fixed masks. m is used as is, not copied.
func Const(m *mat.Dense) *Value {
	return &Value{Data: m, Op: "const"}
}

// Scalar returns a 1×1 leaf holding x that requires a gradient.
func Scalar(x float64) *Value {
	return New(mat.NewDense(1, 1, []float64{x}))
}

// ConstScalar returns a 1×1 Const holding x: an input or a target that
// needs no gradient, e.g. the target t in ½(y − t)².
func ConstScalar(x float64) *Value {
	return Const(mat.NewDense(1, 1, []float64{x}))
}

// FromRows returns a leaf requiring a gradient built from rows, e.g.
// autograd.FromRows([][]float64{{1, 2}, {3, 4}}). The data is copied.
func FromRows(rows [][]float64) *Value {
	return New(tensor.FromRows(rows))
}

// Item returns the single entry of a 1×1 value; it panics otherwise.
func (v *Value) Item() float64 {
	mustScalar("Item", v)
	return v.Data.At(0, 0)
}

// GradItem returns the single entry of a 1×1 value's gradient, 0 if no
// Backward has reached it yet.
func (v *Value) GradItem() float64 {
	mustScalar("GradItem", v)
	if v.Grad == nil {
		return 0
	}
	return v.Grad.At(0, 0)
}

// Dims returns the number of rows and columns of Data.
func (v *Value) Dims() (r, c int) { return v.Data.Dims() }

// Parents returns the inputs of the operation that produced v (nil for a
// leaf). The slice must not be modified.
func (v *Value) Parents() []*Value { return v.parents }

// RequiresGrad reports whether Backward computes a gradient for v.
func (v *Value) RequiresGrad() bool { return v.requiresGrad }

// IsLeaf reports whether v was created directly (New, Scalar, Const, ...)
// rather than by an operation.
func (v *Value) IsLeaf() bool { return v.parents == nil }

// ZeroGrad sets v's gradient to zero (keeping the buffer if there is one).
func (v *Value) ZeroGrad() {
	if v.Grad != nil {
		v.Grad.Zero()
	}
}

// String describes v as "label op r×c", e.g. "w1 leaf 4×8".
func (v *Value) String() string {
	if v.Label != "" {
		return fmt.Sprintf("%s %s %s", v.Label, v.Op, tensor.Shape(v.Data))
	}
	return fmt.Sprintf("%s %s", v.Op, tensor.Shape(v.Data))
}

func mustScalar(op string, v *Value) {
	if r, c := v.Data.Dims(); r != 1 || c != 1 {
		panics.Panicf("autograd", op, "needs a 1×1 value, got %s (%s)", tensor.Shape(v.Data), v.Op)
	}
}

// gradEnabled is false inside NoGrad. Package-wide: see the package doc.
var gradEnabled = true

// NoGrad runs f with graph recording switched off: operations compute
// their Data but record no parents and no backward closures, and their
// results do not require gradients. It is PyTorch's torch.no_grad().
func NoGrad(f func()) {
	prev := gradEnabled
	gradEnabled = false
	defer func() { gradEnabled = prev }()
	f()
}

// GradEnabled reports whether operations currently record a graph.
func GradEnabled() bool { return gradEnabled }

// result wraps the output of an operation. If recording is on and some
// parent requires a gradient, it records the parents and the backward
// closure; otherwise it returns a constant-like node.
// recorded reports whether result will record a node over these parents:
// whether an op's backward pass can ever run, and so whether what it keeps
// for that pass (a normalised x̂, a tanh) is worth keeping.
func recorded(parents ...*Value) bool {
	if !gradEnabled {
		return false
	}
	for _, p := range parents {
		if p.requiresGrad {
			return true
		}
	}
	return false
}

func result(op string, data *mat.Dense, backward func(out *Value), parents ...*Value) *Value {
	out := &Value{Data: data, Op: op}
	if anomalyOn {
		checkForward(op, data, parents)
	}
	if !gradEnabled {
		return out
	}
	for _, p := range parents {
		if p.requiresGrad {
			out.requiresGrad = true
			break
		}
	}
	if !out.requiresGrad {
		return out
	}
	out.parents = parents
	out.backward = backward // called with out itself: no wrapping closure to allocate
	return out
}

// gradOf returns p's gradient buffer, allocating zeros on first use, so
// that backward closures can accumulate into it with +=.
func gradOf(p *Value) *mat.Dense {
	if p.Grad == nil {
		r, c := p.Data.Dims()
		p.Grad = tensor.New(r, c)
	}
	return p.Grad
}

// gradTarget returns p's gradient buffer for a matrix product to add
// into, and the beta that product must use: 1 if the buffer holds a
// gradient already, or 0 for a buffer allocated here, uninitialised. A
// product with beta = 0 starts each chain from +0, the value a zeroed
// buffer would hold, so the bits are those of gradOf followed by beta = 1,
// without the pass that zeroes the buffer.
func gradTarget(p *Value) (*mat.Dense, float64) {
	if p.Grad != nil {
		return p.Grad, 1
	}
	r, c := p.Data.Dims()
	p.Grad = tensor.NewUninit(r, c)
	return p.Grad, 0
}

// Backward computes ∂v/∂x for every node x that v depends on, v being a
// 1×1 value (a loss), and then frees the graph's backward closures and
// the buffers they saved. Leaves accumulate into Grad; intermediate
// nodes get fresh gradients.
func (v *Value) Backward() { v.backprop("Backward", false) }

// BackwardRetain is Backward that keeps the graph, so Backward can run
// through it again (PyTorch's retain_graph=True). Leaf gradients add up
// across calls.
func (v *Value) BackwardRetain() { v.backprop("BackwardRetain", true) }

func (v *Value) backprop(op string, retain bool) {
	mustScalar(op, v)
	if !v.requiresGrad {
		panics.Panicf("autograd", op, "the value (%s) does not require a gradient: it was computed from Const values only or inside NoGrad", v)
	}
	order := topoSort(v)
	for _, n := range order {
		if n.freed {
			panics.Panicf("autograd", op, "the graph through %q (%s) was freed by an earlier Backward; "+
				"to backpropagate through the same graph more than once, call BackwardRetain for every call but the last "+
				"(PyTorch's retain_graph=True), or rebuild the graph by running the forward pass again", n.Op, tensor.Shape(n.Data))
		}
	}
	// Intermediate gradients are per pass; leaves accumulate (PyTorch).
	for _, n := range order {
		if !n.IsLeaf() {
			if n.Grad != nil {
				n.Grad.Zero()
			}
		}
	}
	g := gradOf(v)
	g.Set(0, 0, g.At(0, 0)+1)
	retaining = retain
	defer func() { retaining = false }()
	for i := len(order) - 1; i >= 0; i-- {
		n := order[i]
		if n.backward != nil {
			gradOf(n)
			n.backward(n)
			if anomalyOn {
				checkBackward(n)
			}
		}
	}
	if !retain {
		for _, n := range order {
			if !n.IsLeaf() {
				n.backward = nil
				n.freed = true
			}
		}
	}
}

// retaining is true while a BackwardRetain pass runs (see Retaining).
var retaining bool

// Retaining reports whether the backward pass now running keeps its graph
// for another pass (BackwardRetain). A Fused op's backward frees what its
// forward saved for it only when it does not: the next pass will need it.
func Retaining() bool { return retaining }

// topoSort returns the nodes requiring a gradient that v depends on,
// every node after all of its parents. Iterative, so deep graphs (long
// training unrolls) cannot overflow the stack.
func topoSort(v *Value) []*Value {
	// Sized for a typical small graph, so that a training step's walk
	// allocates each of them once rather than growing them.
	order := make([]*Value, 0, 32)
	visited := make(map[*Value]bool, 32)
	type frame struct {
		n    *Value
		next int
	}
	stack := make([]frame, 1, 32)
	stack[0] = frame{n: v}
	visited[v] = true
	for len(stack) > 0 {
		top := &stack[len(stack)-1]
		if top.next < len(top.n.parents) {
			p := top.n.parents[top.next]
			top.next++
			if p.requiresGrad && !visited[p] {
				visited[p] = true
				stack = append(stack, frame{n: p})
			}
			continue
		}
		order = append(order, top.n)
		stack = stack[:len(stack)-1]
	}
	return order
}
