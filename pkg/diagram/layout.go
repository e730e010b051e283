package diagram

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"gonum.org/v1/plot/vg"

	"llminternals/pkg/internal/panics"
)

// Box is a rectangle of the layout, in points, with the origin at the
// drawing's top-left corner and y growing downwards.
type Box struct {
	X, Y, W, H vg.Length
}

// Center returns the box's centre.
func (b Box) Center() vg.Point { return vg.Point{X: b.X + b.W/2, Y: b.Y + b.H/2} }

// Overlaps reports whether two boxes share interior points.
func (b Box) Overlaps(o Box) bool {
	return b.X < o.X+o.W && o.X < b.X+b.W && b.Y < o.Y+o.H && o.Y < b.Y+b.H
}

// PlacedNode is a node with its layer, its rank within the layer (from
// the left, or from the top in LeftToRight) and its box.
type PlacedNode struct {
	*Node
	Layer, Order int
	Box
}

// PlacedEdge is an edge drawn as a poly-line through Points, from the
// border of the From box to the border of the To box (the arrowhead's
// tip). If the edge has a label, LabelBox is where it is drawn.
type PlacedEdge struct {
	Edge
	Points   []vg.Point
	LabelBox Box
}

// Layout is where every box and arrow of a Graph goes.
type Layout struct {
	Width, Height vg.Length // of the whole drawing, margins included
	// Scale is the factor applied to every length and font size so that
	// Width fits the graph's MaxWidth (1 if it fitted).
	Scale    float64
	Title    string
	TitleBox Box // zero if there is no title
	Nodes    []PlacedNode
	Edges    []PlacedEdge
	Layers   int
	dir      Direction
}

// String lists the layout: its size, then each node with its layer, order
// and box, then each edge with its bend points, all in points.
func (l *Layout) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "layout %.0f×%.0f pt, scale %.2f, %d layers\n", l.Width, l.Height, l.Scale, l.Layers)
	for _, n := range l.Nodes {
		fmt.Fprintf(&b, "node %-8s layer %d order %d at (%.0f, %.0f) size %.0f×%.0f\n",
			n.ID, n.Layer, n.Order, n.X, n.Y, n.W, n.H)
	}
	for _, e := range l.Edges {
		fmt.Fprintf(&b, "edge %s → %s", e.From, e.To)
		for _, p := range e.Points[1 : len(e.Points)-1] {
			fmt.Fprintf(&b, " via (%.0f, %.0f)", p.X, p.Y)
		}
		if e.Label != "" {
			fmt.Fprintf(&b, " label %q", plainText(e.Label))
		}
		b.WriteByte('\n')
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// metrics holds every length at the layout's scale.
type metrics struct {
	s                        float64
	label, detail, note, edg textStyle
	title                    textStyle
}

func newMetrics(s float64) metrics {
	sc := func(x float64) vg.Length { return vg.Length(x * s) }
	return metrics{
		s:      s,
		label:  textStyle{size: sc(labelSize), color: textColor},
		detail: textStyle{size: sc(detailSize), color: detailColor},
		note:   textStyle{size: sc(detailSize), color: noteColor},
		edg:    textStyle{size: sc(detailSize), color: detailColor},
		title:  textStyle{size: sc(titleSize), bold: true, color: textColor},
	}
}

func (m metrics) len(x float64) vg.Length { return vg.Length(x * m.s) }

// textLine is one line of a box, with the style it is drawn in.
type textLine struct {
	st   textStyle
	text string
}

// lines returns the lines of a node's box, top to bottom.
func (m metrics) lines(n *Node) []textLine {
	var out []textLine
	add := func(st textStyle, s string) {
		if s == "" {
			return
		}
		for _, l := range strings.Split(s, "\n") {
			out = append(out, textLine{st, l})
		}
	}
	add(m.label, n.Label)
	add(m.detail, n.Detail)
	add(m.note, n.Note)
	return out
}

// textSize is the width and height of a block of lines, gaps included.
func (m metrics) textSize(lines []textLine) (w, h vg.Length) {
	for i, l := range lines {
		w = max(w, l.st.width(l.text))
		h += l.st.lineHeight()
		if i > 0 {
			h += m.len(lineGap)
		}
	}
	return w, h
}

// nodeSize is the size of a node's box: its text plus padding, at least
// a small square so that one-letter boxes do not look like slivers.
func (m metrics) nodeSize(n *Node) (w, h vg.Length) {
	tw, th := m.textSize(m.lines(n))
	return max(tw+2*m.len(padX), m.len(36)), max(th+2*m.len(padY), m.len(22))
}

// vnode is a node of the layered graph: a real node, an edge label, or a
// dummy bend point of an edge spanning several layers.
type vnode struct {
	real         int // index of the Graph node, or -1
	label        bool
	w, h         vg.Length // box size (0 for a dummy)
	layer, order int
	pos          float64 // centre across the layers
	preds, succs []int
}

// Layout places the graph's nodes and edges. It panics if the graph has a
// cycle (a layered drawing needs edges that all point one way).
func (g *Graph) Layout() *Layout {
	maxW := g.MaxWidth
	if maxW == 0 {
		maxW = DefaultMaxWidth
	}
	l := g.layout(1)
	if l.Width > maxW {
		// Every length is proportional to the scale, so one re-layout fits.
		l = g.layout(float64(maxW / l.Width))
	}
	return l
}

func (g *Graph) layout(s float64) *Layout {
	m := newMetrics(s)
	n := len(g.nodes)
	length := make([]int, len(g.edges))
	for i, e := range g.edges {
		length[i] = 1
		if e.Label != "" {
			length[i] = 2 // room for the label between the two layers
		}
	}
	layer := g.layers(length)

	// The layered graph: real nodes, then for each edge its chain.
	vs := make([]vnode, n)
	for i, nd := range g.nodes {
		w, h := m.nodeSize(nd)
		vs[i] = vnode{real: i, w: w, h: h, layer: layer[i]}
	}
	chains := make([][]int, len(g.edges))
	for ei, e := range g.edges {
		u, v := g.index[e.From], g.index[e.To]
		chain := []int{u}
		labelAt := layer[u] + (layer[v]-layer[u])/2
		for k := layer[u] + 1; k < layer[v]; k++ {
			vn := vnode{real: -1, layer: k}
			if e.Label != "" && k == labelAt {
				vn.label = true
				tw, th := m.edg.width(e.Label), m.edg.lineHeight()
				vn.w, vn.h = tw+2*m.len(3), th+2*m.len(2)
			}
			vs = append(vs, vn)
			chain = append(chain, len(vs)-1)
		}
		chain = append(chain, v)
		for k := 1; k < len(chain); k++ {
			a, b := chain[k-1], chain[k]
			vs[a].succs = append(vs[a].succs, b)
			vs[b].preds = append(vs[b].preds, a)
		}
		chains[ei] = chain
	}
	nl := 0
	for _, v := range vs {
		nl = max(nl, v.layer+1)
	}
	layers := make([][]int, nl)
	for i, v := range vs {
		layers[v.layer] = append(layers[v.layer], i)
	}
	order(vs, layers)
	g.place(vs, layers, m)

	// Sizes across and along the layers depend on the direction.
	across := func(v *vnode) vg.Length {
		if g.Direction == LeftToRight {
			return v.h
		}
		return v.w
	}
	along := func(v *vnode) vg.Length {
		if g.Direction == LeftToRight {
			return v.w
		}
		return v.h
	}
	gap := m.len(28)
	if g.Direction == LeftToRight {
		gap = m.len(30)
	}
	bandStart := make([]vg.Length, nl)
	bandSize := make([]vg.Length, nl)
	var total vg.Length
	for k, ly := range layers {
		for _, i := range ly {
			bandSize[k] = max(bandSize[k], along(&vs[i]))
		}
		if k > 0 {
			total += gap
		}
		bandStart[k] = total
		total += bandSize[k]
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for i := range vs {
		lo = min(lo, vs[i].pos-float64(across(&vs[i]))/2)
		hi = max(hi, vs[i].pos+float64(across(&vs[i]))/2)
	}
	if len(vs) == 0 {
		lo, hi = 0, 0
	}
	spanAcross := vg.Length(hi - lo)

	out := &Layout{Scale: s, Title: g.Title, Layers: nl, dir: g.Direction}
	var gw, gh vg.Length // the graph's extent
	if g.Direction == LeftToRight {
		gw, gh = total, spanAcross
	} else {
		gw, gh = spanAcross, total
	}
	mg := m.len(margin)
	top := mg
	out.Width = gw + 2*mg
	if g.Title != "" {
		tw, th := m.title.width(g.Title), m.title.lineHeight()
		out.Width = max(out.Width, tw+2*mg)
		out.TitleBox = Box{X: (out.Width - tw) / 2, Y: mg, W: tw, H: th}
		top += th + m.len(10)
	}
	out.Height = top + gh + mg
	left := (out.Width - gw) / 2
	center := func(v *vnode) vg.Point {
		a := vg.Length(v.pos - lo) // across, from the graph's edge
		b := bandStart[v.layer] + bandSize[v.layer]/2
		switch g.Direction {
		case LeftToRight:
			return vg.Point{X: left + b, Y: top + a}
		case BottomToTop:
			return vg.Point{X: left + a, Y: top + total - b}
		}
		return vg.Point{X: left + a, Y: top + b}
	}
	boxOf := func(v *vnode) Box {
		c := center(v)
		return Box{X: c.X - v.w/2, Y: c.Y - v.h/2, W: v.w, H: v.h}
	}
	for i, nd := range g.nodes {
		out.Nodes = append(out.Nodes, PlacedNode{Node: nd, Layer: vs[i].layer, Order: vs[i].order, Box: boxOf(&vs[i])})
	}
	for ei, e := range g.edges {
		ch := chains[ei]
		pts := make([]vg.Point, len(ch))
		var lb Box
		for k, i := range ch {
			pts[k] = center(&vs[i])
			if vs[i].label {
				lb = boxOf(&vs[i])
			}
		}
		pts[0] = borderPoint(boxOf(&vs[ch[0]]), pts[1])
		pts[len(pts)-1] = borderPoint(boxOf(&vs[ch[len(ch)-1]]), pts[len(pts)-2])
		out.Edges = append(out.Edges, PlacedEdge{Edge: e, Points: pts, LabelBox: lb})
	}
	spreadParallel(out.Edges, g.Direction, m.len(5))
	return out
}

// spreadParallel moves apart straight edges that join the same two nodes
// (x·x uses x twice), by sep across the layers, so that each arrow shows.
// Longer edges need no help: each has its own chain of bend points.
func spreadParallel(es []PlacedEdge, dir Direction, sep vg.Length) {
	group := map[[2]string][]int{}
	var keys [][2]string
	for i, e := range es {
		if len(e.Points) > 2 {
			continue
		}
		k := [2]string{e.From, e.To}
		if len(group[k]) == 0 {
			keys = append(keys, k)
		}
		group[k] = append(group[k], i)
	}
	for _, k := range keys {
		idx := group[k]
		for j, i := range idx {
			d := vg.Length(float64(j)-float64(len(idx)-1)/2) * sep
			for p := range es[i].Points {
				if dir == LeftToRight {
					es[i].Points[p].Y += d
				} else {
					es[i].Points[p].X += d
				}
			}
		}
	}
}

// borderPoint is where the segment from b's centre towards p leaves b.
func borderPoint(b Box, p vg.Point) vg.Point {
	c := b.Center()
	dx, dy := float64(p.X-c.X), float64(p.Y-c.Y)
	t := math.Inf(1)
	if dx != 0 {
		t = min(t, float64(b.W/2)/math.Abs(dx))
	}
	if dy != 0 {
		t = min(t, float64(b.H/2)/math.Abs(dy))
	}
	if math.IsInf(t, 1) {
		return c
	}
	return vg.Point{X: c.X + vg.Length(float64(t*dx)), Y: c.Y + vg.Length(float64(t*dy))}
}

// layers assigns each node its layer by longest path from the sources,
// an edge of length k spanning k layers. With Compact, each source then
// moves up to just before its nearest consumer.
func (g *Graph) layers(length []int) []int {
	n := len(g.nodes)
	indeg := make([]int, n)
	out := make([][]int, n) // edge indices
	for ei, e := range g.edges {
		indeg[g.index[e.To]]++
		out[g.index[e.From]] = append(out[g.index[e.From]], ei)
	}
	layer := make([]int, n)
	var queue []int
	for i := range n {
		if indeg[i] == 0 {
			queue = append(queue, i)
		}
	}
	done := 0
	for len(queue) > 0 {
		u := queue[0]
		queue = queue[1:]
		done++
		for _, ei := range out[u] {
			v := g.index[g.edges[ei].To]
			layer[v] = max(layer[v], layer[u]+length[ei])
			if indeg[v]--; indeg[v] == 0 {
				queue = append(queue, v)
			}
		}
	}
	if done < n {
		var cyc []string
		for i := range n {
			if indeg[i] > 0 {
				cyc = append(cyc, fmt.Sprintf("%q", g.nodes[i].ID))
			}
		}
		panics.Panicf("diagram", "Layout", "the edges form a cycle through nodes %s; a layered drawing needs a graph without cycles", strings.Join(cyc, ", "))
	}
	if g.Compact {
		hasIn := make([]bool, n)
		for _, e := range g.edges {
			hasIn[g.index[e.To]] = true
		}
		for u := range n {
			if hasIn[u] || len(out[u]) == 0 {
				continue
			}
			best := math.MaxInt
			for _, ei := range out[u] {
				best = min(best, layer[g.index[g.edges[ei].To]]-length[ei])
			}
			layer[u] = best
		}
	}
	return layer
}

// order sets each layer's left-to-right order: layer 0 in insertion
// order, the others by a downward barycenter sweep; then alternating
// barycenter sweeps, keeping the ordering with the fewest crossings.
func order(vs []vnode, layers [][]int) {
	renumber := func() {
		for _, ly := range layers {
			for k, i := range ly {
				vs[i].order = k
			}
		}
	}
	renumber()
	sweep := func(k int, down bool) {
		ly := layers[k]
		key := make(map[int]float64, len(ly))
		for _, i := range ly {
			nb := vs[i].preds
			if !down {
				nb = vs[i].succs
			}
			if len(nb) == 0 {
				key[i] = float64(vs[i].order)
				continue
			}
			var sum float64
			for _, j := range nb {
				sum += float64(vs[j].order)
			}
			key[i] = sum / float64(len(nb))
		}
		slices.SortStableFunc(ly, func(a, b int) int {
			switch {
			case key[a] < key[b]:
				return -1
			case key[a] > key[b]:
				return 1
			}
			return 0
		})
		for o, i := range ly {
			vs[i].order = o
		}
	}
	for k := 1; k < len(layers); k++ {
		sweep(k, true)
	}
	best := cloneLayers(layers)
	bestC := crossings(vs, layers)
	for it := 0; it < 8 && bestC > 0; it++ {
		if it%2 == 0 {
			for k := len(layers) - 2; k >= 0; k-- {
				sweep(k, false)
			}
		} else {
			for k := 1; k < len(layers); k++ {
				sweep(k, true)
			}
		}
		if c := crossings(vs, layers); c < bestC {
			best, bestC = cloneLayers(layers), c
		}
	}
	for k := range layers {
		copy(layers[k], best[k])
	}
	renumber()
}

func cloneLayers(layers [][]int) [][]int {
	out := make([][]int, len(layers))
	for k, ly := range layers {
		out[k] = slices.Clone(ly)
	}
	return out
}

// crossings counts pairs of edge segments between adjacent layers whose
// ends are in opposite orders.
func crossings(vs []vnode, layers [][]int) int {
	c := 0
	for _, ly := range layers {
		var seg [][2]int
		for _, i := range ly {
			for _, j := range vs[i].succs {
				seg = append(seg, [2]int{vs[i].order, vs[j].order})
			}
		}
		for a := range seg {
			for b := a + 1; b < len(seg); b++ {
				if (seg[a][0]-seg[b][0])*(seg[a][1]-seg[b][1]) < 0 {
					c++
				}
			}
		}
	}
	return c
}

// place sets each vnode's position across the layers: packed first, then
// alternately pulled towards the mean of its predecessors and of its
// successors, never closer to a neighbour than their half-sizes plus a
// gap.
func (g *Graph) place(vs []vnode, layers [][]int, m metrics) {
	size := func(i int) float64 {
		if g.Direction == LeftToRight {
			return float64(vs[i].h)
		}
		return float64(vs[i].w)
	}
	sep := func(a, b int) float64 {
		gap := float64(m.len(nodeSep))
		if vs[a].real < 0 && !vs[a].label || vs[b].real < 0 && !vs[b].label {
			gap = float64(m.len(dummySep))
		}
		return (size(a)+size(b))/2 + gap
	}
	for _, ly := range layers {
		x := 0.0
		for k, i := range ly {
			if k > 0 {
				x += sep(ly[k-1], i)
			}
			vs[i].pos = x
		}
	}
	relax := func(k int, down bool) {
		ly := layers[k]
		want := make([]float64, len(ly))
		gaps := make([]float64, len(ly))
		for o, i := range ly {
			nb := vs[i].preds
			if !down {
				nb = vs[i].succs
			}
			want[o] = vs[i].pos
			if len(nb) > 0 {
				var sum float64
				for _, j := range nb {
					sum += vs[j].pos
				}
				want[o] = sum / float64(len(nb))
			}
			if o > 0 {
				gaps[o] = sep(ly[o-1], i)
			}
		}
		for o, x := range separated(want, gaps) {
			vs[ly[o]].pos = x
		}
	}
	for it := 0; it < 6; it++ {
		for k := 1; k < len(layers); k++ {
			relax(k, true)
		}
		for k := len(layers) - 2; k >= 0; k-- {
			relax(k, false)
		}
	}
	for k := 1; k < len(layers); k++ {
		relax(k, true)
	}
}

// separated returns x minimising Σ (x_i − want_i)² subject to
// x_i − x_{i−1} ≥ gaps_i. With S_i = Σ_{k≤i} gaps_k and y_i = x_i − S_i
// the constraints become y nondecreasing: an isotonic regression of
// want_i − S_i, which pool-adjacent-violators solves exactly.
func separated(want, gaps []float64) []float64 {
	n := len(want)
	shift := make([]float64, n)
	for i := 1; i < n; i++ {
		shift[i] = shift[i-1] + gaps[i]
	}
	type block struct {
		sum   float64
		count int
	}
	var blocks []block
	for i := range n {
		blocks = append(blocks, block{want[i] - shift[i], 1})
		for len(blocks) > 1 {
			a, b := blocks[len(blocks)-2], blocks[len(blocks)-1]
			// Pool while the left block's mean exceeds the right one's.
			if a.sum*float64(b.count) <= b.sum*float64(a.count) {
				break
			}
			blocks = append(blocks[:len(blocks)-2], block{a.sum + b.sum, a.count + b.count})
		}
	}
	x := make([]float64, 0, n)
	for _, b := range blocks {
		mean := b.sum / float64(b.count)
		for range b.count {
			x = append(x, mean+shift[len(x)])
		}
	}
	return x
}
