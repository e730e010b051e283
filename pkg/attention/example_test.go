package attention_test

import (
	"fmt"

	"llminternals/pkg/attention"
	"llminternals/pkg/autograd"
	"llminternals/pkg/tensor"
)

func ExampleScaledDotProductAttention() {
	x := tensor.FromRows([][]float64{{1, 0}, {0, 1}})
	out, weights := attention.ScaledDotProductAttention(x, x, x, nil)
	fmt.Printf("weights row 0: %.4f\n", tensor.Row(weights, 0))
	fmt.Printf("output row 0:  %.4f\n", tensor.Row(out, 0))
	// Output:
	// weights row 0: [0.6698 0.3302]
	// output row 0:  [0.6698 0.3302]
}

// Decoding with a KV cache: the cache starts empty (0×d), each step
// appends the new token's key and value, and the new query attends to
// everything cached so far.
func ExampleAttend() {
	kCache := autograd.Const(tensor.New(0, 2))
	vCache := autograd.Const(tensor.New(0, 2))
	steps := []struct{ q, k, v []float64 }{
		{[]float64{1, 0}, []float64{1, 0}, []float64{2, 3}},
		{[]float64{0, 2}, []float64{0, 2}, []float64{4, 5}},
	}
	for _, s := range steps {
		kCache = autograd.ConcatRows(kCache, autograd.Const(tensor.FromRows([][]float64{s.k})))
		vCache = autograd.ConcatRows(vCache, autograd.Const(tensor.FromRows([][]float64{s.v})))
		q := autograd.Const(tensor.FromRows([][]float64{s.q}))
		out, w := attention.Attend(q, kCache, vCache, attention.Mask{Causal: true})
		fmt.Printf("weights %.4f output %.4f\n", tensor.Row(w.Data, 0), tensor.Row(out.Data, 0))
	}
	// Step 2 by hand: scores [0, 4]/√2, weights [1, e^2√2]/(1 + e^2√2).

	// Output:
	// weights [1.0000] output [2.0000 3.0000]
	// weights [0.0558 0.9442] output [3.8884 4.8884]
}
