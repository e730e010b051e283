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

func ExampleNewTable() {
	display.NewTable("Compression of the Go spec", "encoding", "vocab", "bytes/token").Decimals(0, 0, 2).
		Row("a", "bytes", 256, 1.0).
		Row("b", "bpe", 512, 2.3456).
		Show()
	// Output:
	// Compression of the Go spec
	//    encoding  vocab  bytes/token
	// a  bytes       256         1.00
	// b  bpe         512         2.35
}
