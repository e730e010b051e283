package attention03

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"

	"llminternals/pkg/attention"
	"llminternals/pkg/tensor"
)

// The chapter's example: Q, K, V of "the cat sat", worked out by hand in
// the notebook (Q = X·W_Q and so on).
var (
	q = [][]float64{{2, 0, 1}, {0, 2, 1}, {1, 1, 1}}
	k = [][]float64{{1, 2, 0}, {2, 0, 2}, {1, 1, 1}}
	v = [][]float64{{3, 0, 2}, {0, 4, 1}, {1, 1, 2}}
)

func near(t *testing.T, what string, got, want [][]float64, tol float64) {
	t.Helper()
	if !mat.EqualApprox(tensor.FromRows(got), tensor.FromRows(want), tol) {
		t.Errorf("%s: got %v, want %v", what, got, want)
	}
}

func TestAttentionScores(t *testing.T) {
	// By hand: q_the·k_cat = 2·2 + 0·0 + 1·2 = 6, q_cat·k_the = 4.
	r3 := math.Sqrt(3)
	near(t, "the cat sat", attentionScores(q, k), [][]float64{{2 / r3, 6 / r3, 3 / r3}, {4 / r3, 2 / r3, 3 / r3}, {3 / r3, 4 / r3, 3 / r3}}, 1e-15)
	// Two queries, three keys, d_k = 2: (1·3 + 2·1)/√2 = 5/√2 in the corner.
	q2, k3 := [][]float64{{1, 2}, {0, 1}}, [][]float64{{3, 1}, {1, 1}, {2, 0}}
	got := attentionScores(q2, k3)
	if math.Abs(got[0][0]-5/math.Sqrt2) > 1e-15 {
		t.Errorf("S[0][0] = %v, want 5/√2", got[0][0])
	}
	near(t, "2×3 against the engine", got, tensor.ToRows(attention.Scores(tensor.FromRows(q2), tensor.FromRows(k3))), 1e-15)
}

func TestSoftmaxRows(t *testing.T) {
	e, z := math.E, 1+math.E+math.E*math.E
	near(t, "shifted rows", softmaxRows([][]float64{{0, 1, 2}, {1000, 1001, 1002}, {-1000, -1000, -1000}}),
		[][]float64{{1 / z, e / z, e * e / z}, {1 / z, e / z, e * e / z}, {1.0 / 3, 1.0 / 3, 1.0 / 3}}, 1e-15)
	s := attentionScores(q, k)
	near(t, "the cat sat against tensor.SoftmaxRows", softmaxRows(s), tensor.ToRows(tensor.SoftmaxRows(tensor.FromRows(s))), 1e-15)
}

func TestMixValues(t *testing.T) {
	// By hand: 0.5·[2 0] + 0.25·[0 4] + 0.25·[4 4] = [2 2]; [0 1 0] picks [0 4].
	near(t, "2 queries", mixValues([][]float64{{0.5, 0.25, 0.25}, {0, 1, 0}}, [][]float64{{2, 0}, {0, 4}, {4, 4}}), [][]float64{{2, 2}, {0, 4}}, 0)
	out, w := attention.ScaledDotProductAttention(tensor.FromRows(q), tensor.FromRows(k), tensor.FromRows(v), nil)
	near(t, "the cat sat against the engine", mixValues(tensor.ToRows(w), v), tensor.ToRows(out), 1e-14)
}

func TestMaskFuture(t *testing.T) {
	s := [][]float64{{1, 2, 3}, {4, 5, 6}, {7, 8, 9}}
	got := maskFuture(s)
	inf := math.Inf(-1)
	want := [][]float64{{1, inf, inf}, {4, 5, inf}, {7, 8, 9}}
	for i := range want {
		for j := range want[i] {
			if got[i][j] != want[i][j] {
				t.Errorf("entry (%d, %d) = %v, want %v", i, j, got[i][j], want[i][j])
			}
		}
	}
	if s[0][1] != 2 {
		t.Errorf("maskFuture changed its argument: s[0][1] = %v", s[0][1])
	}
	// Softmax of the masked scores is the engine's causal attention.
	_, w := attention.ScaledDotProductAttention(tensor.FromRows(q), tensor.FromRows(k), tensor.FromRows(v), tensor.NewCausalMask(3))
	near(t, "causal weights", tensor.ToRows(tensor.SoftmaxRows(tensor.FromRows(maskFuture(attentionScores(q, k))))), tensor.ToRows(w), 1e-15)
}
