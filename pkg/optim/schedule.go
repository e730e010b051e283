package optim

import (
	"math"

	"llminternals/pkg/internal/detmath"
	"llminternals/pkg/internal/panics"
)

// WarmupCosine is the learning-rate schedule of GPT training: a linear
// warmup, then a cosine decay to MinRatio of the base rate. For step
// s = 0, 1, 2, ... (the index of the optimizer step about to be taken):
//
//	Factor(s) = (s + 1) / Warmup                               s < Warmup
//	Factor(s) = MinRatio + ½(1 − MinRatio)(1 + cos(π·r)),       Warmup ≤ s < Total,
//	            r = (s − Warmup) / (Total − Warmup)
//	Factor(s) = MinRatio                                       s ≥ Total
//
// and the learning rate of step s is baseLR · Factor(s). The first step
// uses baseLR/Warmup, step Warmup−1 reaches baseLR, and the decay starts
// from baseLR. In PyTorch this is
// torch.optim.lr_scheduler.LambdaLR(opt, lambda s: Factor(s)), with
// scheduler.step() after each optimizer.step().
type WarmupCosine struct {
	Warmup   int     // steps of linear warmup (0: none)
	Total    int     // step at which the decay reaches MinRatio; Total > Warmup
	MinRatio float64 // final rate as a fraction of the base rate, e.g. 0.1
}

// Factor returns the multiplier of the base learning rate at step s.
func (w WarmupCosine) Factor(s int) float64 {
	if w.Total <= w.Warmup || w.Warmup < 0 {
		panics.Panicf("optim", "WarmupCosine.Factor", "need 0 ≤ Warmup < Total, got Warmup %d, Total %d", w.Warmup, w.Total)
	}
	if s < w.Warmup {
		return float64(s+1) / float64(w.Warmup)
	}
	if s >= w.Total {
		return w.MinRatio
	}
	r := float64(s-w.Warmup) / float64(w.Total-w.Warmup)
	return w.MinRatio + float64(float64(0.5*(1-w.MinRatio))*(1+detmath.Cos(math.Pi*r)))
}
