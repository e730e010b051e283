package autograd_test

import (
	"fmt"

	"gonum.org/v1/gonum/mat"

	"llminternals/pkg/autograd"
)

// y = x² + x uses x twice; Backward adds both paths: dy/dx = 2x + 1.
func ExampleValue_Backward() {
	x := autograd.Scalar(3)
	y := autograd.Add(autograd.Mul(x, x), x)
	y.Backward()
	fmt.Println("y =", y.Item(), " dy/dx =", x.GradItem())
	// Output: y = 12  dy/dx = 7
}

// Every node keeps its Data and Grad after Backward, so each line of a
// chain-rule table can be printed: σ(0) = ½ and σ'(0) = σ(0)(1 − σ(0)) = ¼.
func ExampleSigmoid() {
	w, x := autograd.Scalar(2), autograd.Scalar(0)
	z := autograd.Mul(w, x)
	y := autograd.Sigmoid(z)
	y.Backward()
	fmt.Printf("z=%v y=%v dy/dz=%v dy/dw=%v\n", z.Item(), y.Item(), z.GradItem(), w.GradItem())
	// Output: z=0 y=0.5 dy/dz=0.25 dy/dw=0
}

// With equal logits every class has p = 1/3: the loss is log 3 and the
// gradient is p − y.
func ExampleCrossEntropy() {
	logits := autograd.FromRows([][]float64{{0, 0, 0}})
	loss := autograd.CrossEntropy(logits, []int{0})
	loss.Backward()
	fmt.Printf("loss %.6f\n", loss.Item())
	fmt.Printf("grad %.4f\n", mat.Row(nil, 0, logits.Grad))
	// Output:
	// loss 1.098612
	// grad [-0.6667 0.3333 0.3333]
}

// Masked scores give exactly zero weight: with equal scores, row i is
// uniform over its i+1 visible positions.
func ExampleMaskFuture() {
	scores := autograd.New(mat.NewDense(3, 3, nil))
	p := autograd.Softmax(autograd.MaskFuture(scores))
	for i := 0; i < 3; i++ {
		fmt.Printf("%.4f\n", mat.Row(nil, i, p.Data))
	}
	// Output:
	// [1.0000 0.0000 0.0000]
	// [0.5000 0.5000 0.0000]
	// [0.3333 0.3333 0.3333]
}

// Embedding's backward is a scatter-add: id 1 appears twice.
func ExampleEmbedding() {
	table := autograd.FromRows([][]float64{{1, 2}, {3, 4}, {5, 6}})
	out := autograd.Embedding(table, []int{1, 1, 2})
	autograd.Sum(out).Backward()
	fmt.Println(mat.Row(nil, 0, out.Data), mat.Row(nil, 1, out.Data), mat.Row(nil, 2, out.Data))
	fmt.Println(mat.Row(nil, 0, table.Grad), mat.Row(nil, 1, table.Grad), mat.Row(nil, 2, table.Grad))
	// Output:
	// [3 4] [3 4] [5 6]
	// [0 0] [2 2] [1 1]
}

// GradCheck compares Backward with central finite differences.
func ExampleGradCheck() {
	x := autograd.Const(mat.NewDense(2, 3, []float64{0.1, -0.2, 0.3, 0.4, 0.5, -0.6}))
	w := autograd.New(mat.NewDense(3, 2, []float64{0.5, -1, 0.25, 0.75, -0.5, 1}))
	f := func() *autograd.Value { return autograd.Sum(autograd.Tanh(autograd.MatMul(x, w))) }
	maxErr, report := autograd.GradCheck(f, []*autograd.Value{w}, 1e-6)
	fmt.Println("entries:", report.Entries, " max rel err < 1e-6:", maxErr < 1e-6)
	// Output: entries: 6  max rel err < 1e-6: true
}

// A second Backward through the same graph needs BackwardRetain first.
func ExampleValue_BackwardRetain() {
	x := autograd.Scalar(3)
	y := autograd.Mul(x, x)
	y.BackwardRetain()
	y.Backward() // leaf gradients accumulate: 6 + 6
	fmt.Println(x.GradItem())
	// Output: 12
}

// NoGrad computes values without recording a graph (evaluation).
func ExampleNoGrad() {
	w := autograd.Scalar(2)
	var y *autograd.Value
	autograd.NoGrad(func() { y = autograd.Mul(w, w) })
	fmt.Println(y.Item(), y.RequiresGrad())
	// Output: 4 false
}

// A registry keeps parameters in order and counts their scalars.
func ExampleParams() {
	var ps autograd.Params
	ps.Add("w", autograd.New(mat.NewDense(4, 8, nil)))
	ps.Add("b", autograd.New(mat.NewDense(1, 8, nil)))
	for name, p := range ps.All() {
		fmt.Println(name, p)
	}
	fmt.Println("scalars:", ps.NumScalars())
	// Output:
	// w w leaf 4×8
	// b b leaf 1×8
	// scalars: 40
}
