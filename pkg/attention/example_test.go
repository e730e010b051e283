package attention_test

import (
	"fmt"

	"llminternals/pkg/attention"
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
