package check

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"reflect"
)

// group is the state of a Checker running inside Group: the passing
// lines it holds back and how many checks they stand for.
type group struct {
	parent *Checker
	lines  bytes.Buffer
	n      int
	failed bool
}

// Group runs fn's checks as one: when all pass it prints the single line
// "✓ title [N checks]"; at the first failure it prints the passing lines
// so far, then the failure, and exits as a failing check does. A group
// in which no check ran fails, since it proved nothing.
//
// The notebook harness counts a "✓ … [N checks]" line as N checks.
func Group(title string, fn func(c *Checker)) { Default.Group(title, fn) }

// Group is the package-level Group on c. Groups nest: an inner group's
// summary is one of its outer group's lines and adds its N to the count.
func (c *Checker) Group(title string, fn func(c *Checker)) {
	g := &group{parent: c}
	fn(&Checker{Err: c.Err, Exit: c.Exit, grp: g})
	if g.failed {
		return // reported, and the Exit given did not exit (a test)
	}
	if g.n == 0 {
		c.fail(title, "no checks ran in this group")
		return
	}
	c.emit(fmt.Sprintf("✓ %s [%d checks]\n", title, g.n), g.n)
}

// Equal checks got == want exactly. Unlike the generic Equal, it also
// fails when got and want have different types (an int64 against an
// untyped constant, say), naming both.
func (c *Checker) Equal(name string, got, want any) {
	tg, tw := reflect.TypeOf(got), reflect.TypeOf(want)
	if tg != tw {
		c.fail(name, "got %v (%v), want %v (%v)", got, tg, want, tw)
		return
	}
	if tg != nil && !tg.Comparable() {
		panic(fmt.Sprintf("check: Equal: %q: %v values cannot be compared with ==; use Slice for slices", name, tg))
	}
	if got != want {
		c.fail(name, "got %v, want %v", got, want)
		return
	}
	c.pass(name, fmt.Sprint(got))
}

// Slice checks two slices of the same type for exact, element-by-element
// equality, as the generic Slice does.
func (c *Checker) Slice(name string, got, want any) {
	g, w := reflect.ValueOf(got), reflect.ValueOf(want)
	if g.Kind() != reflect.Slice || g.Type() != w.Type() || !g.Type().Elem().Comparable() {
		panic(fmt.Sprintf("check: Slice: %q: got is %T and want is %T; both must be slices of one comparable type", name, got, want))
	}
	if g.Len() != w.Len() {
		c.fail(name, "got %d elements, want %d", g.Len(), w.Len())
		return
	}
	for i := range g.Len() {
		if a, b := g.Index(i).Interface(), w.Index(i).Interface(); a != b {
			c.fail(name, "element %d: got %v, want %v", i, a, b)
			return
		}
	}
	c.pass(name, sliceSummary(got, g.Len()))
}

// emit writes the lines that stand for n passing checks: held back in a
// group, printed otherwise.
func (c *Checker) emit(lines string, n int) {
	if c.grp != nil {
		c.grp.lines.WriteString(lines)
		c.grp.n += n
		return
	}
	out := c.Out
	if out == nil {
		out = os.Stdout
	}
	io.WriteString(out, lines)
}

// release prints the lines held back by c's group and every group
// around it, outermost first, before a failure is reported: the reader
// sees what passed. The groups are marked failed, so none prints a
// summary afterwards.
func (c *Checker) release() {
	var chain []*group
	top := c
	for top.grp != nil {
		chain = append(chain, top.grp)
		top = top.grp.parent
	}
	for i := len(chain) - 1; i >= 0; i-- {
		g := chain[i]
		g.failed = true
		top.emit(g.lines.String(), 0)
		g.lines.Reset()
	}
}
