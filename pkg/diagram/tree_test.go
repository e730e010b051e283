package diagram

import "testing"

// TestTreeRows checks the merge tree of "lowest": the six characters on
// one row in text order, each merged token one row beyond its highest
// part, the root on top (or at the bottom with RootAtBottom).
func TestTreeRows(t *testing.T) {
	for _, down := range []bool{false, true} {
		l := Tree(lowestTree(), TreeOptions{RootAtBottom: down}).Layout()
		byLabel := map[string]PlacedNode{}
		for _, n := range l.Nodes {
			byLabel[n.Label] = n
		}
		// Rows by hand: letters 0; lo, es 1; low, est 2; lowest 3.
		wantLayer := map[string]int{"l": 0, "o": 0, "w": 0, "e": 0, "s": 0, "t": 0, "lo": 1, "es": 1, "low": 2, "est": 2, "lowest": 3}
		for lbl, k := range wantLayer {
			if got := byLabel[lbl].Layer; got != k {
				t.Errorf("RootAtBottom=%v: %q in layer %d, want %d", down, lbl, got, k)
			}
		}
		prev := byLabel["l"]
		for _, c := range []string{"o", "w", "e", "s", "t"} {
			n := byLabel[c]
			if n.Y != prev.Y || n.X <= prev.X {
				t.Errorf("RootAtBottom=%v: leaf %q at (%.1f, %.1f) is not right of %q at (%.1f, %.1f) on the same row", down, c, n.X, n.Y, prev.Label, prev.X, prev.Y)
			}
			prev = n
		}
		root, leaf := byLabel["lowest"], byLabel["l"]
		if (root.Y < leaf.Y) == down {
			t.Errorf("RootAtBottom=%v: root at y %.1f, leaves at y %.1f", down, root.Y, leaf.Y)
		}
	}
}
