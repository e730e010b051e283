package diagram_test

import (
	"fmt"
	"strings"

	"llminternals/pkg/autograd"
	"llminternals/pkg/diagram"
)

func ExampleGraph() {
	g := &diagram.Graph{Title: "A residual connection"}
	g.AddNode("x", "x", diagram.Input).Detail = "n×d"
	g.AddNode("f", "attention", diagram.Operation)
	g.AddNode("y", "x + attention(x)", diagram.Output)
	g.AddEdge("x", "f", "")
	g.AddEdge("f", "y", "")
	g.AddEdge("x", "y", "skip")
	// In a notebook: g.Figure("residual").Show()
	fmt.Println(g.Text())
	for _, n := range g.Layout().Nodes {
		fmt.Println(n.ID, "layer", n.Layer)
	}
	// Output:
	// A residual connection
	// x (n×d) → attention
	// attention → x + attention(x)
	// x (n×d) → x + attention(x): skip
	// x layer 0
	// f layer 1
	// y layer 2
}

// ExampleTree builds the merge tree of the word "lower" from a hand-made
// list of merges, applied in rank order as BPE encoding does.
func ExampleTree() {
	merges := [][2]string{{"l", "o"}, {"e", "r"}, {"lo", "w"}, {"low", "er"}}
	var parts []*diagram.TreeNode
	for _, c := range "lower" {
		parts = append(parts, &diagram.TreeNode{Label: string(c), Kind: diagram.Input})
	}
	for rank, m := range merges {
		for i := 0; i+1 < len(parts); i++ {
			if parts[i].Label == m[0] && parts[i+1].Label == m[1] {
				t := &diagram.TreeNode{Label: m[0] + m[1], Detail: fmt.Sprint("merge ", rank), Children: parts[i : i+2 : i+2]}
				parts = append(parts[:i:i], append([]*diagram.TreeNode{t}, parts[i+2:]...)...)
			}
		}
	}
	parts[0].Kind = diagram.Output
	g := diagram.Tree(parts[0], diagram.TreeOptions{Title: `BPE merges of "lower"`})
	// Edges are listed as each node is completed, children first.
	fmt.Println(g.Text())
	// Output:
	// BPE merges of "lower"
	// l → lo (merge 0)
	// o → lo (merge 0)
	// lo (merge 0) → low (merge 2)
	// w → low (merge 2)
	// e → er (merge 1)
	// r → er (merge 1)
	// low (merge 2) → lower (merge 3)
	// er (merge 1) → lower (merge 3)
}

func ExamplePipeline() {
	g := diagram.Pipeline(
		diagram.Stage{Label: "text", Kind: diagram.Input},
		diagram.Stage{Label: "tokens", Chapter: "01"},
		diagram.Stage{Label: "model", Chapter: "08"},
		diagram.Stage{Label: "logits", Chapter: "07"},
		diagram.Stage{Label: "next token", Chapter: "12", Kind: diagram.Output},
	)
	fmt.Println(g.Text())
	// Output:
	// text → tokens
	// tokens → model
	// model → logits
	// logits → next token
}

func ExampleAttention() {
	g := diagram.Attention(3, 4, 2, 2)
	for _, line := range strings.Split(g.Text(), "\n") {
		if strings.Contains(line, "→ S") || strings.Contains(line, "→ A") || strings.Contains(line, "→ out") {
			fmt.Println(line)
		}
	}
	// Output:
	// Q = X·WQ (n×dk = 3×2) → S = Q·KT / √dk (n×n = 3×3)
	// K = X·WK (n×dk = 3×2) → S = Q·KT / √dk (n×n = 3×3)
	// S = Q·KT / √dk (n×n = 3×3) → A = softmax(S) row by row (n×n = 3×3)
	// A = softmax(S) row by row (n×n = 3×3) → out = A·V (n×dv = 3×2)
	// V = X·WV (n×dv = 3×2) → out = A·V (n×dv = 3×2)
}

// ExampleFromValue draws y = σ(w·x) for w = 2, x = 0: σ(0) = 0.5 and
// ∂y/∂w = σ'(0)·x = 0, ∂y/∂x = σ'(0)·w = 0.25·2 = 0.5.
func ExampleFromValue() {
	w, x := autograd.Scalar(2), autograd.Scalar(0)
	w.Label, x.Label = "w", "x"
	y := autograd.Sigmoid(autograd.Mul(w, x))
	y.Backward()
	g := diagram.FromValue(y, diagram.ValueOptions{Values: true, Grads: true})
	fmt.Println(g.Text())
	// Output:
	// w (= 2, grad 0) → mul (= 0, grad 0.25)
	// x (= 0, grad 0.5) → mul (= 0, grad 0.25)
	// mul (= 0, grad 0.25) → sigmoid (= 0.5, grad 1)
}
