package attention

import (
	"math"
	"strings"
	"testing"

	"llminternals/pkg/tensor"
)

// Two queries, two keys, d_k = 4 so √d_k = 2, worked out by hand:
// q₀·k₀ = 2, q₀·k₁ = 0 → scaled [1, 0] → softmax [e/(1+e), 1/(1+e)].
// q₁·k₀ = 0, q₁·k₁ = 0 → scaled [0, 0] → softmax [½, ½].
func TestScaledDotProductAttentionByHand(t *testing.T) {
	q := tensor.FromRows([][]float64{{1, 1, 0, 0}, {0, 0, 1, -1}})
	k := tensor.FromRows([][]float64{{1, 1, 0, 0}, {0, 0, 0, 0}})
	v := tensor.FromRows([][]float64{{10, 0}, {0, 10}})
	out, w := ScaledDotProductAttention(q, k, v, nil)
	e := math.E
	wantW := [][]float64{{e / (1 + e), 1 / (1 + e)}, {0.5, 0.5}}
	wantOut := [][]float64{{10 * e / (1 + e), 10 / (1 + e)}, {5, 5}}
	for i := range wantW {
		for j := range wantW[i] {
			if d := math.Abs(w.At(i, j) - wantW[i][j]); d > 1e-15 {
				t.Errorf("weights[%d][%d] = %v, want %v", i, j, w.At(i, j), wantW[i][j])
			}
			if d := math.Abs(out.At(i, j) - wantOut[i][j]); d > 1e-14 {
				t.Errorf("out[%d][%d] = %v, want %v", i, j, out.At(i, j), wantOut[i][j])
			}
		}
	}
}

// With a causal mask the first query can only attend to itself, so its
// output is exactly the first value row.
func TestCausalAttentionFirstRowIsFirstValue(t *testing.T) {
	q := tensor.FromRows([][]float64{{1, 2}, {3, 4}, {5, 6}})
	v := tensor.FromRows([][]float64{{7, 8}, {9, 10}, {11, 12}})
	out, w := ScaledDotProductAttention(q, q, v, tensor.NewCausalMask(3))
	if out.At(0, 0) != 7 || out.At(0, 1) != 8 {
		t.Errorf("row 0 = [%v %v], want [7 8]", out.At(0, 0), out.At(0, 1))
	}
	if w.At(0, 1) != 0 || w.At(0, 2) != 0 || w.At(1, 2) != 0 {
		t.Error("masked weights are not exactly 0")
	}
}

func TestShapeMismatchPanicsWithOpAndShapes(t *testing.T) {
	cases := []struct {
		name    string
		q, k, v [2]int
		mask    [2]int
		want    []string
	}{
		{"qk width", [2]int{3, 4}, [2]int{3, 3}, [2]int{3, 2}, [2]int{}, []string{"attention: ScaledDotProductAttention", "q is 3×4", "k is 3×3"}},
		{"kv rows", [2]int{3, 4}, [2]int{3, 4}, [2]int{2, 2}, [2]int{}, []string{"attention: ScaledDotProductAttention", "k is 3×4", "v is 2×2"}},
		{"mask", [2]int{3, 4}, [2]int{5, 4}, [2]int{5, 2}, [2]int{3, 3}, []string{"mask is 3×3", "3×5"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			defer func() {
				msg, _ := recover().(string)
				for _, p := range c.want {
					if !strings.Contains(msg, p) {
						t.Errorf("panic %q does not mention %q", msg, p)
					}
				}
			}()
			var mask = tensor.New(0, 0)
			if c.mask[0] > 0 {
				mask = tensor.New(c.mask[0], c.mask[1])
				ScaledDotProductAttention(tensor.New(c.q[0], c.q[1]), tensor.New(c.k[0], c.k[1]), tensor.New(c.v[0], c.v[1]), mask)
				return
			}
			ScaledDotProductAttention(tensor.New(c.q[0], c.q[1]), tensor.New(c.k[0], c.k[1]), tensor.New(c.v[0], c.v[1]), nil)
		})
	}
}
