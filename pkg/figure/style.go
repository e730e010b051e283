package figure

import (
	"image/color"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Marker is the shape drawn at each point of a series.
type Marker int

// The marker shapes. MarkerAuto is the constructor's choice: none for
// Lines (unless LineOptions.Points), a circle for Scatter.
const (
	MarkerAuto Marker = iota
	MarkerNone
	Circle
	Square
	Triangle
	Diamond
	Cross
	Plus
	Ring
)

// Join says whether a series' points are joined by a line.
type Join int

// JoinAuto is the constructor's choice: joined in Lines, not in Scatter.
// Points that are not a sequence (three unrelated encodings, say) must
// not be joined: use JoinNone.
const (
	JoinAuto Join = iota
	JoinLine
	JoinNone
)

// Style is how one series is drawn; the zero value takes the palette
// colour for the series' position, a solid line and the constructor's
// choice of marker and joining.
type Style struct {
	Color  color.Color // nil: Palette[k] for the k-th series
	Dashes []vg.Length // on, off, on, … lengths; nil is a solid line
	Marker Marker
	Join   Join
	// MarkerRadius is the marker's radius; 0 means 3 pt.
	MarkerRadius vg.Length
	// LabelColor colours the series' point labels; nil is black.
	LabelColor color.Color
}

// Dashed and Dotted are common dash patterns for Style.Dashes.
var (
	Dashed = []vg.Length{vg.Points(6), vg.Points(3)}
	Dotted = []vg.Length{vg.Points(1.5), vg.Points(2.5)}
)

func (m Marker) glyph() draw.GlyphDrawer {
	switch m {
	case Square:
		return draw.BoxGlyph{}
	case Triangle:
		return draw.PyramidGlyph{}
	case Diamond:
		return diamondGlyph{}
	case Cross:
		return draw.CrossGlyph{}
	case Plus:
		return draw.PlusGlyph{}
	case Ring:
		return draw.RingGlyph{}
	}
	return draw.CircleGlyph{}
}

// diamondGlyph is a filled square standing on a corner.
type diamondGlyph struct{}

// DrawGlyph draws a filled diamond of radius sty.Radius centred on pt.
func (diamondGlyph) DrawGlyph(c *draw.Canvas, sty draw.GlyphStyle, pt vg.Point) {
	c.SetLineStyle(draw.LineStyle{Color: sty.Color, Width: vg.Points(0.5)})
	c.SetColor(sty.Color)
	r := sty.Radius
	var p vg.Path
	p.Move(vg.Point{X: pt.X, Y: pt.Y + r})
	p.Line(vg.Point{X: pt.X + r, Y: pt.Y})
	p.Line(vg.Point{X: pt.X, Y: pt.Y - r})
	p.Line(vg.Point{X: pt.X - r, Y: pt.Y})
	p.Close()
	c.Fill(p)
}
