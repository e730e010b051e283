package figure

import (
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Points is a series drawn by Scatter: markers at (X[i], Y[i]), each
// with the optional text Labels[i].
type Points = Series

// Annotation is a note written at the data point (X, Y). With Arrow, the
// text stands a little away from the point, towards the middle of the
// plot, and an arrow points from it to the point.
type Annotation struct {
	X, Y  float64
	Text  string
	Arrow bool
}

// RefLine is a reference line across the whole frame: horizontal at
// y = At, or vertical at x = At, with an optional label at its end.
type RefLine struct {
	Vertical bool
	At       float64
	Label    string
	Color    color.Color // nil: grey
	Dashes   []vg.Length // nil: Dashed
}

// ScatterOptions tunes a scatter plot; the zero value is sensible.
type ScatterOptions struct {
	// Width and Height are the figure's size; 0 means 6 × 3.6 inches.
	Width, Height vg.Length
	LogX, LogY    bool // logarithmic axes (every value must be > 0)
	Annotations   []Annotation
	RefLines      []RefLine
	// LegendLeft and LegendBottom move the legend from its default corner,
	// the top right, when the data would be hidden behind it.
	LegendLeft, LegendBottom bool
}

// Scatter draws each series as markers that are not joined (set
// Style.Join to JoinLine to join them), with each point's label beside
// it, placed towards the middle of the plot so that it stays inside the
// frame. Nothing is clipped: the axes leave room for every marker, label
// and annotation.
func Scatter(title, xLabel, yLabel string, opt ScatterOptions, series ...Points) *Figure {
	return xyFigure("Scatter", frame{
		title: title, xLabel: xLabel, yLabel: yLabel, w: opt.Width, h: opt.Height,
		logX: opt.LogX, logY: opt.LogY, notes: opt.Annotations, refs: opt.RefLines,
		legendLeft: opt.LegendLeft, legendBottom: opt.LegendBottom,
	}, Circle, false, series)
}

// frame is what Lines and Scatter share besides their series.
type frame struct {
	title, xLabel, yLabel    string
	w, h                     vg.Length
	logX, logY               bool
	notes                    []Annotation
	refs                     []RefLine
	legendLeft, legendBottom bool
}

const defaultMarkerRadius = 3 // points

// xyFigure draws series on x–y axes; marker and joined are the
// constructor's defaults for MarkerAuto and JoinAuto.
func xyFigure(op string, f frame, marker Marker, joined bool, series []Series) *Figure {
	p := plot.New()
	p.Title.Text = f.title
	p.X.Label.Text = f.xLabel
	p.Y.Label.Text = f.yLabel
	p.Add(plotter.NewGrid())
	p.X.Tick.Marker, p.Y.Tick.Marker = niceTicks{}, niceTicks{}
	if f.logX {
		p.X.Scale, p.X.Tick.Marker = plot.LogScale{}, logTicks{}
	}
	if f.logY {
		p.Y.Scale, p.Y.Tick.Marker = plot.LogScale{}, logTicks{}
	}
	var labels []plot.Plotter // drawn last, over every series
	for k, s := range series {
		if len(s.X) != len(s.Y) {
			panic(fmt.Sprintf("figure: %s: series %q has %d x values and %d y values", op, s.Name, len(s.X), len(s.Y)))
		}
		if s.Labels != nil && len(s.Labels) != len(s.X) {
			panic(fmt.Sprintf("figure: %s: series %q has %d labels for %d points", op, s.Name, len(s.Labels), len(s.X)))
		}
		xys := make(plotter.XYs, len(s.X))
		for i := range xys {
			xys[i] = plotter.XY{X: s.X[i], Y: s.Y[i]}
			if (f.logX && !(s.X[i] > 0)) || (f.logY && !(s.Y[i] > 0)) {
				panic(fmt.Sprintf("figure: %s: series %q point %d is (%g, %g), but a logarithmic axis needs values > 0", op, s.Name, i, s.X[i], s.Y[i]))
			}
		}
		st := s.Style
		col := st.Color
		if col == nil {
			col = Palette[k%len(Palette)]
		}
		m := st.Marker
		if m == MarkerAuto {
			m = marker
		}
		join := st.Join == JoinLine || (st.Join == JoinAuto && joined)
		radius := st.MarkerRadius
		if radius == 0 {
			radius = defaultMarkerRadius
		}
		var thumbs []plot.Thumbnailer
		if join {
			l, err := plotter.NewLine(xys)
			if err != nil {
				panic(fmt.Sprintf("figure: %s: series %q: %v", op, s.Name, err))
			}
			l.Color, l.Width, l.Dashes = col, vg.Points(1.5), st.Dashes
			p.Add(l)
			thumbs = append(thumbs, l)
		}
		if m != MarkerNone {
			sc, err := plotter.NewScatter(xys)
			if err != nil {
				panic(fmt.Sprintf("figure: %s: series %q: %v", op, s.Name, err))
			}
			sc.GlyphStyle = draw.GlyphStyle{Color: col, Radius: radius, Shape: m.glyph()}
			p.Add(sc)
			thumbs = append(thumbs, sc)
		}
		if s.Labels != nil {
			labels = append(labels, &pointLabels{xys: xys, texts: s.Labels, gap: radius + vg.Points(2), color: st.LabelColor})
		}
		if s.Name != "" && len(thumbs) > 0 {
			p.Legend.Add(s.Name, thumbs...)
		}
	}
	for _, r := range f.refs {
		p.Add(refLine(r))
	}
	for _, l := range labels {
		p.Add(l)
	}
	for _, a := range f.notes {
		p.Add(annotation(a))
	}
	p.Legend.Top = !f.legendBottom
	p.Legend.Left = f.legendLeft
	w, h := f.w, f.h
	if w == 0 {
		w = 6 * vg.Inch
	}
	if h == 0 {
		h = 3.6 * vg.Inch
	}
	return plotFigure(p, f.title, w, h, fmt.Sprintf("%s: %d series", f.title, len(series)))
}

// textStyle is the font of labels and annotations.
func textStyle() text.Style {
	sty := text.Style{Color: color.Black, Font: plot.DefaultFont, Handler: plot.DefaultTextHandler}
	sty.Font.Size = vg.Points(10) // the size of gonum/plot's tick labels
	return sty
}

// towardCentre aligns text beside a point at normalised position (nx,
// ny) so that it extends towards the middle of the plot, which keeps it
// inside the frame: a point in the right half gets its text on the left.
// It returns the alignment and the unit direction of the offset.
func towardCentre(sty *text.Style, nx, ny float64) (dx, dy vg.Length) {
	sty.XAlign, dx = text.XLeft, 1
	if nx > 0.5 {
		sty.XAlign, dx = text.XRight, -1
	}
	sty.YAlign, dy = text.YBottom, 1
	if ny > 0.5 {
		sty.YAlign, dy = text.YTop, -1
	}
	return dx, dy
}

// placedText is one text at a data point, offset by gap in the
// direction towardCentre chooses.
func placedText(p *plot.Plot, x, y float64, s string, gap vg.Length) (text.Style, vg.Point) {
	sty := textStyle()
	dx, dy := towardCentre(&sty, p.X.Norm(x), p.Y.Norm(y))
	return sty, vg.Point{X: dx * gap, Y: dy * gap}
}

// textBox is the glyph box of s placed at offset from (x, y).
func textBox(p *plot.Plot, x, y float64, sty text.Style, off vg.Point, s string) plot.GlyphBox {
	r := sty.Rectangle(s)
	r.Min = r.Min.Add(off)
	r.Max = r.Max.Add(off)
	return plot.GlyphBox{X: p.X.Norm(x), Y: p.Y.Norm(y), Rectangle: r}
}

// pointLabels writes texts[i] beside xys[i].
type pointLabels struct {
	xys   plotter.XYs
	texts []string
	gap   vg.Length
	color color.Color // nil: black
}

// Plot implements plot.Plotter.
func (l *pointLabels) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	for i, xy := range l.xys {
		if l.texts[i] == "" {
			continue
		}
		sty, off := placedText(p, xy.X, xy.Y, l.texts[i], l.gap)
		if l.color != nil {
			sty.Color = l.color
		}
		c.FillText(sty, vg.Point{X: trX(xy.X), Y: trY(xy.Y)}.Add(off), l.texts[i])
	}
}

// GlyphBoxes implements plot.GlyphBoxer: the axes make room for every label.
func (l *pointLabels) GlyphBoxes(p *plot.Plot) []plot.GlyphBox {
	var boxes []plot.GlyphBox
	for i, xy := range l.xys {
		if l.texts[i] == "" {
			continue
		}
		sty, off := placedText(p, xy.X, xy.Y, l.texts[i], l.gap)
		boxes = append(boxes, textBox(p, xy.X, xy.Y, sty, off, l.texts[i]))
	}
	return boxes
}

type annotation Annotation

const arrowGap = 28 // points between an arrow's tail and its point, in each direction

func (a annotation) place(p *plot.Plot) (text.Style, vg.Point) {
	gap := vg.Points(4)
	if a.Arrow {
		gap = vg.Points(arrowGap)
	}
	return placedText(p, a.X, a.Y, a.Text, gap)
}

// Plot implements plot.Plotter.
func (a annotation) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	pt := vg.Point{X: trX(a.X), Y: trY(a.Y)}
	sty, off := a.place(p)
	c.FillText(sty, pt.Add(off), a.Text)
	if !a.Arrow {
		return
	}
	// From the text's corner to 4 pt short of the point, so the head
	// does not cover the marker.
	tail := pt.Add(off)
	d := pt.Sub(tail)
	n := vg.Length(math.Hypot(float64(d.X), float64(d.Y)))
	head := pt.Sub(d.Scale(vg.Points(4) / n))
	c.StrokeLine2(draw.LineStyle{Color: color.Black, Width: vg.Points(0.8)}, tail.X, tail.Y, head.X, head.Y)
	u := d.Scale(1 / n)
	side := vg.Point{X: -u.Y, Y: u.X}
	back := head.Sub(u.Scale(vg.Points(6)))
	var tri vg.Path
	tri.Move(head)
	tri.Line(back.Add(side.Scale(vg.Points(2.5))))
	tri.Line(back.Sub(side.Scale(vg.Points(2.5))))
	tri.Close()
	c.SetColor(color.Black)
	c.Fill(tri)
}

// DataRange implements plot.DataRanger: the annotated point is in the frame.
func (a annotation) DataRange() (xmin, xmax, ymin, ymax float64) { return a.X, a.X, a.Y, a.Y }

// GlyphBoxes implements plot.GlyphBoxer: the axes make room for the text.
func (a annotation) GlyphBoxes(p *plot.Plot) []plot.GlyphBox {
	sty, off := a.place(p)
	return []plot.GlyphBox{textBox(p, a.X, a.Y, sty, off, a.Text)}
}

type refLine RefLine

func (r refLine) style() draw.LineStyle {
	col, dashes := r.Color, r.Dashes
	if col == nil {
		col = color.Gray{Y: 110}
	}
	if dashes == nil {
		dashes = Dashed
	}
	return draw.LineStyle{Color: col, Width: vg.Points(1), Dashes: dashes}
}

// label returns the label's style and its data position: at the right
// end of a horizontal line, at the top of a vertical one.
func (r refLine) label(p *plot.Plot) (text.Style, float64, float64) {
	sty := textStyle()
	sty.Color = r.style().Color
	if r.Vertical {
		sty.XAlign, sty.YAlign = text.XLeft, text.YTop
		if p.X.Norm(r.At) > 0.5 {
			sty.XAlign = text.XRight
		}
		return sty, r.At, p.Y.Max
	}
	sty.XAlign, sty.YAlign = text.XRight, text.YBottom
	if p.Y.Norm(r.At) > 0.5 {
		sty.YAlign = text.YTop
	}
	return sty, p.X.Max, r.At
}

// labelOffset moves the label 3 pt off the line, on its aligned side.
func labelOffset(sty text.Style) vg.Point {
	off := vg.Point{}
	switch sty.XAlign {
	case text.XLeft:
		off.X = vg.Points(3)
	case text.XRight:
		off.X = -vg.Points(3)
	}
	switch sty.YAlign {
	case text.YBottom:
		off.Y = vg.Points(3)
	case text.YTop:
		off.Y = -vg.Points(3)
	}
	return off
}

// Plot implements plot.Plotter.
func (r refLine) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	if r.Vertical {
		x := trX(r.At)
		c.StrokeLine2(r.style(), x, c.Min.Y, x, c.Max.Y)
	} else {
		y := trY(r.At)
		c.StrokeLine2(r.style(), c.Min.X, y, c.Max.X, y)
	}
	if r.Label != "" {
		sty, x, y := r.label(p)
		c.FillText(sty, vg.Point{X: trX(x), Y: trY(y)}.Add(labelOffset(sty)), r.Label)
	}
}

// DataRange implements plot.DataRanger: the line's value is in the frame,
// and the other axis is left alone (+Inf, −Inf are neutral).
func (r refLine) DataRange() (xmin, xmax, ymin, ymax float64) {
	inf := math.Inf(1)
	if r.Vertical {
		return r.At, r.At, inf, -inf
	}
	return inf, -inf, r.At, r.At
}

// GlyphBoxes implements plot.GlyphBoxer: the axes make room for the label.
func (r refLine) GlyphBoxes(p *plot.Plot) []plot.GlyphBox {
	if r.Label == "" {
		return nil
	}
	sty, x, y := r.label(p)
	return []plot.GlyphBox{textBox(p, x, y, sty, labelOffset(sty), r.Label)}
}
