package tokenizer

import (
	"slices"
	"strings"
	"testing"

	"llminternals/pkg/corpus"
)

func TestTokenIDsAndStrings(t *testing.T) {
	toks := []Token{{ID: 5, Bytes: "a"}, {ID: 7, Bytes: " bc"}}
	if got := TokenIDs(toks); !slices.Equal(got, []int{5, 7}) {
		t.Errorf("TokenIDs = %v", got)
	}
	if got := TokenStrings(toks); !slices.Equal(got, []string{"a", " bc"}) {
		t.Errorf("TokenStrings = %q", got)
	}
	if TokenIDs(nil) == nil || len(TokenStrings(nil)) != 0 {
		t.Error("empty input")
	}
	// Segment = TokenStrings of Tokens for ordinary text.
	e, err := Load("cl100k_base")
	if err != nil {
		t.Fatal(err)
	}
	text := "gophers tokenize the spec, 1234567 times.\n"
	all, err := e.Tokens(text, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := e.Segment(text); !slices.Equal(got, TokenStrings(all)) || strings.Join(got, "") != text {
		t.Errorf("Segment = %q", got)
	}
	if _, ok := e.TokenID("<|endoftext|>"); ok {
		t.Error("TokenID finds a special token; it is for ordinary tokens")
	}
}

func TestAlphabet(t *testing.T) {
	if got := string(Alphabet("banana café")); got != " abcfné" { // no plain e: é is U+00E9
		t.Errorf("Alphabet = %q", got)
	}
	if len(Alphabet("")) != 0 {
		t.Error("Alphabet of empty text")
	}
}

// TestFirstMerges replays the classic example of Sennrich et al. (2016):
// low×5, lower×2, newest×6, widest×3 learns e s, es t, est </w>, l o, lo w.
func TestFirstMerges(t *testing.T) {
	m, _, err := TrainWordBPE(map[string]int{"low": 5, "lower": 2, "newest": 6, "widest": 3}, 10)
	if err != nil {
		t.Fatal(err)
	}
	if got := WordSymbols("low"); !slices.Equal(got, []string{"l", "o", "w", EndOfWord}) {
		t.Errorf("WordSymbols = %q", got)
	}
	want := map[int][]string{
		0: {"n", "e", "w", "e", "s", "t", "</w>"},
		1: {"n", "e", "w", "es", "t", "</w>"},
		2: {"n", "e", "w", "est", "</w>"},
		3: {"n", "e", "w", "est</w>"},
	}
	for n, w := range want {
		got, _, err := m.FirstMerges(n).Tokenize("newest")
		if err != nil || !slices.Equal(got, w) {
			t.Errorf("after %d merges newest = %q, %v; want %q", n, got, err, w)
		}
	}
	full, _, _ := m.Tokenize("lowest")
	all, _, _ := m.FirstMerges(len(m.Merges)).Tokenize("lowest")
	if !slices.Equal(full, all) {
		t.Errorf("FirstMerges(all) = %q, the model %q", all, full)
	}
	defer func() {
		if msg, _ := recover().(string); !strings.Contains(msg, "tokenizer: FirstMerges(11) of a model with 10 merges") {
			t.Errorf("panic %q", msg)
		}
	}()
	m.FirstMerges(len(m.Merges) + 1)
}

func TestCompressionCurve(t *testing.T) {
	x, y := CompressionCurve([]CompressionPoint{{VocabSize: 256, BytesPerToken: 1}, {VocabSize: 4096, BytesPerToken: 4.25}})
	if !slices.Equal(x, []float64{8, 12}) || !slices.Equal(y, []float64{1, 4.25}) {
		t.Errorf("CompressionCurve = %v, %v", x, y)
	}
}

// TestTraceMerges: the traced, O(n²) merge equals the fast encoder on every
// piece of the spec, and each step merges the lowest-ranked pair.
func TestTraceMerges(t *testing.T) {
	e, err := Load("cl100k_base")
	if err != nil {
		t.Fatal(err)
	}
	// The chapter's example, worked by hand from the rank table: er (261),
	// ers (388), op (454), oph (5237); g = 70.
	parts, steps := e.TraceMerges("gophers")
	var merged []string
	var ranks []int
	for _, s := range steps[:len(steps)-1] {
		merged = append(merged, s.Merged())
		ranks = append(ranks, s.Ranks[s.Best])
	}
	if !slices.Equal(merged, []string{"er", "ers", "op", "oph"}) || !slices.Equal(ranks, []int{261, 388, 454, 5237}) ||
		!slices.Equal(parts, []string{"g", "oph", "ers"}) || steps[len(steps)-1].Best != -1 || steps[len(steps)-1].Merged() != "" {
		t.Errorf("gophers: merges %q ranks %v parts %q", merged, ranks, parts)
	}
	spec, err := corpus.GoSpec()
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, piece := range e.Pattern().Split(spec[:20000]) {
		if seen[piece] {
			continue
		}
		seen[piece] = true
		parts, steps := e.TraceMerges(piece)
		var ids []int
		for _, p := range parts {
			ids = append(ids, e.ranks[p])
		}
		if want := e.EncodeOrdinary(piece); !slices.Equal(ids, want) {
			t.Fatalf("%q: traced %v, Encode %v", piece, ids, want)
		}
		for _, s := range steps {
			if s.Best < 0 {
				if slices.ContainsFunc(s.Ranks, func(r int) bool { return r >= 0 }) {
					t.Fatalf("%q: stopped with a mergeable pair: %v", piece, s.Ranks)
				}
				continue
			}
			for i, r := range s.Ranks {
				if r >= 0 && (r < s.Ranks[s.Best] || r == s.Ranks[s.Best] && i < s.Best) {
					t.Fatalf("%q: merged rank %d at %d, but %d at %d is lower", piece, s.Ranks[s.Best], s.Best, r, i)
				}
			}
		}
	}
}
