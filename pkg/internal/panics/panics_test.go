package panics

import (
	"testing"

	"gonum.org/v1/gonum/mat"
)

func TestSameShapeMessage(t *testing.T) {
	defer func() {
		got := recover()
		want := "tensor: Add: shapes 2×3 and 3×2 differ"
		if got != want {
			t.Errorf("panic %q, want %q", got, want)
		}
	}()
	SameShape("tensor", "Add", mat.NewDense(2, 3, nil), mat.NewDense(3, 2, nil))
	t.Error("no panic")
}

func TestSameShapeAcceptsEqual(t *testing.T) {
	SameShape("tensor", "Add", mat.NewDense(2, 3, nil), mat.NewDense(2, 3, nil))
}
