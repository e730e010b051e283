package figure

import (
	"fmt"
	"image/color"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Series is one named line: the points (X[i], Y[i]).
type Series struct {
	Name string
	X, Y []float64
}

// Palette holds the colours given to series and bars in order; they are
// distinguishable for the common forms of colour blindness (Okabe–Ito).
var Palette = []color.Color{
	color.NRGBA{0, 114, 178, 255},
	color.NRGBA{213, 94, 0, 255},
	color.NRGBA{0, 158, 115, 255},
	color.NRGBA{204, 121, 167, 255},
	color.NRGBA{230, 159, 0, 255},
	color.NRGBA{86, 180, 233, 255},
	color.NRGBA{0, 0, 0, 255},
}

// LineOptions tunes a line plot; the zero value is sensible.
type LineOptions struct {
	LogY bool // logarithmic y axis
	// Points draws a marker at every point as well as the line.
	Points bool
	// LegendLeft and LegendBottom move the legend from its default corner,
	// the top right, when the data would be hidden behind it.
	LegendLeft, LegendBottom bool
}

// Lines draws each series as a line in its own colour, with a legend.
func Lines(title, xLabel, yLabel string, opt LineOptions, series ...Series) *Figure {
	p := plot.New()
	p.Title.Text = title
	p.X.Label.Text = xLabel
	p.Y.Label.Text = yLabel
	p.Add(plotter.NewGrid())
	if opt.LogY {
		p.Y.Scale = plot.LogScale{}
		p.Y.Tick.Marker = plot.LogTicks{}
	}
	for k, s := range series {
		if len(s.X) != len(s.Y) {
			panic(fmt.Sprintf("figure: Lines: series %q has %d x values and %d y values", s.Name, len(s.X), len(s.Y)))
		}
		xys := make(plotter.XYs, len(s.X))
		for i := range xys {
			xys[i] = plotter.XY{X: s.X[i], Y: s.Y[i]}
		}
		l, err := plotter.NewLine(xys)
		if err != nil {
			panic(fmt.Sprintf("figure: Lines: series %q: %v", s.Name, err))
		}
		l.Color = Palette[k%len(Palette)]
		l.Width = vg.Points(1.5)
		p.Add(l)
		if opt.Points {
			sc, err := plotter.NewScatter(xys)
			if err == nil {
				sc.Color = l.Color
				p.Add(sc)
			}
		}
		if s.Name != "" {
			p.Legend.Add(s.Name, l)
		}
	}
	p.Legend.Top = !opt.LegendBottom
	p.Legend.Left = opt.LegendLeft
	return plotFigure(p, title, 6*vg.Inch, 3.6*vg.Inch, fmt.Sprintf("%s: %d series", title, len(series)))
}

// Bars draws one bar per label with the given heights.
func Bars(title, yLabel string, labels []string, values []float64) *Figure {
	if len(labels) != len(values) {
		panic(fmt.Sprintf("figure: Bars: %d labels and %d values", len(labels), len(values)))
	}
	p := plot.New()
	p.Title.Text = title
	p.Y.Label.Text = yLabel
	p.Add(plotter.NewGrid())
	w := vg.Points(min(40, 360/float64(max(1, len(values)))))
	b, err := plotter.NewBarChart(plotter.Values(values), w)
	if err != nil {
		panic(fmt.Sprintf("figure: Bars: %v", err))
	}
	b.Color = Palette[0]
	b.LineStyle.Width = 0
	p.Add(b)
	p.NominalX(labels...)
	if len(labels) > 6 {
		p.X.Tick.Label.Rotation = 0.6
		p.X.Tick.Label.XAlign = draw.XRight
	}
	return plotFigure(p, title, 6*vg.Inch, 3.6*vg.Inch, fmt.Sprintf("%s: %d bars", title, len(values)))
}

func plotFigure(p *plot.Plot, title string, w, h vg.Length, alt string) *Figure {
	return New(slug(title), w, h, alt, func(dc draw.Canvas) { p.Draw(dc) })
}
