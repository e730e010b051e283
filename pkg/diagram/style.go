package diagram

import (
	"image/color"
	"strings"

	xfont "golang.org/x/image/font"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
)

// Kind is what a node stands for; it sets the box's colours.
type Kind int

const (
	// Operation is a computation step (the zero Kind): grey.
	Operation Kind = iota
	// Input is data fed in from outside: blue.
	Input
	// Parameter is a learned weight: orange.
	Parameter
	// Output is a result: green.
	Output
	// Highlight is the node the reader should look at: yellow, thick border.
	Highlight
	// Constant is a fixed value that receives no gradient: white, dashed border.
	Constant
)

// String names the kind: "operation", "input", ...
func (k Kind) String() string {
	switch k {
	case Operation:
		return "operation"
	case Input:
		return "input"
	case Parameter:
		return "parameter"
	case Output:
		return "output"
	case Highlight:
		return "highlight"
	case Constant:
		return "constant"
	}
	return "kind(?)"
}

func rgb(hex uint32) color.NRGBA {
	return color.NRGBA{R: uint8(hex >> 16), G: uint8(hex >> 8), B: uint8(hex), A: 255}
}

// palette is (fill, border) per kind: light fills so black text stays
// readable, borders from the same hue, darker.
var palette = map[Kind][2]color.NRGBA{
	Operation: {rgb(0xF1F3F5), rgb(0x6C757D)},
	Input:     {rgb(0xDDEBF7), rgb(0x2F6FAF)},
	Parameter: {rgb(0xFCE8D4), rgb(0xC96A1B)},
	Output:    {rgb(0xDCF1E0), rgb(0x2E8540)},
	Highlight: {rgb(0xFFF1A8), rgb(0xB8860B)},
	Constant:  {rgb(0xFFFFFF), rgb(0x868E96)},
}

var (
	textColor   = rgb(0x212529)
	detailColor = rgb(0x495057)
	noteColor   = rgb(0x7B3FA0)
	edgeColor   = rgb(0x495057)
)

// Sizes in points at scale 1. The figure is rendered at 192 DPI and shown
// at half size, so 11 pt text reads like 11 pt on a normal screen.
const (
	labelSize  = 11
	detailSize = 9
	titleSize  = 13
	padX       = 8  // text to box border, across the text
	padY       = 5  // text to box border, above and below
	lineGap    = 2  // between lines of a box
	nodeSep    = 16 // between neighbouring boxes in a layer
	dummySep   = 8  // between an edge's bend point and its neighbours
	margin     = 10 // around the whole drawing
	arrowLen   = 7
	arrowHalfW = 3
)

var sans = font.Font{Typeface: "Liberation", Variant: "Sans"}

// face returns the Liberation Sans face of the given size and weight.
func face(size vg.Length, bold bool) font.Face {
	f := sans
	if bold {
		f.Weight = xfont.WeightBold
	}
	_ = plot.DefaultFont // importing plot registers the Liberation fonts in font.DefaultCache
	return font.DefaultCache.Lookup(f, size)
}

// run is a piece of a line of text at one vertical position: 0 on the
// baseline, -1 subscript, +1 superscript.
type run struct {
	text   string
	script int
}

// parseRuns splits s at the markup "_{…}" and "^{…}". An unmatched brace
// leaves the text as it is.
func parseRuns(s string) []run {
	var out []run
	var cur strings.Builder
	for i := 0; i < len(s); {
		if (s[i] == '_' || s[i] == '^') && i+1 < len(s) && s[i+1] == '{' {
			if j := strings.IndexByte(s[i+2:], '}'); j >= 0 {
				if cur.Len() > 0 {
					out = append(out, run{cur.String(), 0})
					cur.Reset()
				}
				script := -1
				if s[i] == '^' {
					script = 1
				}
				out = append(out, run{s[i+2 : i+2+j], script})
				i += j + 3
				continue
			}
		}
		cur.WriteByte(s[i])
		i++
	}
	if cur.Len() > 0 || len(out) == 0 {
		out = append(out, run{cur.String(), 0})
	}
	return out
}

// plainText removes the markup: "W_{Q}" → "WQ". Alt texts use it.
func plainText(s string) string {
	var b strings.Builder
	for _, r := range parseRuns(s) {
		b.WriteString(r.text)
	}
	return b.String()
}

// scriptScale is the size of sub- and superscripts relative to the line.
const scriptScale = 0.7

// textStyle is one font size and weight for lines of text with markup.
type textStyle struct {
	size  vg.Length
	bold  bool
	color color.Color
}

func (ts textStyle) runFace(script int) font.Face {
	if script == 0 {
		return face(ts.size, ts.bold)
	}
	return face(ts.size*scriptScale, ts.bold)
}

// width is the advance width of one line, markup interpreted.
func (ts textStyle) width(line string) vg.Length {
	var w vg.Length
	for _, r := range parseRuns(line) {
		f := ts.runFace(r.script)
		w += f.Width(r.text)
	}
	return w
}

// The base font's extents; a line is ascent + descent high.
func (ts textStyle) extents() font.Extents {
	f := face(ts.size, ts.bold)
	return f.Extents()
}

func (ts textStyle) ascent() vg.Length { return ts.extents().Ascent }
func (ts textStyle) lineHeight() vg.Length {
	e := ts.extents()
	return e.Ascent + e.Descent
}

// draw writes line with its left end of the baseline at pt (canvas
// coordinates, y up).
func (ts textStyle) draw(c vg.Canvas, pt vg.Point, line string) {
	c.SetColor(ts.color)
	x := pt.X
	for _, r := range parseRuns(line) {
		f := ts.runFace(r.script)
		y := pt.Y
		switch r.script {
		case -1:
			y -= ts.size * 0.18
		case 1:
			y += ts.size * 0.38
		}
		c.FillString(f, vg.Point{X: x, Y: y}, r.text)
		x += f.Width(r.text)
	}
}
