package diagram

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"golang.org/x/image/font/sfnt"
	"gonum.org/v1/plot/vg"

	"llminternals/pkg/figure"
)

// testGraphs are the drawings the invariants are checked on: every
// pre-made helper, labelled and parallel edges, scaled-down layouts, and
// random DAGs.
func testGraphs() map[string]*Graph {
	gs := map[string]*Graph{
		"pipeline":  testPipeline(),
		"attention": Attention(3, 4, 2, 5),
		"net":       FromValue(sigmoidNet(), ValueOptions{Values: true, Grads: true}),
		"matrix":    FromValue(matrixGraph(), ValueOptions{Direction: LeftToRight}),
		"tree":      Tree(lowestTree(), TreeOptions{Title: "lowest"}),
		"treeDown":  Tree(lowestTree(), TreeOptions{RootAtBottom: true}),
		"labels":    labelledGraph(),
	}
	long := make([]Stage, 14)
	for i := range long {
		long[i] = Stage{Label: fmt.Sprintf("stage %d", i), Detail: "a detail line", Chapter: fmt.Sprintf("%02d", i)}
	}
	gs["scaled"] = Pipeline(long...)
	r := rand.New(rand.NewPCG(1, 2))
	for k := range 6 {
		g := &Graph{Direction: Direction(k % 3), Compact: k%2 == 0}
		n := 6 + r.IntN(10)
		for i := range n {
			g.AddNode(fmt.Sprint(i), strings.Repeat("w", 1+r.IntN(8)), Kind(r.IntN(6))).Detail = strings.Repeat("x", r.IntN(12))
		}
		for i := range n {
			for j := i + 1; j < n; j++ {
				if r.Float64() < 0.25 {
					lbl := ""
					if r.Float64() < 0.3 {
						lbl = "e" + fmt.Sprint(i, j)
					}
					g.AddEdge(fmt.Sprint(i), fmt.Sprint(j), lbl)
				}
			}
		}
		gs[fmt.Sprint("random", k)] = g
	}
	return gs
}

func testPipeline() *Graph {
	return Pipeline(Stage{Label: "text", Detail: `"The cat"`, Kind: Input},
		Stage{Label: "tokens", Detail: "[464, 3797]", Chapter: "01"},
		Stage{Label: "model", Chapter: "02–11"},
		Stage{Label: "logits", Detail: "1×50257", Chapter: "07"},
		Stage{Label: "next token", Detail: `" sat"`, Chapter: "12", Kind: Output})
}

func labelledGraph() *Graph {
	g := &Graph{Title: "Labelled edges"}
	g.AddNode("a", "a", Input)
	g.AddNode("b", "b", Operation)
	g.AddNode("c", "c", Highlight)
	g.AddNode("d", "d", Constant)
	g.AddEdge("a", "b", "first")
	g.AddEdge("a", "c", "")
	g.AddEdge("b", "c", "then")
	g.AddEdge("d", "c", "")
	g.AddEdge("d", "c", "")
	return g
}

// lowestTree is the merge tree of "lowest" under the merges
// (e,s) (l,o) (lo,w) (es,t) (low,est).
func lowestTree() *TreeNode {
	leaf := func(s string) *TreeNode { return &TreeNode{Label: s, Kind: Input} }
	return &TreeNode{Label: "lowest", Detail: "merge 4", Kind: Output, Children: []*TreeNode{
		{Label: "low", Detail: "merge 2", Children: []*TreeNode{{Label: "lo", Detail: "merge 1", Children: []*TreeNode{leaf("l"), leaf("o")}}, leaf("w")}},
		{Label: "est", Detail: "merge 3", Children: []*TreeNode{{Label: "es", Detail: "merge 0", Children: []*TreeNode{leaf("e"), leaf("s")}}, leaf("t")}},
	}}
}

// plainWidth measures s, without markup, with the Liberation Sans face
// looked up directly; with markup, each run at its own size.
func plainWidth(s string, size vg.Length) vg.Length {
	var w vg.Length
	for _, r := range parseRuns(s) {
		sz := size
		if r.script != 0 {
			sz *= scriptScale
		}
		f := face(sz, false)
		w += f.Width(r.text)
	}
	return w
}

func TestLayoutInvariants(t *testing.T) {
	for name, g := range testGraphs() {
		t.Run(name, func(t *testing.T) {
			l := g.Layout()
			maxW := g.MaxWidth
			if maxW == 0 {
				maxW = DefaultMaxWidth
			}
			if l.Width > maxW+1e-9 {
				t.Errorf("width %.1f exceeds MaxWidth %.1f", l.Width, maxW)
			}
			inside := func(what string, b Box) {
				if b.X < 0 || b.Y < 0 || b.X+b.W > l.Width+1e-9 || b.Y+b.H > l.Height+1e-9 {
					t.Errorf("%s %+v lies outside the %.1f×%.1f drawing", what, b, l.Width, l.Height)
				}
			}
			var boxes []Box
			var names []string
			for _, n := range l.Nodes {
				inside("node "+n.ID, n.Box)
				boxes, names = append(boxes, n.Box), append(names, "node "+n.ID)
				// Every line of text fits in its box, with the padding.
				for _, part := range []struct {
					text string
					size float64
				}{{n.Label, labelSize}, {n.Detail, detailSize}, {n.Note, detailSize}} {
					for _, line := range strings.Split(part.text, "\n") {
						if w := plainWidth(line, vg.Length(part.size*l.Scale)); w+2*vg.Length(padX*l.Scale) > n.W+1e-9 {
							t.Errorf("node %s: line %q is %.1f pt wide, box %.1f pt", n.ID, line, w, n.W)
						}
					}
				}
			}
			for _, e := range l.Edges {
				if e.Label != "" {
					inside("label "+e.Label, e.LabelBox)
					boxes, names = append(boxes, e.LabelBox), append(names, "label "+e.Label)
					if w := plainWidth(e.Label, vg.Length(detailSize*l.Scale)); w > e.LabelBox.W {
						t.Errorf("edge label %q is %.1f pt wide, its box %.1f", e.Label, w, e.LabelBox.W)
					}
				}
			}
			for i := range boxes {
				for j := i + 1; j < len(boxes); j++ {
					if boxes[i].Overlaps(boxes[j]) {
						t.Errorf("%s %+v overlaps %s %+v", names[i], boxes[i], names[j], boxes[j])
					}
				}
			}
			layerOf := map[string]int{}
			boxOf := map[string]Box{}
			for _, n := range l.Nodes {
				layerOf[n.ID], boxOf[n.ID] = n.Layer, n.Box
			}
			for _, e := range l.Edges {
				if layerOf[e.From] >= layerOf[e.To] {
					t.Errorf("edge %s → %s goes from layer %d to layer %d", e.From, e.To, layerOf[e.From], layerOf[e.To])
				}
				// Arrows start and end on the boxes' borders (parallel
				// edges are spread by a few points along it).
				if !onBorder(boxOf[e.From], e.Points[0]) || !onBorder(boxOf[e.To], e.Points[len(e.Points)-1]) {
					t.Errorf("edge %s → %s: ends %v, %v are not on the borders of %+v, %+v",
						e.From, e.To, e.Points[0], e.Points[len(e.Points)-1], boxOf[e.From], boxOf[e.To])
				}
			}
		})
	}
}

func onBorder(b Box, p vg.Point) bool {
	const tol = 1e-6
	inX := p.X >= b.X-tol && p.X <= b.X+b.W+tol
	inY := p.Y >= b.Y-tol && p.Y <= b.Y+b.H+tol
	onX := math.Abs(float64(p.X-b.X)) < tol || math.Abs(float64(p.X-b.X-b.W)) < tol
	onY := math.Abs(float64(p.Y-b.Y)) < tol || math.Abs(float64(p.Y-b.Y-b.H)) < tol
	return inX && inY && (onX || onY)
}

// TestPixels renders each graph and checks the image's size and that
// every box is drawn where the layout says: each box's border colour at
// the middle of its top and bottom edges, white just outside.
func TestPixels(t *testing.T) {
	for name, g := range testGraphs() {
		t.Run(name, func(t *testing.T) {
			l := g.Layout()
			data, err := g.Figure(name).PNG()
			if err != nil {
				t.Fatal(err)
			}
			img, err := png.Decode(bytes.NewReader(data))
			if err != nil {
				t.Fatal(err)
			}
			px := func(x vg.Length) int { return int(math.Floor(x.Dots(figure.DPI))) }
			if w, h := img.Bounds().Dx(), img.Bounds().Dy(); w != px(l.Width) && w != px(l.Width)+1 || h != px(l.Height) && h != px(l.Height)+1 {
				t.Fatalf("image is %d×%d px, layout %.1f×%.1f pt = %d×%d px", w, h, l.Width, l.Height, px(l.Width), px(l.Height))
			}
			for _, n := range l.Nodes {
				border := palette[n.Kind][1]
				cx := px(n.X + n.W/2)
				rx := 2
				if n.Kind == Constant {
					rx = 8 // the dashed border may have a gap at the middle
				}
				for _, y := range []vg.Length{n.Y, n.Y + n.H} {
					if !near(img, cx, px(y), rx, border) {
						t.Errorf("node %s: no border colour %v near pixel (%d, %d)", n.ID, border, cx, px(y))
					}
				}
			}
		})
	}
}

// near reports whether a pixel within rx px across and 2 px up or down of
// (x, y) has colour c (to within antialiasing: each channel within 48).
func near(img image.Image, x, y, rx int, c interface{ RGBA() (r, g, b, a uint32) }) bool {
	cr, cg, cb, _ := c.RGBA()
	for dy := -2; dy <= 2; dy++ {
		for dx := -rx; dx <= rx; dx++ {
			r, g, b, _ := img.At(x+dx, y+dy).RGBA()
			d := func(a, b uint32) bool { return math.Abs(float64(a>>8)-float64(b>>8)) <= 48 }
			if d(r, cr) && d(g, cg) && d(b, cb) {
				return true
			}
		}
	}
	return false
}

func TestDeterministic(t *testing.T) {
	for name := range testGraphs() {
		a, err := testGraphs()[name].Figure(name).PNG()
		if err != nil {
			t.Fatal(err)
		}
		b, err := testGraphs()[name].Figure(name).PNG()
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a, b) {
			t.Errorf("%s: two renders of the same graph differ", name)
		}
	}
}

func TestScaleDown(t *testing.T) {
	g := testGraphs()["scaled"]
	l := g.Layout()
	if l.Scale >= 1 || l.Scale < 0.3 {
		t.Fatalf("scale %.3f, want a reduction", l.Scale)
	}
	if math.Abs(float64(l.Width-DefaultMaxWidth)) > 0.5 {
		t.Errorf("scaled width %.2f, want %.0f", l.Width, DefaultMaxWidth)
	}
	g.MaxWidth = 10000
	if wide := g.Layout(); wide.Scale != 1 || math.Abs(float64(wide.Width)*l.Scale-float64(l.Width)) > 0.5 {
		t.Errorf("unscaled width %.1f × scale %.3f should be the scaled width %.1f", wide.Width, l.Scale, l.Width)
	}
}

// TestCrossingsRemoved draws a graph whose insertion order crosses its
// two edges (a → d, b → c with c added first) and checks, geometrically,
// that no two drawn edges cross.
func TestCrossingsRemoved(t *testing.T) {
	g := &Graph{}
	for _, id := range []string{"a", "b", "c", "d"} {
		g.AddNode(id, id, Operation)
	}
	g.AddEdge("a", "d", "")
	g.AddEdge("b", "c", "")
	g.AddEdge("a", "c", "")
	l := g.Layout()
	for i, e := range l.Edges {
		for _, f := range l.Edges[i+1:] {
			if e.From != f.From && e.To != f.To && segmentsCross(e.Points[0], e.Points[1], f.Points[0], f.Points[1]) {
				t.Errorf("edges %s → %s and %s → %s cross", e.From, e.To, f.From, f.To)
			}
		}
	}
}

func segmentsCross(p1, p2, q1, q2 vg.Point) bool {
	cross := func(a, b, c vg.Point) float64 {
		return float64((b.X-a.X)*(c.Y-a.Y)) - float64((b.Y-a.Y)*(c.X-a.X))
	}
	return cross(p1, p2, q1)*cross(p1, p2, q2) < 0 && cross(q1, q2, p1)*cross(q1, q2, p2) < 0
}

// TestCrossingsCount checks the counter on K₂,₂: with both layers in the
// same order the edges a→c, b→d don't cross; the two diagonals a→d, b→c do.
func TestCrossingsCount(t *testing.T) {
	vs := []vnode{{order: 0}, {order: 1}, {order: 0}, {order: 1}}
	link := func(a, b int) { vs[a].succs = append(vs[a].succs, b) }
	link(0, 3)
	link(1, 2)
	layers := [][]int{{0, 1}, {2, 3}}
	if c := crossings(vs, layers); c != 1 {
		t.Errorf("diagonals: %d crossings, want 1", c)
	}
	link(0, 2)
	link(1, 3)
	// a→c and b→d each share an end with both diagonals, so only the
	// diagonals cross: still 1.
	if c := crossings(vs, layers); c != 1 {
		t.Errorf("K2,2: %d crossings, want 1", c)
	}
}

// TestSeparated checks the least-squares placement on hand-worked cases.
func TestSeparated(t *testing.T) {
	for _, tc := range []struct {
		want, gaps, x []float64
	}{
		// Nothing to do: already far enough apart.
		{[]float64{0, 20}, []float64{0, 10}, []float64{0, 20}},
		// Three boxes all wanting 0, 10 apart: spread evenly around 0.
		{[]float64{0, 0, 0}, []float64{0, 10, 10}, []float64{-10, 0, 10}},
		// Two wanting 0 and 5, 10 apart: each gives 2.5.
		{[]float64{0, 5}, []float64{0, 10}, []float64{-2.5, 7.5}},
		// The first pair conflicts, the third box is free.
		{[]float64{0, 0, 100}, []float64{0, 4, 4}, []float64{-2, 2, 100}},
	} {
		got := separated(tc.want, tc.gaps)
		for i := range got {
			if math.Abs(got[i]-tc.x[i]) > 1e-12 {
				t.Errorf("separated(%v, %v) = %v, want %v", tc.want, tc.gaps, got, tc.x)
				break
			}
		}
	}
}

func TestPanics(t *testing.T) {
	expect := func(want string, f func()) {
		t.Helper()
		defer func() {
			r := recover()
			if s, _ := r.(string); !strings.Contains(s, want) {
				t.Errorf("panic %v, want one containing %q", r, want)
			}
		}()
		f()
	}
	g := &Graph{}
	g.AddNode("a", "a", Operation)
	g.AddNode("b", "b", Operation)
	expect(`diagram: AddNode: node id "a" is already used`, func() { g.AddNode("a", "x", Input) })
	expect(`diagram: AddEdge: edge "a" → "z": no node with id "z"`, func() { g.AddEdge("a", "z", "") })
	expect(`diagram: AddEdge: edge "a" → "a" is a loop`, func() { g.AddEdge("a", "a", "") })
	g.AddEdge("a", "b", "")
	g.AddEdge("b", "a", "")
	expect(`diagram: Layout: the edges form a cycle through nodes "a", "b"`, func() { g.Layout() })
	leaf := &TreeNode{Label: "x"}
	expect(`diagram: Tree: node "x" is reached twice`, func() { Tree(&TreeNode{Label: "xx", Children: []*TreeNode{leaf, leaf}}, TreeOptions{}) })
	expect("diagram: FromValue: root is nil", func() { FromValue(nil, ValueOptions{}) })
}

// TestGlyphs checks that Liberation Sans has a glyph for every character
// the pre-made diagrams use, so none is drawn as an empty box.
func TestGlyphs(t *testing.T) {
	f := face(labelSize, false)
	var buf sfnt.Buffer
	for name, g := range testGraphs() {
		for _, n := range g.Nodes() {
			for _, r := range plainText(n.Label + n.Detail + n.Note) {
				if r == '\n' {
					continue
				}
				if i, err := f.Face.GlyphIndex(&buf, r); err != nil || i == 0 {
					t.Errorf("%s: node %s: no glyph for %q", name, n.ID, r)
				}
			}
		}
	}
}

func TestParseRuns(t *testing.T) {
	got := fmt.Sprint(parseRuns("QK^{T}/√d_{k} a_b x_{"))
	want := "[{QK 0} {T 1} {/√d 0} {k -1} { a_b x_{ 0}]"
	if got != want {
		t.Errorf("parseRuns = %s, want %s", got, want)
	}
}
