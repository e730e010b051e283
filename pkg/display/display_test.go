package display

import (
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
)

func TestMatrixTextIsLabelledAndFixed(t *testing.T) {
	m := mat.NewDense(2, 3, []float64{1, -0.5, 0.126, -0.0001, 10, 2.0 / 3})
	got := Matrix("Q", m, []string{"the", "cat"}, []string{"d0", "d1", "d2"}, 2).Text()
	want := "Q\n" +
		"       d0     d1    d2\n" +
		"the  1.00  -0.50  0.13\n" +
		"cat  0.00  10.00  0.67\n"
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestFixedHasNoNegativeZero(t *testing.T) {
	for x, want := range map[float64]string{-0.0001: "0.00", -0.005: "-0.01", 0.004: "0.00", -1.5: "-1.50"} {
		if got := Fixed(x, 2); got != want {
			t.Errorf("Fixed(%v, 2) = %q, want %q", x, got, want)
		}
	}
}

func TestHTMLEscapesAndLabels(t *testing.T) {
	h := Strings("pairs", []string{"pair", "count"}, [][]string{{"<w>", "5"}}).HTML()
	for _, want := range []string{"<caption", "pairs", "<th", "&lt;w&gt;", "<td", ">5<"} {
		if !strings.Contains(h, want) {
			t.Errorf("HTML %q lacks %q", h, want)
		}
	}
}

func TestLabelCountMismatchPanics(t *testing.T) {
	defer func() {
		msg, _ := recover().(string)
		if !strings.Contains(msg, "display: Matrix: 1 row labels for 2 rows") {
			t.Errorf("panic %q", msg)
		}
	}()
	Matrix("x", mat.NewDense(2, 2, nil), []string{"a"}, nil, 1)
}
