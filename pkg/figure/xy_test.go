package figure

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"strings"
	"testing"

	"gonum.org/v1/plot/vg"
)

// ink is where pixels near one colour lie in an image.
type ink struct {
	n    int
	box  image.Rectangle
	seen bool
}

// inkOf finds the pixels within 40 of c in every channel (anti-aliased
// edges fade to white, so the core of a shape matches).
func inkOf(img image.Image, c color.NRGBA) ink {
	var k ink
	b := img.Bounds()
	near := func(a uint32, b uint8) bool { d := int(a>>8) - int(b); return d > -40 && d < 40 }
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			if near(r, c.R) && near(g, c.G) && near(bl, c.B) {
				p := image.Rect(x, y, x+1, y+1)
				if !k.seen {
					k.box, k.seen = p, true
				}
				k.box = k.box.Union(p)
				k.n++
			}
		}
	}
	return k
}

func render(t *testing.T, f *Figure) image.Image {
	t.Helper()
	data, err := f.PNG()
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	return img
}

// TestScatterClipsNothingAtTheCorners draws big markers, each with a
// label, at both corners of the data and at its centre, each in its own
// colour. A clipped marker or label would touch the image's border or
// have less ink than the same marker or label drawn in the middle.
func TestScatterClipsNothingAtTheCorners(t *testing.T) {
	red := color.NRGBA{230, 0, 0, 255}
	green := color.NRGBA{0, 170, 0, 255}
	blue := color.NRGBA{0, 0, 230, 255}
	lRed := color.NRGBA{150, 0, 150, 255}
	lGreen := color.NRGBA{0, 150, 150, 255}
	lBlue := color.NRGBA{150, 110, 0, 255}
	pt := func(x, y float64, c, lc color.NRGBA) Points {
		return Points{X: []float64{x}, Y: []float64{y}, Labels: []string{"WWWW"},
			Style: Style{Color: c, LabelColor: lc, MarkerRadius: vg.Points(8)}}
	}
	f := Scatter("", "", "", ScatterOptions{Width: 4 * vg.Inch, Height: 3 * vg.Inch},
		pt(0, 0, red, lRed), pt(10, 10, green, lGreen), pt(5, 5, blue, lBlue))
	img := render(t, f)
	b := img.Bounds()
	centreMarker, centreLabel := inkOf(img, blue), inkOf(img, lBlue)
	if centreMarker.n < 500 || centreLabel.n < 100 {
		t.Fatalf("the centre marker has %d pixels and its label %d; the test cannot see them", centreMarker.n, centreLabel.n)
	}
	for _, c := range []struct {
		name      string
		col, lcol color.NRGBA
	}{{"lower-left", red, lRed}, {"upper-right", green, lGreen}} {
		for what, want := range map[string]struct {
			got, ref ink
		}{
			"marker": {inkOf(img, c.col), centreMarker},
			"label":  {inkOf(img, c.lcol), centreLabel},
		} {
			k := want.got
			if !k.seen {
				t.Errorf("%s %s: not drawn", c.name, what)
				continue
			}
			inner := b.Inset(3)
			if !k.box.In(inner) {
				t.Errorf("%s %s: pixels %v reach within 3 px of the image's edge %v", c.name, what, k.box, b)
			}
			if float64(k.n) < 0.9*float64(want.ref.n) {
				t.Errorf("%s %s: %d pixels, the same %s in the middle has %d: clipped", c.name, what, k.n, what, want.ref.n)
			}
		}
	}
}

// TestScatterDoesNotJoinPoints: three unrelated points in one series
// must not be joined by a line, unless asked.
func TestScatterDoesNotJoinPoints(t *testing.T) {
	c := color.NRGBA{230, 0, 0, 255}
	s := Points{X: []float64{0, 10}, Y: []float64{0, 10}, Style: Style{Color: c, MarkerRadius: vg.Points(3)}}
	apart := inkOf(render(t, Scatter("", "", "", ScatterOptions{}, s)), c).n
	s.Style.Join = JoinLine
	joined := inkOf(render(t, Scatter("", "", "", ScatterOptions{}, s)), c).n
	// A line across the plot adds hundreds of pixels to two small discs.
	if joined < apart+300 {
		t.Errorf("%d red pixels joined and %d apart: the line is missing, or drawn when not asked", joined, apart)
	}
	l := Series{X: []float64{0, 10}, Y: []float64{0, 10}, Style: Style{Color: c, Join: JoinNone, Marker: Square}}
	if n := inkOf(render(t, Lines("", "", "", LineOptions{}, l)), c).n; n > apart+300 {
		t.Errorf("Lines with JoinNone drew a line (%d pixels)", n)
	}
}

func TestAnnotationsAndRefLinesDraw(t *testing.T) {
	rc := color.NRGBA{0, 150, 0, 255}
	s := Series{Name: "loss", X: []float64{0, 1, 2, 3}, Y: []float64{4, 2, 1.5, 1.2}}
	plain := render(t, Lines("Loss", "step", "loss", LineOptions{}, s))
	noted := render(t, Lines("Loss", "step", "loss", LineOptions{
		Annotations: []Annotation{{X: 3, Y: 1.2, Text: "end", Arrow: true}},
		RefLines:    []RefLine{{At: 1, Label: "floor", Color: rc}, {Vertical: true, At: 2, Label: "warmup", Color: rc}},
	}, s))
	if inkOf(plain, rc).seen {
		t.Fatal("the plain plot already has the reference colour")
	}
	k := inkOf(noted, rc)
	// Two lines across the frame: at least its width plus its height in pixels.
	if k.n < 600 || !k.box.In(noted.Bounds().Inset(3)) {
		t.Errorf("reference lines: %d pixels in %v", k.n, k.box)
	}
}

func TestNiceTicksAre125Steps(t *testing.T) {
	for _, c := range []struct {
		lo, hi float64
		want   string
	}{
		{0, 1, "0.0 0.2 0.4 0.6 0.8 1.0"},
		{0, 10, "0 2 4 6 8 10"},
		{-3, 7, "-2 0 2 4 6"},
		{0.1, 0.35, "0.10 0.15 0.20 0.25 0.30 0.35"},
		{0, 4500, "0 1000 2000 3000 4000"},
		{-0.001, 0.0301, "0.00 0.01 0.02 0.03"},
	} {
		var got []string
		for _, tk := range (niceTicks{}).Ticks(c.lo, c.hi) {
			if tk.Label != "" {
				got = append(got, tk.Label)
			}
		}
		if s := strings.Join(got, " "); s != c.want {
			t.Errorf("ticks on [%g, %g] = %q, want %q", c.lo, c.hi, s, c.want)
		}
	}
}

func TestSizeOptions(t *testing.T) {
	s := Series{X: []float64{1, 2}, Y: []float64{1, 2}}
	for _, f := range []*Figure{
		Lines("l", "", "", LineOptions{Width: 3 * vg.Inch, Height: 2 * vg.Inch}, s),
		Scatter("s", "", "", ScatterOptions{Width: 3 * vg.Inch, Height: 2 * vg.Inch}, s),
		Bars("b", "", []string{"a"}, []float64{1}).Size(3*vg.Inch, 2*vg.Inch),
	} {
		b := render(t, f).Bounds()
		if b.Dx() != 576 || b.Dy() != 384 { // 3 in and 2 in at 192 DPI
			t.Errorf("%s: %d×%d px, want 576×384", f.Name, b.Dx(), b.Dy())
		}
	}
}

func TestBadSeriesPanic(t *testing.T) {
	for name, f := range map[string]func(){
		"labels": func() {
			Scatter("", "", "", ScatterOptions{}, Points{X: []float64{1}, Y: []float64{1}, Labels: []string{}})
		},
		"log": func() { Scatter("", "", "", ScatterOptions{LogX: true}, Points{X: []float64{0}, Y: []float64{1}}) },
		"xy":  func() { Scatter("", "", "", ScatterOptions{}, Points{X: []float64{1, 2}, Y: []float64{1}}) },
	} {
		func() {
			defer func() {
				if r, _ := recover().(string); !strings.HasPrefix(r, "figure: Scatter: ") {
					t.Errorf("%s: recovered %q", name, r)
				}
			}()
			f()
		}()
	}
}

// TestLogTicksArePlainNumbers: a logarithmic axis is labelled at the powers
// of ten as plain numbers (not gonum's 1e+01), with the 2 and 5 multiples
// too when it spans fewer than three decades, and as 1e-6 throughout when
// a label lies beyond 10⁻⁴…10⁵.
func TestLogTicksArePlainNumbers(t *testing.T) {
	for _, c := range []struct {
		lo, hi float64
		want   string
	}{
		{1.0 / 64, 8, "0.02 0.05 0.1 0.2 0.5 1 2 5"},
		{1e-4, 300, "0.0001 0.001 0.01 0.1 1 10 100"},
		{1e-6, 1, "1e-6 1e-5 1e-4 1e-3 1e-2 1e-1 1"},
		{3, 2e7, "10 1e2 1e3 1e4 1e5 1e6 1e7"},
		{1e-9, 5e-8, "1e-9 2e-9 5e-9 1e-8 2e-8 5e-8"},
	} {
		var got []string
		minor := 0
		for _, tk := range (logTicks{}).Ticks(c.lo, c.hi) {
			if tk.Label != "" {
				got = append(got, tk.Label)
			} else {
				minor++
			}
		}
		if s := strings.Join(got, " "); s != c.want {
			t.Errorf("log ticks on [%g, %g] = %q, want %q", c.lo, c.hi, s, c.want)
		}
		if minor == 0 {
			t.Errorf("log ticks on [%g, %g]: no minor ticks", c.lo, c.hi)
		}
	}
}
