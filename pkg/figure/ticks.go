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

// logTicks marks a logarithmic axis at the powers of ten, with unlabelled
// minor ticks at 2…9 times each; an axis spanning fewer than three
// decades also labels the 2 and 5 multiples, so that it has enough
// numbers to read. Labels are plain numbers (0.01, 0.5, 1, 20, 1000) when
// every label lies between 10⁻⁴ and 10⁵, and written 1e-6 … 1e-1, 1, 10,
// 2e8 otherwise: gonum's own log ticks print 1e+01 for 10.
type logTicks struct{}

// Ticks implements plot.Ticker.
func (logTicks) Ticks(lo, hi float64) []plot.Tick {
	if !(lo > 0) || !(hi > lo) || math.IsInf(hi, 0) {
		return plot.LogTicks{}.Ticks(lo, hi)
	}
	e0, e1 := int(math.Floor(math.Log10(lo))), int(math.Ceil(math.Log10(hi)))
	dense := math.Log10(hi/lo) < 3
	inside := func(v float64) bool { return v >= lo*(1-1e-9) && v <= hi*(1+1e-9) }
	type mark struct {
		m, e    int
		labeled bool
	}
	var marks []mark
	plain := true
	for e := e0; e <= e1; e++ {
		for m := 1; m <= 9; m++ {
			if !inside(float64(m) * math.Pow(10, float64(e))) {
				continue
			}
			labeled := m == 1 || dense && (m == 2 || m == 5)
			if labeled && (e < -4 || e > 5) {
				plain = false
			}
			marks = append(marks, mark{m, e, labeled})
		}
	}
	ticks := make([]plot.Tick, len(marks))
	for i, k := range marks {
		ticks[i].Value = float64(k.m) * math.Pow(10, float64(k.e))
		if k.labeled {
			ticks[i].Label = logLabel(k.m, k.e, plain)
		}
	}
	return ticks
}

// logLabel writes m·10ᵉ (m a digit) as a plain number, or as mE (1e-6,
// 2e8; 1 and 10 stay as they are). Not 10⁻⁶: the plots' font has the
// superscript digits but no superscript minus, and drops it, which would
// turn 10⁻¹ into 10¹.
func logLabel(m, e int, plain bool) string {
	if plain || e == 0 || e == 1 {
		return strconv.FormatFloat(float64(m)*math.Pow(10, float64(e)), 'f', max(0, -e), 64)
	}
	return strconv.Itoa(m) + "e" + strconv.Itoa(e)
}
