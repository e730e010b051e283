package tokenizer

import (
	"slices"
	"strings"
	"testing"
)

// sennrich is the corpus of Sennrich et al. (2016), "Neural Machine
// Translation of Rare Words with Subword Units".
var sennrich = map[string]int{"low": 5, "lower": 2, "newest": 6, "widest": 3}

// TestWordBPESennrich pins the first ten merges, worked out by hand with our
// tie-break (highest count, then smallest (left, right) as strings). Words
// start as characters + </w>:
//
//	l o w </w> ×5   l o w e r </w> ×2   n e w e s t </w> ×6   w i d e s t </w> ×3
//
//	 1. counts: e s 9, s t 9, t </w> 9, w e 8, l o 7, o w 7, ...
//	    tie at 9: "e" < "s" < "t", so (e, s) -> es
//	 2. es t 9, t </w> 9: "es" < "t", so (es, t) -> est
//	 3. est </w> 9 -> est</w>
//	 4. l o 7, o w 7: "l" < "o", so (l, o) -> lo
//	 5. lo w 7 -> low
//	 6. n e 6, e w 6, w est</w> 6 (w e is now 2): "e" < "n" < "w", so (e, w) -> ew
//	 7. n ew 6, ew est</w> 6: "ew" < "n", so (ew, est</w>) -> ewest</w>
//	 8. n ewest</w> 6 -> newest</w>
//	 9. low </w> 5 -> low</w>
//	10. w i 3, i d 3, d est</w> 3: "d" < "i" < "w", so (d, est</w>) -> dest</w>
func TestWordBPESennrich(t *testing.T) {
	m, trace, err := TrainWordBPE(sennrich, 10)
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		pair  Pair
		count int
	}{
		{Pair{"e", "s"}, 9}, {Pair{"es", "t"}, 9}, {Pair{"est", "</w>"}, 9},
		{Pair{"l", "o"}, 7}, {Pair{"lo", "w"}, 7}, {Pair{"e", "w"}, 6},
		{Pair{"ew", "est</w>"}, 6}, {Pair{"n", "ewest</w>"}, 6}, {Pair{"low", "</w>"}, 5},
		{Pair{"d", "est</w>"}, 3},
	}
	if len(trace) != len(want) {
		t.Fatalf("%d steps, want %d", len(trace), len(want))
	}
	for k, w := range want {
		s := trace[k]
		if s.Step != k+1 || s.Chosen.Pair != w.pair || s.Chosen.Count != w.count || s.NewSymbol != w.pair.Left+w.pair.Right || m.Merges[k] != w.pair {
			t.Errorf("step %d: chose %v×%d -> %q, want %v×%d", k+1, s.Chosen.Pair, s.Chosen.Count, s.NewSymbol, w.pair, w.count)
		}
	}
	// Step 1's top five, from the hand count above: e s, s t, t </w> (9),
	// w e (8), l o (7; before o w by the tie-break).
	top := trace[0].Top
	wantTop := []PairCount{{Pair{"e", "s"}, 9}, {Pair{"s", "t"}, 9}, {Pair{"t", "</w>"}, 9}, {Pair{"w", "e"}, 8}, {Pair{"l", "o"}, 7}}
	if !slices.Equal(top, wantTop) {
		t.Errorf("step 1 top = %v, want %v", top, wantTop)
	}

	// An unseen word: "lowest" = l o w e s t </w>. Merges 0 (e s), 1 (es t),
	// 2 (est </w>), 3 (l o), 4 (lo w) fire in that order; then low est</w>
	// matches no merge (9 is low </w>).
	syms, steps, err := m.Tokenize("lowest")
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"low", "est</w>"}; !slices.Equal(syms, want) {
		t.Errorf("Tokenize(lowest) = %q, want %q", syms, want)
	}
	var fired []int
	for _, s := range steps {
		fired = append(fired, s.Merge)
		if s.Step != s.Merge+1 || trace[s.Merge].Chosen.Pair != s.Pair {
			t.Errorf("step %+v does not match training step %+v", s, trace[s.Merge])
		}
	}
	if !slices.Equal(fired, []int{0, 1, 2, 3, 4}) {
		t.Errorf("fired merges %v, want [0 1 2 3 4]", fired)
	}
	if got := steps[0].Symbols; !slices.Equal(got, []string{"l", "o", "w", "es", "t", "</w>"}) {
		t.Errorf("after merge 0: %q", got)
	}
	// A character never seen stays alone.
	syms, _, _ = m.Tokenize("zest")
	if want := []string{"z", "est</w>"}; !slices.Equal(syms, want) {
		t.Errorf("Tokenize(zest) = %q, want %q", syms, want)
	}
}

func TestWordBPEStopsEarly(t *testing.T) {
	// "ab" has one pair; after merging it (then with </w>) nothing is left.
	m, trace, err := TrainWordBPE(map[string]int{"ab": 1}, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(trace) != 2 || len(m.Merges) != 2 {
		t.Errorf("got %d steps, want 2", len(trace))
	}
}

func TestWordCounts(t *testing.T) {
	got, err := WordCounts("low low\tlower\n newest ")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 || got["low"] != 2 || got["lower"] != 1 || got["newest"] != 1 {
		t.Errorf("WordCounts = %v", got)
	}
}

func TestWordBPEErrors(t *testing.T) {
	cases := []struct {
		name  string
		words map[string]int
		want  string
	}{
		{"empty table", map[string]int{}, "empty word-frequency table"},
		{"empty word", map[string]int{"": 2}, "empty word"},
		{"zero count", map[string]int{"a": 0}, "count 0"},
		{"space", map[string]int{"a b": 1}, "whitespace"},
		{"invalid utf8", map[string]int{"a\xffb": 1}, "byte offset 1"},
	}
	for _, c := range cases {
		_, _, err := TrainWordBPE(c.words, 3)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: err = %v, want it to mention %q", c.name, err, c.want)
		}
	}
	if _, err := WordCounts(" \n "); err == nil {
		t.Error("WordCounts of whitespace: no error")
	}
	if _, err := WordCounts("ok \xc3"); err == nil || !strings.Contains(err.Error(), "byte offset 3") {
		t.Errorf("WordCounts invalid UTF-8: err = %v", err)
	}
	m, _, _ := TrainWordBPE(sennrich, 2)
	for _, w := range []string{"", "a b", "\xff"} {
		if _, _, err := m.Tokenize(w); err == nil {
			t.Errorf("Tokenize(%q): no error", w)
		}
	}
	defer func() {
		if r := recover(); r == nil || !strings.HasPrefix(r.(string), "tokenizer: ") {
			t.Errorf("negative merges: recover() = %v", r)
		}
	}()
	TrainWordBPE(sennrich, -1)
}
