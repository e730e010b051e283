// Package autograd is reverse-mode automatic differentiation over the
// engine's matrices (gonum *mat.Dense, float64): the machinery behind
// chapter 06 (backpropagation) and every training loop after it.
//
// # Values and the graph
//
// A *Value holds a matrix (Data), the gradient of the final loss with
// respect to it (Grad), the name of the operation that produced it (Op)
// and its parents. Every operation in this package — MatMul, Add,
// Softmax, LayerNorm, ... — computes its result immediately (eager mode,
// like PyTorch) and, when gradients are wanted, records a closure that
// knows the operation's local derivative.
//
// Backward on a 1×1 result walks the graph in reverse topological order:
// each node's closure runs exactly once, after every consumer of that node
// has added its contribution, so a value used twice receives the sum of
// both gradients (the multivariate chain rule).
//
// After Backward every node of the graph, intermediate ones included,
// keeps its Data and its Grad, so a notebook can print each number of a
// chain-rule table:
//
//	x := autograd.Scalar(0.5)
//	w := autograd.Scalar(0.8)
//	y := autograd.Sigmoid(autograd.Mul(w, x))
//	y.Backward()
//	fmt.Println(y.Item(), w.GradItem()) // σ(0.4), σ'(0.4)·0.5
//
// # Gradient semantics (the same as PyTorch)
//
//   - Leaves (New, Scalar, Params) accumulate: Backward adds into their
//     Grad, so call ZeroGrad (or Params.ZeroGrad) before each step.
//   - Intermediate nodes get fresh gradients on each Backward.
//   - By default Backward frees the graph's closures and the buffers they
//     saved (softmax outputs, normalised rows, dropout masks), keeping Data
//     and Grad. A second Backward through a freed graph panics and says so;
//     use BackwardRetain for every call but the last to backpropagate
//     through the same graph again (PyTorch's retain_graph=True).
//   - Const values never receive gradients, and NoGrad(f) runs f without
//     recording any graph (evaluation, finite differences, sampling).
//
// # Gradient checking
//
// GradCheck compares the gradients Backward computes with central finite
// differences (f(θ+ε) − f(θ−ε)) / 2ε, one parameter entry at a time. Every
// operation in this package is tested that way and against fixtures
// written by PyTorch (tools/torchfixtures).
//
// # Speed
//
// Matrix products run on a register-blocked AVX2/FMA kernel
// (gemm_amd64.s, fuzzed against a naive triple loop) when the CPU has
// those instructions, and on gonum's native Go BLAS otherwise. Backward
// accumulates products straight into gradient buffers, and transposed
// operands are read in place where the kernel allows. BenchmarkMLP and
// tools/torchfixtures/bench_mlp.py time the same MLP here and in PyTorch.
//
// # Errors
//
// The engine's error policy applies (see package tensor): shape
// mismatches, out-of-range ids or targets and misuse such as a second
// Backward through a freed graph are programmer errors and panic with
// "autograd: Op: details", naming the shapes involved. NaN and Inf in
// the data are not errors (next section).
//
// # NaN, ±Inf and empty shapes
//
// The ops follow package tensor's policy, gradients included:
//
//   - Nothing panics on NaN: it propagates forward and backward. Softmax,
//     LogSoftmax and CrossEntropy give a NaN row for a NaN anywhere in it.
//   - −Inf is a mask: MaskFuture writes it, Softmax turns it into weight
//     exactly 0 and sends back gradient exactly 0. A fully masked row (all
//     −Inf, e.g. padding) gets all-zero weights, so attention gives it a
//     zero output row and a zero gradient, instead of 0/0.
//   - +Inf is a limit: Softmax shares the weight of a row equally among
//     its +Inf entries; its gradient is the formula y ⊙ (g − g·y) at those
//     weights.
//   - Empty shapes work where a KV cache needs them: 0×d values go through
//     MatMul, Transpose, Add, Scale, Softmax, MaskFuture and ConcatRows
//     (appending to an empty cache), and gradients of empty values are
//     empty. With no keys a query's weights row is empty and its
//     attention output is the zero vector (a sum over no values).
//
// DetectAnomaly (or CheckFinite) finds where a NaN came from: it scans
// every op's output and every gradient as they are computed and panics at
// the op where the first NaN appeared, or the first ±Inf that appeared
// from finite inputs. Masks are exempt by that rule: MaskFuture's −Inf
// outputs are intended, and an Inf carried from an input (an additive
// mask through Add) is not new. Off by default, it then costs one branch
// per op.
//
// The no-grad and anomaly switches are package-wide state: build graphs from one goroutine
// at a time.
package autograd
