package tensor

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"
)

var (
	inf  = math.Inf(1)
	ninf = math.Inf(-1)
	nan  = math.NaN()
)

// sameFloats reports whether a and b are equal entry by entry, NaN
// matching NaN and ±0 told apart from nothing else (== semantics).
func sameFloats(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !(a[i] == b[i] || math.IsNaN(a[i]) && math.IsNaN(b[i])) {
			return false
		}
	}
	return true
}

// TestSoftmaxNonFinite pins the policy in the package doc, case by case.
func TestSoftmaxNonFinite(t *testing.T) {
	cases := []struct {
		name string
		x    []float64
		want []float64 // worked out by hand in the comment of each case
	}{
		// NaN poisons the row: every output divides by a sum that holds it.
		{"NaN", []float64{1, nan, 2}, []float64{nan, nan, nan}},
		{"NaN with +Inf", []float64{inf, nan}, []float64{nan, nan}},
		{"NaN with all others masked", []float64{ninf, nan}, []float64{nan, nan}},
		// Fully masked: no key may be seen, so no weight is given.
		{"all −Inf", []float64{ninf, ninf, ninf}, []float64{0, 0, 0}},
		{"empty", []float64{}, []float64{}},
		// One +Inf: exp(x − x_big)/Σ → 1 for it, 0 for the rest as x_big → ∞.
		{"one +Inf", []float64{3, inf, -1}, []float64{0, 1, 0}},
		// Two +Inf growing together: e^t/(2e^t + …) → ½ each.
		{"two +Inf", []float64{inf, 0, inf, ninf}, []float64{0.5, 0, 0.5, 0}},
		// Three +Inf: ⅓ each (1/3 rounded once, as 1/float64(3)).
		{"three +Inf", []float64{inf, inf, inf}, []float64{1.0 / 3, 1.0 / 3, 1.0 / 3}},
		// A masked entry beside one finite entry: e⁰/e⁰ = 1.
		{"one finite", []float64{ninf, 7}, []float64{0, 1}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := Softmax(c.x); !sameFloats(got, c.want) {
				t.Errorf("Softmax(%v) = %v, want %v", c.x, got, c.want)
			}
			if len(c.x) == 0 {
				return
			}
			// SoftmaxRows applies the same rule to a row of a matrix.
			got := Row(SoftmaxRows(FromRows([][]float64{c.x})), 0)
			if !sameFloats(got, c.want) {
				t.Errorf("SoftmaxRows(%v) = %v, want %v", c.x, got, c.want)
			}
		})
	}
}

func TestLogSumExpAndLogSoftmaxNonFinite(t *testing.T) {
	ln2, ln3 := math.Ln2, math.Log(3)
	cases := []struct {
		name    string
		x       []float64
		lse     float64
		logsoft []float64
	}{
		// +Inf dominates the sum: log(∞ + …) = ∞, not Inf − Inf = NaN.
		{"+Inf", []float64{1, inf, 2}, inf, []float64{ninf, 0, ninf}},
		// log softmax of two tied +Inf entries: log ½ = −ln 2.
		{"two +Inf", []float64{inf, inf, 0}, inf, []float64{-ln2, -ln2, ninf}},
		{"three +Inf", []float64{inf, inf, inf}, inf, []float64{-ln3, -ln3, -ln3}},
		// log Σ of nothing is log 0 = −Inf; the log of zero weights is −Inf.
		{"all −Inf", []float64{ninf, ninf}, ninf, []float64{ninf, ninf}},
		{"empty", []float64{}, ninf, []float64{}},
		{"NaN", []float64{0, nan}, nan, []float64{nan, nan}},
		{"NaN among −Inf", []float64{ninf, nan}, nan, []float64{nan, nan}},
		// A masked entry next to a finite one: lse = 5 exactly, since
		// log(e⁰ + 0) = 0; log softmax = [−Inf, 0].
		{"−Inf and finite", []float64{ninf, 5}, 5, []float64{ninf, 0}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := LogSumExp(c.x); !sameFloats([]float64{got}, []float64{c.lse}) {
				t.Errorf("LogSumExp(%v) = %v, want %v", c.x, got, c.lse)
			}
			if got := LogSoftmax(c.x); !sameFloats(got, c.logsoft) {
				t.Errorf("LogSoftmax(%v) = %v, want %v", c.x, got, c.logsoft)
			}
		})
	}
}

// TestFullyMaskedRowGivesZeroWeights: a padding mask that hides every key
// from a query gives that query zero weights, the other rows unchanged.
func TestFullyMaskedRowGivesZeroWeights(t *testing.T) {
	scores := FromRows([][]float64{{1, 1}, {4, 9}})
	mask := FromRows([][]float64{{0, 0}, {ninf, ninf}})
	w := SoftmaxRows(ApplyMask(scores, mask))
	if !mat.Equal(w, FromRows([][]float64{{0.5, 0.5}, {0, 0}})) {
		t.Errorf("weights = %v, want [[½ ½] [0 0]]", mat.Formatted(w))
	}
}

// TestEmptyShapes: the shapes a KV cache passes through before its first
// token. Sizes are checked, and the values: a product over an empty
// inner dimension is a sum of nothing, 0.
func TestEmptyShapes(t *testing.T) {
	q := FromRows([][]float64{{1, 2, 3}})
	kEmpty := New(0, 3)
	if r, c := kEmpty.Dims(); r != 0 || c != 3 {
		t.Fatalf("New(0, 3) is %d×%d", r, c)
	}
	dims := func(name string, m mat.Matrix, r, c int) {
		t.Helper()
		if gr, gc := m.Dims(); gr != r || gc != c {
			t.Errorf("%s is %d×%d, want %d×%d", name, gr, gc, r, c)
		}
	}
	scores := MatMulT(q, kEmpty) // one query, no keys
	dims("q·kᵀ", scores, 1, 0)
	w := SoftmaxRows(scores)
	dims("softmax of a 1×0 row", w, 1, 0)
	out := MatMul(w, New(0, 2)) // Σ over no keys of w·v = 0
	dims("weights·v", out, 1, 2)
	if out.At(0, 0) != 0 || out.At(0, 1) != 0 {
		t.Errorf("output over no keys = %v, want zeros", Row(out, 0))
	}
	dims("Add", Add(kEmpty, New(0, 3)), 0, 3)
	dims("Scale", Scale(2, kEmpty), 0, 3)
	dims("MatMul 0×3·3×2", MatMul(kEmpty, New(3, 2)), 0, 2)
	dims("SoftmaxRows 0×3", SoftmaxRows(kEmpty), 0, 3)
	dims("LogSoftmaxRows 0×3", LogSoftmaxRows(kEmpty), 0, 3)

	// Appending to an empty cache gives the new rows; appending again stacks.
	k1 := FromRows([][]float64{{1, 2, 3}})
	k2 := FromRows([][]float64{{4, 5, 6}, {7, 8, 9}})
	cache := ConcatRows(kEmpty, k1)
	if !mat.Equal(cache, k1) {
		t.Errorf("ConcatRows(0×3, k1) = %v", mat.Formatted(cache))
	}
	cache = ConcatRows(cache, k2, New(0, 3))
	if !mat.Equal(cache, FromRows([][]float64{{1, 2, 3}, {4, 5, 6}, {7, 8, 9}})) {
		t.Errorf("ConcatRows = %v", mat.Formatted(cache))
	}
	dims("ConcatRows of empties", ConcatRows(New(0, 3), New(0, 3)), 0, 3)
}

func TestConcatRowsPanics(t *testing.T) {
	defer expectPanic(t, "tensor: ConcatRows", "0×3", "1×2", "3 columns")
	ConcatRows(New(0, 3), New(1, 2))
}

// TestNaNPropagatesThroughLinearOps: nothing panics on NaN; it lands
// where the arithmetic puts it.
func TestNaNPropagatesThroughLinearOps(t *testing.T) {
	a := FromRows([][]float64{{1, nan}, {3, 4}})
	b := FromRows([][]float64{{1, 0}, {0, 1}})
	// Row 0 of a·I is [1·1 + NaN·0, 1·0 + NaN·1] = [NaN, NaN]; row 1 is finite.
	p := MatMul(a, b)
	if !math.IsNaN(p.At(0, 0)) || !math.IsNaN(p.At(0, 1)) || p.At(1, 0) != 3 || p.At(1, 1) != 4 {
		t.Errorf("MatMul = %v", mat.Formatted(p))
	}
	s := Add(a, b)
	if !math.IsNaN(s.At(0, 1)) || s.At(0, 0) != 2 {
		t.Errorf("Add = %v", mat.Formatted(s))
	}
	m := ApplyMask(a, NewCausalMask(2))
	if !math.IsNaN(m.At(0, 1)) { // NaN + (−Inf) is NaN
		t.Errorf("ApplyMask = %v", mat.Formatted(m))
	}
}
