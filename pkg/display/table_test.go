package display

import (
	"math"
	"strings"
	"testing"
)

type token string

func (t token) String() string { return "«" + string(t) + "»" }

func TestNewTableFormatsEachKindByColumn(t *testing.T) {
	got := NewTable("Merges", "pair", "count", "share", "id").Decimals(0, 0, 3, 0).
		Row("1", "t h", 12, 0.25, uint16(256)).
		Row("2", token("th e"), int64(-3), -0.0001, uint8(7)).
		Text()
	// Hand-aligned: text columns pad on the right, numbers on the left;
	// −0.0001 at 3 decimals is 0.000, not −0.000.
	want := "Merges\n" +
		"   pair    count  share   id\n" +
		"1  t h        12  0.250  256\n" +
		"2  «th e»     -3  0.000    7\n"
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestNumbers(t *testing.T) {
	rows := [][]float64{{1, -0.004}, {2.5, math.Copysign(0, -1)}}
	got := Numbers("Loss", []string{"step", "loss"}, []string{"a", "bb"}, rows, 1).Text()
	want := "Loss\n" +
		"    step  loss\n" +
		"a    1.0   0.0\n" +
		"bb   2.5   0.0\n"
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	got = Numbers("", []string{"x"}, nil, [][]float64{{3}, {4}}, 0).Text()
	if got != "   x\n0  3\n1  4\n" {
		t.Errorf("numbered rows: got %q", got)
	}
}

func TestTableHTMLAlignsByColumn(t *testing.T) {
	h := NewTable("T", "word", "n").Row("r", "<a>", 3).HTML()
	for _, want := range []string{
		`<th style="text-align:left;padding:2px 8px">word</th>`,
		`<th style="text-align:right;padding:2px 8px">n</th>`,
		`<td style="text-align:left;padding:2px 8px;white-space:pre">&lt;a&gt;</td>`,
		`<td style="text-align:right;padding:2px 8px;white-space:pre">3</td>`,
	} {
		if !strings.Contains(h, want) {
			t.Errorf("HTML lacks %s:\n%s", want, h)
		}
	}
}

func TestTableBuilderPanicsOnMisuse(t *testing.T) {
	for name, f := range map[string]func(){
		"Row":             func() { NewTable("T", "a", "b").Row("r", 1) },
		"Decimals count":  func() { NewTable("T", "a", "b", "c").Decimals(1, 2) },
		"Decimals late":   func() { NewTable("T", "a").Row("r", 1).Decimals(3) },
		"Numbers labels":  func() { Numbers("T", []string{"a"}, []string{"x"}, [][]float64{{1}, {2}}, 0) },
		"Numbers columns": func() { Numbers("T", []string{"a"}, nil, [][]float64{{1, 2}}, 0) },
	} {
		func() {
			defer func() {
				r, _ := recover().(string)
				if !strings.HasPrefix(r, "display: ") {
					t.Errorf("%s: recovered %q, want a display: panic", name, r)
				}
			}()
			f()
		}()
	}
}
