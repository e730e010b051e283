package check

import (
	"math"
	"strings"
	"testing"
)

func TestGroupPrintsOneLineWhenAllPass(t *testing.T) {
	c, out, errb, codes := recorder()
	c.Group("softmax rows", func(c *Checker) {
		c.Close("row 0 sums to 1", 0.25+0.75, 1, 0)
		c.Equal("vocab", 300, 300)
		c.Slice("ids", []int{1, 2}, []int{1, 2})
		CheckSlice(c, "pieces", []string{"a"}, []string{"a"})
		c.True("order", true, "1 < 2")
	})
	if out.String() != "✓ softmax rows [5 checks]\n" || errb.Len() != 0 || len(*codes) != 0 {
		t.Errorf("out %q, err %q, exits %v", out.String(), errb.String(), *codes)
	}
}

func TestGroupFailureShowsWhatPassedThenTheFailure(t *testing.T) {
	c, out, errb, codes := recorder()
	c.Group("attention", func(c *Checker) {
		c.Close("a", 1, 1, 0)
		c.Close("b", 2, 2, 0)
		c.Close("c", 3, 4, 0.5)
	})
	if out.String() != "✓ a: 1\n✓ b: 2\n" {
		t.Errorf("stdout %q, want the two passing lines and no summary", out.String())
	}
	if !strings.HasPrefix(errb.String(), "✗ c: got 3, want 4") || len(*codes) != 1 || (*codes)[0] != 1 {
		t.Errorf("stderr %q, exits %v", errb.String(), *codes)
	}
}

func TestNestedGroupsCountAllChecksAndReleaseInOrder(t *testing.T) {
	c, out, _, _ := recorder()
	c.Group("outer", func(c *Checker) {
		c.True("x", true, "x")
		c.Group("inner", func(c *Checker) {
			c.True("y", true, "y")
			c.True("z", true, "z")
		})
	})
	if out.String() != "✓ outer [3 checks]\n" {
		t.Errorf("stdout %q", out.String())
	}

	c, out, errb, _ := recorder()
	c.Group("outer", func(c *Checker) {
		c.True("x", true, "x")
		c.Group("inner", func(c *Checker) {
			c.True("y", true, "y")
			c.True("z", false, "z")
		})
	})
	if out.String() != "✓ x: x\n✓ y: y\n" || !strings.HasPrefix(errb.String(), "✗ z:") {
		t.Errorf("stdout %q, stderr %q", out.String(), errb.String())
	}
}

func TestEmptyGroupFails(t *testing.T) {
	c, out, errb, codes := recorder()
	c.Group("nothing", func(c *Checker) {})
	if out.Len() != 0 || !strings.HasPrefix(errb.String(), "✗ nothing: no checks ran") || len(*codes) != 1 {
		t.Errorf("out %q, err %q, exits %v", out.String(), errb.String(), *codes)
	}
}

func TestCheckerEqualAndSliceMethods(t *testing.T) {
	c, _, errb, codes := recorder()
	c.Equal("typed", int64(3), 3)
	if !strings.Contains(errb.String(), "got 3 (int64), want 3 (int)") || len(*codes) != 1 {
		t.Errorf("type mismatch: %q", errb.String())
	}
	errb.Reset()
	c.Equal("nan", math.NaN(), math.NaN())
	c.Slice("ids", []int{1, 2, 3}, []int{1, 5, 3})
	if !strings.Contains(errb.String(), "✗ nan: got NaN, want NaN") || !strings.Contains(errb.String(), "✗ ids: element 1: got 2, want 5") {
		t.Errorf("stderr %q", errb.String())
	}
	defer func() {
		if r := recover(); r == nil || !strings.Contains(r.(string), "check: Slice") {
			t.Errorf("Slice of non-slices: recovered %v", r)
		}
	}()
	c.Slice("bad", 1, 2)
}
