package figure

import (
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/palette"
	"gonum.org/v1/plot/palette/moreland"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// HeatmapOptions tunes a heatmap; the zero value is sensible.
type HeatmapOptions struct {
	XLabel, YLabel string
	// Min and Max fix the colour scale; if both are 0 the data range is used.
	Min, Max float64
	// Decimals for the numbers written in each cell; a negative value
	// hides them. Cells are annotated only when the matrix has at most
	// 12 rows and 12 columns.
	Decimals int
	// Width and Height are the figure's size; 0 means a size that grows
	// with the matrix, from 3.2 to 6 inches a side.
	Width, Height vg.Length
}

// Heatmap draws m with row i at the top and rowLabels/colLabels on the
// axes, a colour bar on the right and, for small matrices, each value
// written in its cell. For an attention map, rows are queries and columns
// are keys.
func Heatmap(title string, m mat.Matrix, rowLabels, colLabels []string, opt HeatmapOptions) *Figure {
	r, c := m.Dims()
	if len(rowLabels) != r || len(colLabels) != c {
		panic(fmt.Sprintf("figure: Heatmap: %d×%d matrix with %d row labels and %d column labels", r, c, len(rowLabels), len(colLabels)))
	}
	lo, hi := opt.Min, opt.Max
	if lo == 0 && hi == 0 {
		lo, hi = math.Inf(1), math.Inf(-1)
		for i := 0; i < r; i++ {
			for j := 0; j < c; j++ {
				v := m.At(i, j)
				if math.IsInf(v, 0) || math.IsNaN(v) {
					continue
				}
				lo, hi = math.Min(lo, v), math.Max(hi, v)
			}
		}
		if lo == hi {
			lo, hi = lo-0.5, hi+0.5
		}
	}
	// Luminance must rise along the map, so build navy→white and reverse
	// it: large weights are dark, near-zero weights almost white.
	dark, err := moreland.NewLuminance([]color.Color{
		color.NRGBA{R: 8, G: 48, B: 107, A: 255},
		color.NRGBA{R: 255, G: 255, B: 255, A: 255},
	})
	if err != nil {
		panic("figure: Heatmap: " + err.Error())
	}
	cmap := palette.Reverse(dark)
	cmap.SetMin(lo)
	cmap.SetMax(hi)

	p := plot.New()
	p.Title.Text = title
	p.X.Label.Text = opt.XLabel
	p.Y.Label.Text = opt.YLabel
	hm := plotter.NewHeatMap(grid{m}, palette.Palette(cmap.Palette(256)))
	hm.Min, hm.Max = lo, hi
	hm.NaN = color.NRGBA{R: 220, G: 220, B: 220, A: 255}
	hm.Underflow = color.NRGBA{R: 230, G: 230, B: 230, A: 255} // −Inf: masked
	p.Add(hm)
	p.X.Tick.Marker = labelTicks(colLabels, func(j int) float64 { return float64(j) })
	p.Y.Tick.Marker = labelTicks(rowLabels, func(i int) float64 { return float64(r - 1 - i) })
	p.X.Tick.Label.Rotation = math.Pi / 4
	p.X.Tick.Label.XAlign = draw.XRight
	p.X.Tick.Label.YAlign = draw.YCenter
	if opt.Decimals >= 0 && r <= 12 && c <= 12 {
		var xys plotter.XYLabels
		for i := 0; i < r; i++ {
			for j := 0; j < c; j++ {
				v := m.At(i, j)
				s := fmt.Sprintf("%.*f", opt.Decimals, v)
				if math.IsInf(v, -1) {
					s = "−∞"
				}
				xys.XYs = append(xys.XYs, plotter.XY{X: float64(j), Y: float64(r - 1 - i)})
				xys.Labels = append(xys.Labels, s)
			}
		}
		labels, err := plotter.NewLabels(xys)
		if err == nil {
			for k := range labels.TextStyle {
				i, j := k/c, k%c
				v := m.At(i, j)
				labels.TextStyle[k].XAlign = text.XCenter
				labels.TextStyle[k].YAlign = text.YCenter
				if !math.IsInf(v, 0) && (v-lo)/(hi-lo) > 0.55 {
					labels.TextStyle[k].Color = color.White
				}
			}
			p.Add(labels)
		}
	}

	cb := plot.New()
	cb.HideX()
	cb.Y.Padding = 0
	cb.X.Padding = 0
	cb.Add(&plotter.ColorBar{ColorMap: cmap, Vertical: true})

	side := vg.Length(90 + 28*max(r, c))
	side = min(max(side, 3.2*vg.Inch), 6*vg.Inch)
	w, h := side+0.9*vg.Inch, side
	if opt.Width != 0 {
		w = opt.Width
	}
	if opt.Height != 0 {
		h = opt.Height
	}
	alt := fmt.Sprintf("%s: %d×%d heatmap", title, r, c)
	return New(slug(title), w, h, alt, func(dc draw.Canvas) {
		barW := 0.9 * vg.Inch
		main := draw.Crop(dc, 0, -barW, 0, 0)
		bar := draw.Crop(dc, dc.Max.X-dc.Min.X-barW, 0, 0.9*vg.Inch, -0.4*vg.Inch)
		p.Draw(main)
		cb.Draw(draw.Crop(bar, 0.15*vg.Inch, -0.1*vg.Inch, 0, 0))
	})
}

type grid struct{ m mat.Matrix }

func (g grid) Dims() (c, r int) { r, c = g.m.Dims(); return c, r }
func (g grid) Z(c, r int) float64 {
	rows, _ := g.m.Dims()
	return g.m.At(rows-1-r, c)
}
func (g grid) X(c int) float64 { return float64(c) }
func (g grid) Y(r int) float64 { return float64(r) }

// labelTicks puts labels[i] at position pos(i) on an axis.
func labelTicks(labels []string, pos func(int) float64) plot.ConstantTicks {
	ticks := make(plot.ConstantTicks, len(labels))
	for i, l := range labels {
		ticks[i] = plot.Tick{Value: pos(i), Label: l}
	}
	return ticks
}
