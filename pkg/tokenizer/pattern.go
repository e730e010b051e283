package tokenizer

import (
	"fmt"
	"strings"
)

// Pattern names one of the pre-tokenization rules that OpenAI's encodings use
// to cut text into pieces before byte-pair merging. Merges never cross a
// piece boundary, which is why " dog" and "dog." share the token " dog".
//
// Each pattern is a regular expression in tiktoken (see Regexp). Go's regexp
// package cannot run them (they use a negative lookahead), so Split
// implements each one as a hand-written scanner with the same backtracking
// semantics.
type Pattern int

const (
	// PatternR50k is the GPT-2 pattern, used by r50k_base:
	// contractions, then runs of letters, digits or other symbols, each
	// optionally led by one space.
	PatternR50k Pattern = iota + 1
	// PatternCL100k is the GPT-3.5/GPT-4 pattern, used by cl100k_base: like
	// GPT-2 but case-insensitive contractions, any non-letter may lead a
	// word, digits come in groups of at most three, and newlines are kept
	// apart from other whitespace.
	PatternCL100k
	// PatternO200k is the GPT-4o pattern, used by o200k_base: words split at
	// case changes (CamelCase), contractions stay glued to their word.
	PatternO200k
)

// patternRegexps holds the regular expressions exactly as tiktoken-go v0.10.0
// spells them; Split is tested against them.
var patternRegexps = map[Pattern]string{
	PatternR50k:   `'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+`,
	PatternCL100k: `(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+`,
	PatternO200k:  `[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?|[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+`,
}

var patternNames = map[Pattern]string{
	PatternR50k:   "r50k",
	PatternCL100k: "cl100k",
	PatternO200k:  "o200k",
}

// String returns the short name of p ("r50k", "cl100k" or "o200k"), the
// name that ParsePattern and saved tokenizer files use.
func (p Pattern) String() string {
	if s, ok := patternNames[p]; ok {
		return s
	}
	return fmt.Sprintf("Pattern(%d)", int(p))
}

// Regexp returns the pattern as the regular expression tiktoken uses, for
// display; Split does not use it.
func (p Pattern) Regexp() string {
	p.mustValid()
	return patternRegexps[p]
}

// ParsePattern returns the Pattern called name ("r50k", "cl100k" or
// "o200k"; a "_base" suffix is accepted too).
func ParsePattern(name string) (Pattern, error) {
	n := strings.TrimSuffix(name, "_base")
	for p, s := range patternNames {
		if s == n {
			return p, nil
		}
	}
	return 0, fmt.Errorf("tokenizer: unknown pattern %q (want r50k, cl100k or o200k)", name)
}

func (p Pattern) mustValid() {
	if _, ok := patternNames[p]; !ok {
		panic(fmt.Sprintf("tokenizer: invalid Pattern %d", int(p)))
	}
}

// Split cuts text into the pieces the pattern matches, in order. The pieces
// concatenate back to text: no byte is dropped. A byte that is not part of
// valid UTF-8 becomes a piece on its own, and the valid text on each side of
// it is split as if the text ended there.
func (p Pattern) Split(text string) []string {
	next := p.scanner()
	var out []string
	for i := 0; i < len(text); {
		j := next(text, i)
		out = append(out, text[i:j])
		i = j
	}
	return out
}

// scanner returns the function that, given a start offset, returns the end
// of the piece starting there.
func (p Pattern) scanner() func(s string, i int) int {
	switch p {
	case PatternR50k:
		return nextR50k
	case PatternCL100k:
		return nextCL100k
	case PatternO200k:
		return nextO200k
	}
	p.mustValid()
	return nil
}
