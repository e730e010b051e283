package figure

import (
	"fmt"
	"image/color"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Series is one named line: the points (X[i], Y[i]), drawn in Style,
// with the optional text Labels[i] beside point i.
type Series struct {
	Name   string
	X, Y   []float64
	Labels []string // nil, or one per point ("" for none)
	Style  Style
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
	LogX bool // logarithmic x axis
	// Points draws a marker at every point as well as the line.
	Points bool
	// LegendLeft and LegendBottom move the legend from its default corner,
	// the top right, when the data would be hidden behind it.
	LegendLeft, LegendBottom bool
	// Width and Height are the figure's size; 0 means 6 × 3.6 inches.
	Width, Height vg.Length
	Annotations   []Annotation
	RefLines      []RefLine
}

// Lines draws each series as a line in its own colour, with a legend.
// A series' Style can turn its line off (Join: JoinNone), dash it or
// mark its points.
func Lines(title, xLabel, yLabel string, opt LineOptions, series ...Series) *Figure {
	marker := MarkerNone
	if opt.Points {
		marker = Circle
	}
	return xyFigure("Lines", frame{
		title: title, xLabel: xLabel, yLabel: yLabel, w: opt.Width, h: opt.Height,
		logX: opt.LogX, logY: opt.LogY, notes: opt.Annotations, refs: opt.RefLines,
		legendLeft: opt.LegendLeft, legendBottom: opt.LegendBottom,
	}, marker, true, series)
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
	p.Y.Tick.Marker = niceTicks{}
	return plotFigure(p, title, 6*vg.Inch, 3.6*vg.Inch, fmt.Sprintf("%s: %d bars", title, len(values)))
}

// Size sets the figure's width and height and returns it, for
// constructors without size options: figure.Bars(…).Size(4*vg.Inch, 3*vg.Inch).
func (f *Figure) Size(w, h vg.Length) *Figure {
	f.Width, f.Height = w, h
	return f
}

func plotFigure(p *plot.Plot, title string, w, h vg.Length, alt string) *Figure {
	// gonum/plot fits markers and labels exactly to the canvas; a margin
	// keeps them off the image's edge, where they would look cut.
	m := vg.Points(4)
	return New(slug(title), w, h, alt, func(dc draw.Canvas) { p.Draw(draw.Crop(dc, m, -m, m, -m)) })
}
