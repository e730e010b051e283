package display

import (
	"fmt"
	"reflect"
)

// NewTable starts a table with the given column headers, to be filled
// with Row. Numbers are right-aligned, text is left-aligned, column by
// column.
//
//	display.NewTable("Merges", "pair", "count", "share").Decimals(0, 0, 3).
//		Row("1", "t h", 12, 0.25).Show()
func NewTable(title string, header ...string) *Table {
	return &Table{Title: title, ColLabels: header, RowLabels: []string{}, RightAlign: make([]bool, len(header)), decimals: []int{2}}
}

// Decimals sets how many decimals floats are printed with: one value for
// every column, or one per column. It must come before the first Row,
// since rows are formatted as they are added.
func (t *Table) Decimals(d ...int) *Table {
	switch {
	case len(t.Cells) > 0:
		panic(fmt.Sprintf("display: Decimals: table %q already has %d rows; set decimals before the first Row", t.Title, len(t.Cells)))
	case len(d) != 1 && len(d) != len(t.ColLabels):
		panic(fmt.Sprintf("display: Decimals: %d values for %d columns; give one, or one per column", len(d), len(t.ColLabels)))
	}
	t.decimals = d
	return t
}

// Row adds a row labelled label with one value per column. Integers print
// as they are, floats with the column's decimals (never as −0), strings
// as they are, and anything else with fmt.Sprint.
func (t *Table) Row(label string, values ...any) *Table {
	if len(values) != len(t.ColLabels) {
		panic(fmt.Sprintf("display: Row: row %q of table %q has %d values, the header has %d columns", label, t.Title, len(values), len(t.ColLabels)))
	}
	if t.RightAlign == nil {
		t.RightAlign = make([]bool, len(values))
	}
	cells := make([]string, len(values))
	for j, v := range values {
		d := t.decimals[0]
		if len(t.decimals) > 1 {
			d = t.decimals[j]
		}
		var isNumber bool
		cells[j], isNumber = formatValue(v, d)
		t.RightAlign[j] = t.RightAlign[j] || isNumber
	}
	t.RowLabels = append(t.RowLabels, label)
	t.Cells = append(t.Cells, cells)
	return t
}

// formatValue prints v for a table cell and says whether it is a number.
func formatValue(v any, decimals int) (string, bool) {
	switch x := v.(type) {
	case string:
		return x, false
	case fmt.Stringer:
		return x.String(), false
	}
	r := reflect.ValueOf(v)
	switch r.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return fmt.Sprint(r.Int()), true
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return fmt.Sprint(r.Uint()), true
	case reflect.Float32, reflect.Float64:
		return Fixed(r.Float(), decimals), true
	}
	return fmt.Sprint(v), false
}

// Numbers returns a table of rows of numbers, each printed with the given
// decimals (never as −0): rows[i] is labelled rowLabels[i] (nil numbers
// them from 0) and has one value per header column.
func Numbers(title string, header, rowLabels []string, rows [][]float64, decimals int) *Table {
	rowLabels = labelsOr(rowLabels, len(rows), "Numbers", "row")
	t := NewTable(title, header...).Decimals(decimals)
	for i, row := range rows {
		values := make([]any, len(row))
		for j, x := range row {
			values[j] = x
		}
		t.Row(rowLabels[i], values...)
	}
	return t
}
