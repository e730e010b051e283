package display_test

import (
	"gonum.org/v1/gonum/mat"

	"llminternals/pkg/display"
)

func ExampleMatrix() {
	x := mat.NewDense(2, 2, []float64{1, 0.5, 0.25, 2})
	display.Matrix("X", x, []string{"cat", "sat"}, display.Seq("d", 2), 2).Show()
	// Output:
	// X
	//        d0    d1
	// cat  1.00  0.50
	// sat  0.25  2.00
}
