package diagram

import (
	"fmt"
	"strings"

	"gonum.org/v1/plot/vg"

	"llminternals/pkg/internal/panics"
)

// Direction is the way edges point in a layered drawing.
type Direction int

const (
	// TopToBottom puts layer 0 at the top (the zero Direction).
	TopToBottom Direction = iota
	// BottomToTop puts layer 0 at the bottom: a tree with its leaves on
	// the bottom row and its root on top.
	BottomToTop
	// LeftToRight puts layer 0 on the left: a pipeline.
	LeftToRight
)

// DefaultMaxWidth is the widest a drawing is shown (in points, at 1×: 640
// pt is 853 screen pixels, the width of JupyterLab's text column). A wider
// layout is scaled down to fit, text included.
const DefaultMaxWidth vg.Length = 640

// Node is one box. Label, Detail and Note may hold several lines
// separated by "\n" and the markup "_{…}" / "^{…}" for sub- and
// superscripts.
type Node struct {
	ID     string // unique key used by AddEdge
	Label  string // the main text, 11 pt
	Detail string // a smaller grey line under the label: a shape "3×4", a value
	Note   string // a small coloured line at the bottom, e.g. "chapter 03"
	Kind   Kind   // sets the colours
}

// Edge is a directed arrow From → To (node IDs) with an optional label.
type Edge struct {
	From, To, Label string
}

// Graph is a set of boxes joined by arrows, laid out in layers. The zero
// Graph is empty and ready to use.
type Graph struct {
	Title     string    // drawn above the diagram; optional
	Direction Direction // TopToBottom unless set
	// MaxWidth bounds the drawing's width; 0 means DefaultMaxWidth.
	MaxWidth vg.Length
	// Compact moves every source node (one without incoming edges) to
	// the layer just before its nearest consumer instead of layer 0, so
	// that a weight used late in a computation sits beside its use.
	Compact bool

	nodes []*Node
	index map[string]int
	edges []Edge
}

// AddNode adds a box and returns it, so that the caller can set Detail or
// Note. It panics if id is already used.
func (g *Graph) AddNode(id, label string, kind Kind) *Node {
	if g.index == nil {
		g.index = map[string]int{}
	}
	if _, dup := g.index[id]; dup {
		panics.Panicf("diagram", "AddNode", "node id %q is already used", id)
	}
	n := &Node{ID: id, Label: label, Kind: kind}
	g.index[id] = len(g.nodes)
	g.nodes = append(g.nodes, n)
	return n
}

// AddEdge adds an arrow from → to, with an optional label drawn at its
// middle. It panics if either node does not exist or if from == to.
func (g *Graph) AddEdge(from, to, label string) {
	for _, id := range []string{from, to} {
		if _, ok := g.index[id]; !ok {
			panics.Panicf("diagram", "AddEdge", "edge %q → %q: no node with id %q (add the node first)", from, to, id)
		}
	}
	if from == to {
		panics.Panicf("diagram", "AddEdge", "edge %q → %q is a loop; a layered drawing has none", from, to)
	}
	g.edges = append(g.edges, Edge{From: from, To: to, Label: label})
}

// Node returns the node with the given id, or nil.
func (g *Graph) Node(id string) *Node {
	i, ok := g.index[id]
	if !ok {
		return nil
	}
	return g.nodes[i]
}

// Nodes returns the nodes in the order they were added.
func (g *Graph) Nodes() []*Node { return append([]*Node(nil), g.nodes...) }

// Edges returns the edges in the order they were added.
func (g *Graph) Edges() []Edge { return append([]Edge(nil), g.edges...) }

// name is a node's text on one line without markup, with its detail in
// parentheses: "Q = XW_Q (3×4)" → "Q = XWQ (3×4)".
func (n *Node) name() string {
	s := plainText(strings.ReplaceAll(n.Label, "\n", " "))
	if n.Detail != "" {
		s += " (" + plainText(strings.ReplaceAll(n.Detail, "\n", ", ")) + ")"
	}
	return s
}

// Text is the graph in plain text, one "a → b" line per edge (with the
// edge's label after a colon), then any node no edge touches: the alt
// text of the image, for screen readers and for viewers that show no
// images. Nodes whose names coincide get their id appended in brackets.
func (g *Graph) Text() string {
	names := make([]string, len(g.nodes))
	seen := map[string]int{}
	for i, n := range g.nodes {
		names[i] = n.name()
		seen[names[i]]++
	}
	for i, n := range g.nodes {
		if seen[names[i]] > 1 {
			names[i] += " [" + n.ID + "]"
		}
	}
	var b strings.Builder
	if g.Title != "" {
		b.WriteString(plainText(g.Title) + "\n")
	}
	touched := make([]bool, len(g.nodes))
	for _, e := range g.edges {
		i, j := g.index[e.From], g.index[e.To]
		touched[i], touched[j] = true, true
		fmt.Fprintf(&b, "%s → %s", names[i], names[j])
		if e.Label != "" {
			fmt.Fprintf(&b, ": %s", plainText(e.Label))
		}
		b.WriteByte('\n')
	}
	for i := range g.nodes {
		if !touched[i] {
			b.WriteString(names[i] + "\n")
		}
	}
	return strings.TrimSuffix(b.String(), "\n")
}
