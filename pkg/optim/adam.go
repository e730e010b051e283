package optim

import (
	"llminternals/pkg/internal/vec"
	"math"

	"llminternals/pkg/autograd"
	"llminternals/pkg/internal/detmath"
)

// Adam is the Adam optimizer with bias correction, as torch.optim.Adam,
// and — with Decoupled set — AdamW, as torch.optim.AdamW. At step t
// (t = 1, 2, ...), with gradient g and parameter θ:
//
//	Adam (L2):      g ← g + WeightDecay·θ
//	AdamW:          θ ← θ · (1 − LR·WeightDecay)    (decoupled decay)
//	m ← β₁·m + (1 − β₁)·g
//	v ← β₂·v + (1 − β₂)·g²
//	θ ← θ − (LR / (1 − β₁ᵗ)) · m / (√v / √(1 − β₂ᵗ) + Eps)
//
// The last line is PyTorch's arrangement of m̂ / (√v̂ + ε) with
// m̂ = m/(1 − β₁ᵗ) and v̂ = v/(1 − β₂ᵗ); note that ε is added after the
// bias correction of v.
type Adam struct {
	Params      []*autograd.Value
	Rate        float64 // learning rate
	Beta1       float64
	Beta2       float64
	Eps         float64
	WeightDecay float64
	Decoupled   bool // AdamW: decay θ directly instead of adding it to g

	t    int         // steps taken
	m, v [][]float64 // first and second moment estimates
}

// NewAdam returns Adam with PyTorch's defaults: β₁ = 0.9, β₂ = 0.999,
// ε = 1e-8, no weight decay.
func NewAdam(params []*autograd.Value, lr float64) *Adam {
	return &Adam{Params: params, Rate: lr, Beta1: 0.9, Beta2: 0.999, Eps: 1e-8}
}

// NewAdamW returns AdamW with PyTorch's defaults (β₁ = 0.9, β₂ = 0.999,
// ε = 1e-8) and the given decoupled weight decay (PyTorch's default is
// 0.01).
func NewAdamW(params []*autograd.Value, lr, weightDecay float64) *Adam {
	o := NewAdam(params, lr)
	o.WeightDecay = weightDecay
	o.Decoupled = true
	return o
}

// LR returns the learning rate.
func (o *Adam) LR() float64 { return o.Rate }

// SetLR sets the learning rate.
func (o *Adam) SetLR(lr float64) { o.Rate = lr }

// Steps returns the number of Steps taken (t in the formulas).
func (o *Adam) Steps() int { return o.t }

// Step applies one update to every parameter that has a gradient.
func (o *Adam) Step() {
	if o.m == nil {
		o.m = make([][]float64, len(o.Params))
		o.v = make([][]float64, len(o.Params))
	}
	o.t++
	bc1 := 1 - detmath.Pow(o.Beta1, float64(o.t))
	bc2 := 1 - detmath.Pow(o.Beta2, float64(o.t))
	stepSize := o.Rate / bc1
	bc2Sqrt := math.Sqrt(bc2)
	var work []func()
	for k, p := range o.Params {
		gm := grad("Adam.Step", p)
		if gm == nil {
			continue
		}
		theta, gr := raw("Adam.Step", p.Data), raw("Adam.Step", gm)
		if o.m[k] == nil {
			o.m[k] = make([]float64, len(theta))
			o.v[k] = make([]float64, len(theta))
		}
		m, v := o.m[k], o.v[k]
		// Every entry is updated on its own, so the parameters can be
		// split over goroutines in chunks without changing a bit.
		for lo := 0; lo < len(theta); lo += chunk {
			hi := min(lo+chunk, len(theta))
			if o.Decoupled && o.WeightDecay != 0 { // AdamW: the loop below, in vec (AVX-512 where there is one)
				work = append(work, func() {
					vec.AdamW(theta[lo:hi], gr[lo:hi], m[lo:hi], v[lo:hi],
						1-float64(o.Rate*o.WeightDecay), 1-o.Beta1, o.Beta2, 1-o.Beta2, bc2Sqrt, o.Eps, stepSize)
				})
				continue
			}
			work = append(work, func() {
				for i := lo; i < hi; i++ {
					g := gr[i]
					if o.WeightDecay != 0 {
						if o.Decoupled {
							theta[i] *= 1 - float64(o.Rate*o.WeightDecay)
						} else {
							g += float64(o.WeightDecay * theta[i])
						}
					}
					m[i] += float64((g - m[i]) * (1 - o.Beta1)) // PyTorch's lerp: m + (1−β₁)(g − m)
					v[i] = float64(v[i]*o.Beta2) + float64(float64((1-o.Beta2)*g)*g)
					denom := math.Sqrt(v[i])/bc2Sqrt + o.Eps
					theta[i] -= stepSize * m[i] / denom
				}
			})
		}
	}
	parallel(work)
}
