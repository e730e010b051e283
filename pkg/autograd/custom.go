package autograd

import "gonum.org/v1/gonum/mat"

// Fused records the result of an operation computed outside this package:
// a fused kernel (package attention's batched causal attention) that does in
// one node what a chain of this package's ops would do in many, with fewer
// copies and allocations. data is the operation's output; backward is called
// once during Backward with ∂L/∂data and must add each parent's gradient into
// AccumGrad(parent), for the parents that RequiresGrad. Inside NoGrad, or when
// no parent requires a gradient, nothing is recorded, as for every op.
//
// The kernel's author owes what every op here has: a gradient check, and a
// test that it equals the composition of ops it replaces.
func Fused(op string, data *mat.Dense, backward func(grad *mat.Dense), parents ...*Value) *Value {
	return result(op, data, func(o *Value) { backward(o.Grad) }, parents...)
}

// AccumGrad returns v's gradient buffer, allocating zeros on first use: the
// matrix a Fused op's backward adds v's share of ∂L/∂v into (+=, never =,
// because v may feed several ops).
func AccumGrad(v *Value) *mat.Dense { return gradOf(v) }
