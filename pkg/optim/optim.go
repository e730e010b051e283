package optim

import (
	"llminternals/pkg/internal/panics"

	"gonum.org/v1/gonum/mat"

	"llminternals/pkg/autograd"
	"llminternals/pkg/tensor"
)

// Optimizer is what a training loop needs from SGD, Adam and AdamW.
type Optimizer interface {
	// Step updates every parameter from its current gradient.
	Step()
	// LR returns the learning rate the next Step uses.
	LR() float64
	// SetLR sets the learning rate for the following steps (schedules).
	SetLR(lr float64)
}

// grad returns p's gradient, or nil when no Backward has reached p; such
// parameters are skipped by Step, as PyTorch skips p.grad is None.
func grad(op string, p *autograd.Value) *mat.Dense {
	if p.Grad == nil {
		return nil
	}
	panics.SameShape("optim", op, p.Data, p.Grad)
	return p.Grad
}

// raw returns the contiguous storage of m, rows one after another.
// Parameters and gradients are built by tensor.New, so stride = cols.
func raw(op string, m *mat.Dense) []float64 {
	rm := m.RawMatrix()
	if rm.Stride != rm.Cols && rm.Rows > 1 {
		panics.Panicf("optim", op, "matrix %s is a strided view; parameters must own contiguous storage", tensor.Shape(m))
	}
	if rm.Rows == 0 {
		return nil
	}
	return rm.Data[:rm.Rows*rm.Cols]
}
