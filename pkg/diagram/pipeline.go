package diagram

import (
	"fmt"
)

// Stage is one box of a Pipeline.
type Stage struct {
	Label   string // e.g. "tokens"
	Detail  string // e.g. "[464, 3290, 318]"
	Chapter string // the chapter the stage is taught in, e.g. "01" or "08–11"; "" for none
	Kind    Kind
}

// Pipeline returns a left-to-right chain of boxes, stage i → stage i+1,
// such as text → tokens → model → logits → sampled token. A stage's
// Chapter is shown at the bottom of its box as "chapter 01".
func Pipeline(stages ...Stage) *Graph {
	g := &Graph{Direction: LeftToRight}
	for i, s := range stages {
		n := g.AddNode(fmt.Sprintf("s%d", i), s.Label, s.Kind)
		n.Detail = s.Detail
		if s.Chapter != "" {
			n.Note = "chapter " + s.Chapter
		}
		if i > 0 {
			g.AddEdge(fmt.Sprintf("s%d", i-1), n.ID, "")
		}
	}
	return g
}

// Attention returns the data flow of scaled dot-product attention for n
// tokens of width d, with keys and queries of width dk and values of
// width dv:
//
//	Q = X·W_Q (n×dk), K = X·W_K (n×dk), V = X·W_V (n×dv),
//	S = Q·Kᵀ/√dk (n×n), A = softmax(S) row by row (n×n), out = A·V (n×dv).
//
// Each box shows its shape with the caller's numbers.
func Attention(n, d, dk, dv int) *Graph {
	shape := func(sym string, r, c int) string { return fmt.Sprintf("%s = %d×%d", sym, r, c) }
	g := &Graph{}
	g.AddNode("X", "X (tokens)", Input).Detail = shape("n×d", n, d)
	for _, w := range []struct{ id, sub string }{{"Q", "Q"}, {"K", "K"}, {"V", "V"}} {
		cols, sym := dk, "d×d_{k}"
		if w.id == "V" {
			cols, sym = dv, "d×d_{v}"
		}
		g.AddNode("W"+w.id, "W_{"+w.sub+"}", Parameter).Detail = shape(sym, d, cols)
		osym := "n×d_{k}"
		if w.id == "V" {
			osym = "n×d_{v}"
		}
		g.AddNode(w.id, w.id+" = X·W_{"+w.sub+"}", Operation).Detail = shape(osym, n, cols)
		g.AddEdge("X", w.id, "")
		g.AddEdge("W"+w.id, w.id, "")
	}
	g.AddNode("S", "S = Q·K^{T} / √d_{k}", Operation).Detail = shape("n×n", n, n)
	g.AddEdge("Q", "S", "")
	g.AddEdge("K", "S", "")
	g.AddNode("A", "A = softmax(S)\nrow by row", Operation).Detail = shape("n×n", n, n)
	g.AddEdge("S", "A", "")
	g.AddNode("O", "out = A·V", Output).Detail = shape("n×d_{v}", n, dv)
	g.AddEdge("A", "O", "")
	g.AddEdge("V", "O", "")
	return g
}
