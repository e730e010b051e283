package optim

import (
	"llminternals/pkg/autograd"
)

// SGD is stochastic gradient descent with optional momentum, dampening,
// Nesterov momentum and L2 weight decay, exactly as torch.optim.SGD.
// With gₜ the gradient and θ the parameter, each Step does:
//
//	g ← gₜ + WeightDecay·θ
//	if Momentum ≠ 0:
//	    b ← g                                    on the first step
//	    b ← Momentum·b + (1 − Dampening)·g       afterwards
//	    g ← g + Momentum·b   if Nesterov,  else  g ← b
//	θ ← θ − LR·g
type SGD struct {
	Params      []*autograd.Value
	Rate        float64 // learning rate
	Momentum    float64
	Dampening   float64
	WeightDecay float64
	Nesterov    bool

	buf [][]float64 // momentum buffers, nil until a parameter's first step
}

// NewSGD returns plain SGD (momentum = 0 gives θ ← θ − lr·g) over params;
// set the other fields before the first Step.
func NewSGD(params []*autograd.Value, lr, momentum float64) *SGD {
	return &SGD{Params: params, Rate: lr, Momentum: momentum}
}

// LR returns the learning rate.
func (o *SGD) LR() float64 { return o.Rate }

// SetLR sets the learning rate.
func (o *SGD) SetLR(lr float64) { o.Rate = lr }

// Step applies one update to every parameter that has a gradient.
func (o *SGD) Step() {
	if o.buf == nil {
		o.buf = make([][]float64, len(o.Params))
	}
	for k, p := range o.Params {
		gm := grad("SGD.Step", p)
		if gm == nil {
			continue
		}
		theta, gr := raw("SGD.Step", p.Data), raw("SGD.Step", gm)
		first := o.buf[k] == nil
		if o.Momentum != 0 && first {
			o.buf[k] = make([]float64, len(theta))
		}
		b := o.buf[k]
		for i := range theta {
			g := gr[i]
			if o.WeightDecay != 0 {
				g += float64(o.WeightDecay * theta[i])
			}
			if o.Momentum != 0 {
				if first {
					b[i] = g
				} else {
					b[i] = float64(o.Momentum*b[i]) + float64((1-o.Dampening)*g)
				}
				if o.Nesterov {
					g += float64(o.Momentum * b[i])
				} else {
					g = b[i]
				}
			}
			theta[i] -= float64(o.Rate * g)
		}
	}
}
