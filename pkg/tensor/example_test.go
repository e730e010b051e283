package tensor_test

import (
	"fmt"

	"llminternals/pkg/tensor"
)

func ExampleSoftmax() {
	// Large logits are safe: the maximum is subtracted before exp.
	p := tensor.Softmax([]float64{1000, 1001, 1002})
	fmt.Printf("%.4f\n", p)
	// Output: [0.0900 0.2447 0.6652]
}

func ExampleNewCausalMask() {
	scores := tensor.FromRows([][]float64{{1, 2, 3}, {1, 2, 3}, {1, 2, 3}})
	w := tensor.SoftmaxRows(tensor.ApplyMask(scores, tensor.NewCausalMask(3)))
	for _, row := range tensor.ToRows(w) {
		fmt.Printf("%.3f\n", row)
	}
	// Output:
	// [1.000 0.000 0.000]
	// [0.269 0.731 0.000]
	// [0.090 0.245 0.665]
}
