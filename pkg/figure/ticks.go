package figure

import (
	"math"
	"strconv"

	"gonum.org/v1/plot"
)

// niceTicks marks an axis at multiples of a 1-2-5 step (…, 0.5, 1, 2,
// 5, 10, 20, …), the largest that still gives at least four labelled
// ticks, with an unlabelled minor tick halfway between them. Labels have
// just the decimals the step needs, so a reader sees 0.5, 1.0, 1.5.
type niceTicks struct{}

// Ticks implements plot.Ticker.
func (niceTicks) Ticks(lo, hi float64) []plot.Tick {
	if !(hi > lo) || math.IsInf(hi-lo, 0) {
		return []plot.Tick{{Value: lo, Label: tickLabel(lo, 0)}}
	}
	step := niceStep(lo, hi)
	decimals := max(0, int(-math.Floor(math.Log10(step)+1e-9)))
	var ticks []plot.Tick
	// Integer multiples, so that 0.1+0.2 never labels 0.30000000000000004.
	first, last := math.Ceil(lo/step-1e-9), math.Floor(hi/step+1e-9)
	for i := first; i <= last; i++ {
		ticks = append(ticks, plot.Tick{Value: i * step, Label: tickLabel(i*step, decimals)})
	}
	for i := math.Ceil(lo/step*2 - 1e-9); i <= math.Floor(hi/step*2+1e-9); i++ {
		if math.Mod(i, 2) != 0 {
			ticks = append(ticks, plot.Tick{Value: i * step / 2})
		}
	}
	return ticks
}

// niceStep returns the largest 1-2-5 step that puts at least four ticks
// in [lo, hi].
func niceStep(lo, hi float64) float64 {
	p := math.Pow(10, math.Floor(math.Log10(hi-lo)))
	for _, s := range []float64{5 * p, 2 * p, p, p / 2, p / 5} {
		if math.Floor(hi/s+1e-9)-math.Ceil(lo/s-1e-9)+1 >= 4 {
			return s
		}
	}
	return p / 10
}

func tickLabel(x float64, decimals int) string {
	s := strconv.FormatFloat(x, 'f', decimals, 64)
	if s[0] == '-' && math.Abs(x) < 0.5*math.Pow(10, -float64(decimals)) {
		s = s[1:] // no −0
	}
	return s
}
