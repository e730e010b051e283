package diagram

import (
	"image/color"
	"math"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"llminternals/pkg/figure"
)

// Figure lays the graph out and returns it as a figure of the layout's
// size named name, with Text as its alt text: f.Show() displays it in a
// notebook and writes name.png elsewhere.
func (g *Graph) Figure(name string) *figure.Figure {
	l := g.Layout()
	return figure.New(name, l.Width, l.Height, g.Text(), l.Draw)
}

// Draw paints the layout onto dc, which must be at least Width×Height:
// edges first, then boxes over their ends, then labels.
func (l *Layout) Draw(dc draw.Canvas) {
	m := newMetrics(l.Scale)
	c := dc.Canvas
	// Layout coordinates have y down from the top-left corner; the
	// canvas has y up from its bottom-left corner.
	top := dc.Max.Y
	at := func(p vg.Point) vg.Point { return vg.Point{X: dc.Min.X + p.X, Y: top - p.Y} }

	if l.Title != "" {
		b := l.TitleBox
		m.title.draw(c, at(vg.Point{X: b.X, Y: b.Y + m.title.ascent()}), l.Title)
	}

	lw := m.len(1)
	for _, e := range l.Edges {
		pts := make([]vg.Point, len(e.Points))
		for i, p := range e.Points {
			pts[i] = at(p)
		}
		// Stop the line at the arrowhead's base so it does not blunt the tip.
		n := len(pts)
		tip, from := pts[n-1], pts[n-2]
		dx, dy := float64(tip.X-from.X), float64(tip.Y-from.Y)
		d := math.Hypot(dx, dy)
		if d == 0 {
			continue
		}
		ux, uy := dx/d, dy/d
		al, ah := float64(m.len(arrowLen)), float64(m.len(arrowHalfW))
		base := vg.Point{X: tip.X - vg.Length(ux*al), Y: tip.Y - vg.Length(uy*al)}
		line := append(append([]vg.Point(nil), pts[:n-1]...), base)
		dc.StrokeLines(draw.LineStyle{Color: edgeColor, Width: lw}, line)
		head := []vg.Point{
			tip,
			{X: base.X - vg.Length(uy*ah), Y: base.Y + vg.Length(ux*ah)},
			{X: base.X + vg.Length(uy*ah), Y: base.Y - vg.Length(ux*ah)},
		}
		dc.FillPolygon(edgeColor, head)
		if e.Label != "" {
			b := e.LabelBox
			c.SetColor(color.White)
			c.Fill(rectPath(at(vg.Point{X: b.X, Y: b.Y + b.H}), at(vg.Point{X: b.X + b.W, Y: b.Y}), 0))
			tw := m.edg.width(e.Label)
			m.edg.draw(c, at(vg.Point{X: b.X + (b.W-tw)/2, Y: b.Y + m.len(2) + m.edg.ascent()}), e.Label)
		}
	}

	for _, n := range l.Nodes {
		fill, border := palette[n.Kind][0], palette[n.Kind][1]
		p := rectPath(at(vg.Point{X: n.X, Y: n.Y + n.H}), at(vg.Point{X: n.X + n.W, Y: n.Y}), m.len(4))
		c.SetColor(fill)
		c.Fill(p)
		c.Push()
		c.SetColor(border)
		switch n.Kind {
		case Highlight:
			c.SetLineWidth(2 * lw)
		case Constant:
			c.SetLineWidth(lw)
			c.SetLineDash([]vg.Length{m.len(3), m.len(2)}, 0)
		default:
			c.SetLineWidth(lw)
		}
		c.Stroke(p)
		c.Pop()

		lines := m.lines(n.Node)
		_, th := m.textSize(lines)
		y := n.Y + (n.H-th)/2
		for i, ln := range lines {
			if i > 0 {
				y += m.len(lineGap)
			}
			w := ln.st.width(ln.text)
			ln.st.draw(c, at(vg.Point{X: n.X + (n.W-w)/2, Y: y + ln.st.ascent()}), ln.text)
			y += ln.st.lineHeight()
		}
	}
}

// rectPath is the rectangle with corners lo (bottom-left) and hi
// (top-right), its corners rounded with radius r.
func rectPath(lo, hi vg.Point, r vg.Length) vg.Path {
	var p vg.Path
	if r <= 0 {
		p.Move(lo)
		p.Line(vg.Point{X: hi.X, Y: lo.Y})
		p.Line(hi)
		p.Line(vg.Point{X: lo.X, Y: hi.Y})
		p.Close()
		return p
	}
	p.Move(vg.Point{X: lo.X + r, Y: lo.Y})
	p.Line(vg.Point{X: hi.X - r, Y: lo.Y})
	p.Arc(vg.Point{X: hi.X - r, Y: lo.Y + r}, r, -math.Pi/2, math.Pi/2)
	p.Line(vg.Point{X: hi.X, Y: hi.Y - r})
	p.Arc(vg.Point{X: hi.X - r, Y: hi.Y - r}, r, 0, math.Pi/2)
	p.Line(vg.Point{X: lo.X + r, Y: hi.Y})
	p.Arc(vg.Point{X: lo.X + r, Y: hi.Y - r}, r, math.Pi/2, math.Pi/2)
	p.Line(vg.Point{X: lo.X, Y: lo.Y + r})
	p.Arc(vg.Point{X: lo.X + r, Y: lo.Y + r}, r, math.Pi, math.Pi/2)
	p.Close()
	return p
}
