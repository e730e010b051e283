package diagram

import (
	"fmt"
	"strconv"
	"strings"

	"llminternals/pkg/autograd"
	"llminternals/pkg/internal/panics"
	"llminternals/pkg/tensor"
)

// ValueOptions control FromValue.
type ValueOptions struct {
	Title     string
	Direction Direction // TopToBottom unless set
	// Values shows the value of every 1×1 node ("= 0.7311").
	Values bool
	// Grads shows the gradient of every 1×1 node that has one, after
	// Backward ("∂L/∂· = 0.0421", printed as "grad 0.0421").
	Grads bool
	// Digits is the number of significant digits of values and
	// gradients; 0 means 4.
	Digits int
}

// FromValue returns the computation graph that root was built from, read
// from the autograd's own graph (Value.Parents): one box per Value, an
// arrow from each input to the operation that used it. A box shows the
// node's label and operation and its shape; with the options, the value
// and gradient of 1×1 nodes instead of their shape. Leaves that require a gradient are drawn as
// parameters, Const leaves and values computed without a graph as inputs,
// and root as the output. Nodes are listed inputs first (a depth-first
// post-order from root, parents in argument order), so the same graph
// always gives the same drawing.
func FromValue(root *autograd.Value, opt ValueOptions) *Graph {
	if root == nil {
		panics.Panicf("diagram", "FromValue", "root is nil")
	}
	digits := opt.Digits
	if digits == 0 {
		digits = 4
	}
	num := func(x float64) string { return strconv.FormatFloat(x, 'g', digits, 64) }
	g := &Graph{Title: opt.Title, Direction: opt.Direction, Compact: true}
	id := map[*autograd.Value]string{}
	var order []*autograd.Value // post-order: every node after its parents
	// Iterative post-order, so that deep graphs cannot overflow the stack.
	type frame struct {
		v    *autograd.Value
		next int
	}
	stack := []frame{{v: root}}
	onStack := map[*autograd.Value]bool{root: true}
	for len(stack) > 0 {
		top := &stack[len(stack)-1]
		ps := top.v.Parents()
		if top.next < len(ps) {
			p := ps[top.next]
			top.next++
			if _, done := id[p]; !done && !onStack[p] {
				onStack[p] = true
				stack = append(stack, frame{v: p})
			}
			continue
		}
		v := top.v
		stack = stack[:len(stack)-1]
		key := fmt.Sprintf("v%d", len(id))
		id[v] = key
		order = append(order, v)
		n := g.AddNode(key, nodeLabel(v), valueKind(v, root))
		n.Detail = tensor.Shape(v.Data)
		// A scalar with its value shown needs no "1×1".
		if r, c := v.Dims(); r == 1 && c == 1 && (opt.Values || opt.Grads && v.Grad != nil) {
			var lines []string
			if opt.Values {
				lines = append(lines, "= "+num(v.Item()))
			}
			if opt.Grads && v.Grad != nil {
				lines = append(lines, "grad "+num(v.GradItem()))
			}
			n.Detail = strings.Join(lines, "\n")
		}
	}
	// Edges after all nodes, in the same order, one per argument slot:
	// x·x draws two arrows from x.
	for _, v := range order {
		for _, p := range v.Parents() {
			g.AddEdge(id[p], id[v], "")
		}
	}
	return g
}

// nodeLabel is "label\nop" for a named operation, the label alone for a
// named leaf, and the op alone otherwise.
func nodeLabel(v *autograd.Value) string {
	switch {
	case v.Label != "" && v.IsLeaf():
		return v.Label
	case v.Label != "":
		return v.Label + " = " + v.Op
	}
	return v.Op
}

func valueKind(v, root *autograd.Value) Kind {
	switch {
	case v == root:
		return Output
	case !v.IsLeaf():
		return Operation
	case v.RequiresGrad():
		return Parameter
	}
	return Input
}
