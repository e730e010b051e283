// Package display renders the engine's numbers for people: labelled
// tables in a notebook (HTML, with a plain-text twin) and as text
// elsewhere.
//
// Under GoNB (gonbui.IsNotebook) Show sends the table to the notebook as
// HTML, together with a plain-text version that Jupyter keeps for
// terminals and diffs. In a plain program or test, Show prints the text.
package display

import (
	"fmt"
	"html"
	"io"
	"os"
	"strings"
	"unicode/utf8"

	"github.com/janpfeifer/gonb/gonbui"
	"github.com/janpfeifer/gonb/gonbui/protocol"
	"gonum.org/v1/gonum/mat"
)

// Table is a grid of cells with optional row and column labels.
type Table struct {
	Title     string
	RowLabels []string   // one per row, or nil
	ColLabels []string   // one per column, or nil
	Cells     [][]string // Cells[i][j] is row i, column j
	Numeric   bool       // right-align cells, as numbers read best
	// RightAlign, when not nil, right-aligns column j if RightAlign[j],
	// in place of Numeric (NewTable sets it for columns of numbers).
	RightAlign []bool

	decimals []int // for Row: one for all columns, or one per column
}

// right reports whether column j is right-aligned.
func (t *Table) right(j int) bool {
	if t.RightAlign != nil {
		return j < len(t.RightAlign) && t.RightAlign[j]
	}
	return t.Numeric
}

// Matrix returns a table of m with every entry printed with the given
// number of decimals. rowLabels and colLabels name the rows and columns
// (tokens × dimensions, say); nil means number them from 0.
func Matrix(title string, m mat.Matrix, rowLabels, colLabels []string, decimals int) *Table {
	r, c := m.Dims()
	rowLabels = labelsOr(rowLabels, r, "Matrix", "row")
	colLabels = labelsOr(colLabels, c, "Matrix", "column")
	cells := make([][]string, r)
	for i := range cells {
		cells[i] = make([]string, c)
		for j := range cells[i] {
			cells[i][j] = Fixed(m.At(i, j), decimals)
		}
	}
	return &Table{Title: title, RowLabels: rowLabels, ColLabels: colLabels, Cells: cells, Numeric: true}
}

// Vector returns a one-row table of v, each entry with the given decimals.
func Vector(title string, v []float64, labels []string, decimals int) *Table {
	return Matrix(title, mat.NewDense(1, len(v), append([]float64(nil), v...)), []string{""}, labels, decimals)
}

// Strings returns a table of preformatted cells under a header row.
func Strings(title string, header []string, rows [][]string) *Table {
	for i, row := range rows {
		if len(row) != len(header) {
			panic(fmt.Sprintf("display: Strings: row %d has %d cells, the header has %d", i, len(row), len(header)))
		}
	}
	return &Table{Title: title, ColLabels: header, Cells: rows}
}

// Fixed formats x with the given number of decimals, writing −0.00 as 0.00
// so that rounding does not show a stray sign.
func Fixed(x float64, decimals int) string {
	s := fmt.Sprintf("%.*f", decimals, x)
	if strings.HasPrefix(s, "-") && strings.Trim(s, "-0.") == "" {
		s = s[1:]
	}
	return s
}

// Seq returns the labels prefix0, prefix1, …, prefix(n−1).
func Seq(prefix string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("%s%d", prefix, i)
	}
	return out
}

func labelsOr(labels []string, n int, op, what string) []string {
	if labels == nil {
		return Seq("", n)
	}
	if len(labels) != n {
		panic(fmt.Sprintf("display: %s: %d %s labels for %d %ss", op, len(labels), what, n, what))
	}
	return labels
}

// Text renders the table as aligned plain text with the title on top.
func (t *Table) Text() string {
	hasRowLabels := t.RowLabels != nil
	ncol := len(t.ColLabels)
	if ncol == 0 && len(t.Cells) > 0 {
		ncol = len(t.Cells[0])
	}
	width := make([]int, ncol+1)
	if hasRowLabels {
		for _, l := range t.RowLabels {
			width[0] = max(width[0], utf8.RuneCountInString(l))
		}
	}
	for j := 0; j < ncol; j++ {
		if j < len(t.ColLabels) {
			width[j+1] = utf8.RuneCountInString(t.ColLabels[j])
		}
		for _, row := range t.Cells {
			width[j+1] = max(width[j+1], utf8.RuneCountInString(row[j]))
		}
	}
	var b strings.Builder
	if t.Title != "" {
		b.WriteString(t.Title + "\n")
	}
	line := func(label string, cells []string) {
		var parts []string
		if hasRowLabels {
			parts = append(parts, pad(label, width[0], false))
		}
		for j, c := range cells {
			parts = append(parts, pad(c, width[j+1], t.right(j)))
		}
		b.WriteString(strings.TrimRight(strings.Join(parts, "  "), " ") + "\n")
	}
	if len(t.ColLabels) > 0 {
		line("", t.ColLabels)
	}
	for i, row := range t.Cells {
		label := ""
		if hasRowLabels {
			label = t.RowLabels[i]
		}
		line(label, row)
	}
	return b.String()
}

func pad(s string, w int, right bool) string {
	n := w - utf8.RuneCountInString(s)
	if n <= 0 {
		return s
	}
	if right {
		return strings.Repeat(" ", n) + s
	}
	return s + strings.Repeat(" ", n)
}

// HTML renders the table as an HTML table with a caption.
func (t *Table) HTML() string {
	var b strings.Builder
	align := func(j int) string {
		if t.right(j) {
			return "right"
		}
		return "left"
	}
	b.WriteString(`<table style="border-collapse:collapse;font-family:monospace">`)
	if t.Title != "" {
		fmt.Fprintf(&b, `<caption style="text-align:left;font-weight:bold">%s</caption>`, html.EscapeString(t.Title))
	}
	if len(t.ColLabels) > 0 {
		b.WriteString("<tr>")
		if t.RowLabels != nil {
			b.WriteString("<th></th>")
		}
		for j, l := range t.ColLabels {
			fmt.Fprintf(&b, `<th style="text-align:%s;padding:2px 8px">%s</th>`, align(j), html.EscapeString(l))
		}
		b.WriteString("</tr>")
	}
	for i, row := range t.Cells {
		b.WriteString("<tr>")
		if t.RowLabels != nil {
			fmt.Fprintf(&b, `<th style="text-align:left;padding:2px 8px">%s</th>`, html.EscapeString(t.RowLabels[i]))
		}
		for j, c := range row {
			// pre: a cell may be a token whose spaces are its content.
			fmt.Fprintf(&b, `<td style="text-align:%s;padding:2px 8px;white-space:pre">%s</td>`, align(j), html.EscapeString(c))
		}
		b.WriteString("</tr>")
	}
	b.WriteString("</table>")
	return b.String()
}

// Show displays the table: as HTML (with its text twin) in a notebook,
// as text on stdout elsewhere.
func (t *Table) Show() { HTML(t.HTML(), t.Text()) }

// HTML shows an HTML fragment in a notebook, with plain as its text
// version; outside a notebook it prints plain to stdout.
func HTML(htmlText, plain string) {
	if gonbui.IsNotebook {
		gonbui.SendData(&protocol.DisplayData{Data: map[protocol.MIMEType]any{
			protocol.MIMETextHTML: htmlText,
			"text/plain":          plain,
		}})
		gonbui.Sync() // keep the table in order with the cell's printed text
		return
	}
	writeText(os.Stdout, plain)
}

// Markdown shows Markdown (with LaTeX) in a notebook, and prints it as is
// elsewhere.
func Markdown(md string) {
	if gonbui.IsNotebook {
		gonbui.SendData(&protocol.DisplayData{Data: map[protocol.MIMEType]any{
			protocol.MIMETextMarkdown: md,
			"text/plain":              md,
		}})
		return
	}
	writeText(os.Stdout, md)
}

func writeText(w io.Writer, s string) {
	if !strings.HasSuffix(s, "\n") {
		s += "\n"
	}
	io.WriteString(w, s)
}
