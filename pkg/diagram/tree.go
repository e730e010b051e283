package diagram

import (
	"fmt"

	"llminternals/pkg/internal/panics"
)

// TreeNode is a node of a tree to draw: a label, an optional detail line,
// and its children from left to right.
type TreeNode struct {
	Label    string
	Detail   string
	Kind     Kind
	Children []*TreeNode
}

// TreeOptions control Tree.
type TreeOptions struct {
	Title string
	// RootAtBottom draws the root on the bottom row and the leaves on top;
	// by default the root is on top.
	RootAtBottom bool
}

// Tree returns the drawing of the tree under root. The arrows point from
// each child to its parent, the way a BPE merge builds a token from its
// two parts; the leaves (bytes or characters) all sit on one row in
// left-to-right order, and a parent sits one row beyond its highest
// child, so a token's row is the depth of its merges. Tree panics if a
// node is reachable twice (the input is not a tree).
func Tree(root *TreeNode, opt TreeOptions) *Graph {
	g := &Graph{Title: opt.Title, Direction: BottomToTop}
	if opt.RootAtBottom {
		g.Direction = TopToBottom
	}
	seen := map[*TreeNode]bool{}
	var walk func(t *TreeNode) string
	walk = func(t *TreeNode) string {
		if seen[t] {
			panics.Panicf("diagram", "Tree", "node %q is reached twice; build a separate TreeNode for each occurrence", t.Label)
		}
		seen[t] = true
		// Children first, so the leaves enter layer 0 in left-to-right order.
		ids := make([]string, len(t.Children))
		for i, c := range t.Children {
			ids[i] = walk(c)
		}
		id := fmt.Sprintf("t%d", len(g.nodes))
		g.AddNode(id, t.Label, t.Kind).Detail = t.Detail
		for _, c := range ids {
			g.AddEdge(c, id, "")
		}
		return id
	}
	if root != nil {
		walk(root)
	}
	return g
}
