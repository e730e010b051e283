// Package torchfix reads the PyTorch fixtures that tools/torchfixtures/gen.py
// writes, for the tests of autograd and optim.
package torchfix

import (
	"encoding/json"
	"os"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// Mat is a matrix as gen.py writes it: a shape and row-major data, every
// float64 written with enough digits to round-trip exactly.
type Mat struct {
	Shape [2]int    `json:"shape"`
	Data  []float64 `json:"data"`
}

// Dense returns a copy of m as a gonum matrix.
func (m Mat) Dense() *mat.Dense {
	return mat.NewDense(m.Shape[0], m.Shape[1], append([]float64(nil), m.Data...))
}

// ReadJSON decodes the fixture at path into v, failing the test with a
// hint on how to regenerate it.
func ReadJSON(t testing.TB, path string, v any) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (regenerate with tools/torchfixtures/gen.py)", err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}
