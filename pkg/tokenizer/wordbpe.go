package tokenizer

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// EndOfWord is the symbol classic BPE appends to every word, so that a
// merge can tell a word's end from its middle: "est</w>" in "newest" is not
// the "est" of "estimate".
const EndOfWord = "</w>"

// Pair is two adjacent symbols.
type Pair struct{ Left, Right string }

// String formats the pair as "(left, right)".
func (p Pair) String() string { return "(" + p.Left + ", " + p.Right + ")" }

// PairCount is a pair with its frequency: the sum over the words it occurs
// in of (occurrences in the word) × (word count).
type PairCount struct {
	Pair
	Count int
}

// String formats the pair count as "(left, right)=count".
func (pc PairCount) String() string { return fmt.Sprintf("%v=%d", pc.Pair, pc.Count) }

// MergeStep records one step of word-level BPE training: the most frequent
// pairs at that step (at most TraceTop, in the order of the tie-break rule),
// the pair chosen (Top[0]) and the symbol it creates.
type MergeStep struct {
	Step      int // 1-based
	Top       []PairCount
	Chosen    PairCount
	NewSymbol string
}

// TraceTop is how many of the most frequent pairs each MergeStep lists.
const TraceTop = 5

// WordBPE is a classic word-level BPE model: the merges learned by
// TrainWordBPE, in order.
type WordBPE struct {
	Merges []Pair
	rank   map[Pair]int
}

// WordCounts splits text on whitespace and counts each word. It returns an
// error for empty text (no words) or invalid UTF-8.
func WordCounts(text string) (map[string]int, error) {
	if err := checkUTF8("text", text); err != nil {
		return nil, err
	}
	words := map[string]int{}
	for _, w := range strings.Fields(text) {
		words[w]++
	}
	if len(words) == 0 {
		return nil, fmt.Errorf("tokenizer: text has no words (it is empty or only whitespace)")
	}
	return words, nil
}

// Alphabet returns the distinct characters of text in code-point order:
// the vocabulary of a character-level tokenizer trained on it.
func Alphabet(text string) []rune {
	seen := map[rune]bool{}
	for _, r := range text {
		seen[r] = true
	}
	out := make([]rune, 0, len(seen))
	for r := range seen {
		out = append(out, r)
	}
	slices.Sort(out)
	return out
}

// FirstMerges returns the model that knows only the first n merges of m,
// in order: what training had learned after n steps. FirstMerges(0)
// tokenizes every word into WordSymbols.
func (m *WordBPE) FirstMerges(n int) *WordBPE {
	if n < 0 || n > len(m.Merges) {
		panic(fmt.Sprintf("tokenizer: FirstMerges(%d) of a model with %d merges", n, len(m.Merges)))
	}
	return &WordBPE{Merges: slices.Clone(m.Merges[:n])}
}

func checkUTF8(what, s string) error {
	if i := invalidUTF8(s); i >= 0 {
		return fmt.Errorf("tokenizer: %s %q is not valid UTF-8: byte 0x%02x at byte offset %d", what, clip(s), s[i], i)
	}
	return nil
}

// WordSymbols returns the symbols a word starts from in word-level BPE: its
// characters followed by EndOfWord, "play" -> p l a y </w>.
func WordSymbols(word string) []string {
	out := make([]string, 0, utf8.RuneCountInString(word)+1)
	for _, r := range word {
		out = append(out, string(r))
	}
	return append(out, EndOfWord)
}

// TrainWordBPE learns numMerges merges from a word-frequency table (word ->
// count), as in Sennrich et al. (2016): every word starts as its characters
// plus EndOfWord, and each step merges the most frequent adjacent pair
// everywhere. It stops early when no word has two symbols left.
//
// Tie-break: highest count first, then the lexicographically smallest pair,
// comparing Left and then Right as strings (byte order). This makes the
// result independent of map order.
//
// Pair counts are recomputed from scratch at every step: this is the
// textbook algorithm, kept simple so that each step can be checked by hand
// (TrainByteBPE is the efficient version).
func TrainWordBPE(words map[string]int, numMerges int) (*WordBPE, []MergeStep, error) {
	if numMerges < 0 {
		panic(fmt.Sprintf("tokenizer: negative number of merges %d", numMerges))
	}
	if len(words) == 0 {
		return nil, nil, fmt.Errorf("tokenizer: empty word-frequency table")
	}
	type entry struct {
		syms  []string
		count int
	}
	keys := slices.Sorted(func(yield func(string) bool) {
		for w := range words {
			if !yield(w) {
				return
			}
		}
	})
	corpus := make([]entry, 0, len(words))
	for _, w := range keys {
		c := words[w]
		switch {
		case w == "":
			return nil, nil, fmt.Errorf("tokenizer: empty word in the word-frequency table")
		case c <= 0:
			return nil, nil, fmt.Errorf("tokenizer: word %q has count %d; counts must be positive", w, c)
		case strings.IndexFunc(w, unicode.IsSpace) >= 0:
			return nil, nil, fmt.Errorf("tokenizer: word %q contains whitespace", w)
		}
		if err := checkUTF8("word", w); err != nil {
			return nil, nil, err
		}
		corpus = append(corpus, entry{WordSymbols(w), c})
	}

	m := &WordBPE{rank: map[Pair]int{}}
	var trace []MergeStep
	for step := 1; step <= numMerges; step++ {
		counts := map[Pair]int{}
		for _, e := range corpus {
			for k := 0; k+1 < len(e.syms); k++ {
				counts[Pair{e.syms[k], e.syms[k+1]}] += e.count
			}
		}
		if len(counts) == 0 {
			break
		}
		ranked := make([]PairCount, 0, len(counts))
		for p, c := range counts {
			ranked = append(ranked, PairCount{p, c})
		}
		slices.SortFunc(ranked, comparePairCounts)
		best := ranked[0]
		merged := best.Left + best.Right
		for k := range corpus {
			corpus[k].syms = mergeSymbols(corpus[k].syms, best.Pair, merged)
		}
		m.rank[best.Pair] = len(m.Merges)
		m.Merges = append(m.Merges, best.Pair)
		trace = append(trace, MergeStep{
			Step:      step,
			Top:       ranked[:min(TraceTop, len(ranked))],
			Chosen:    best,
			NewSymbol: merged,
		})
	}
	return m, trace, nil
}

// comparePairCounts orders by count descending, then pair ascending.
func comparePairCounts(a, b PairCount) int {
	if c := cmp.Compare(b.Count, a.Count); c != 0 {
		return c
	}
	if c := strings.Compare(a.Left, b.Left); c != 0 {
		return c
	}
	return strings.Compare(a.Right, b.Right)
}

// mergeSymbols replaces, left to right, each non-overlapping occurrence of
// p by the merged symbol.
func mergeSymbols(syms []string, p Pair, merged string) []string {
	out := make([]string, 0, len(syms))
	for k := 0; k < len(syms); k++ {
		if k+1 < len(syms) && syms[k] == p.Left && syms[k+1] == p.Right {
			out = append(out, merged)
			k++
		} else {
			out = append(out, syms[k])
		}
	}
	return out
}

// TokenizeStep records one merge applied while tokenizing a word: the index
// of the merge in Merges (0-based) and the training step that learned it
// (MergeStep.Step, 1-based, = Merge+1), the pair, and the word's symbols
// after merging it.
type TokenizeStep struct {
	Merge   int
	Step    int
	Pair    Pair
	Symbols []string
}

// Tokenize splits word into symbols: its characters plus EndOfWord, then
// every learned merge that applies, in the order the merges were learned.
// The trace lists the merges that fired. A character never seen in
// training simply stays a symbol of its own.
func (m *WordBPE) Tokenize(word string) ([]string, []TokenizeStep, error) {
	if word == "" {
		return nil, nil, fmt.Errorf("tokenizer: empty word")
	}
	if strings.IndexFunc(word, unicode.IsSpace) >= 0 {
		return nil, nil, fmt.Errorf("tokenizer: word %q contains whitespace; tokenize one word at a time", word)
	}
	if err := checkUTF8("word", word); err != nil {
		return nil, nil, err
	}
	rank := m.rank
	if len(rank) != len(m.Merges) { // a WordBPE built by hand rather than trained
		rank = make(map[Pair]int, len(m.Merges))
		for k, p := range m.Merges {
			if _, dup := rank[p]; !dup {
				rank[p] = k
			}
		}
	}
	syms := WordSymbols(word)
	var trace []TokenizeStep
	for {
		// The earliest-learned merge present fires next. This equals applying
		// all merges in order, skipping absent ones: a merge only creates
		// pairs that contain its new symbol, and only merges learned after
		// it can contain that symbol.
		best := -1
		for k := 0; k+1 < len(syms); k++ {
			if r, ok := rank[Pair{syms[k], syms[k+1]}]; ok && (best < 0 || r < best) {
				best = r
			}
		}
		if best < 0 {
			return syms, trace, nil
		}
		p := m.Merges[best]
		syms = mergeSymbols(syms, p, p.Left+p.Right)
		trace = append(trace, TokenizeStep{Merge: best, Step: best + 1, Pair: p, Symbols: slices.Clone(syms)})
	}
}
