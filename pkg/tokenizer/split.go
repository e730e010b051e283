package tokenizer

import (
	"unicode"
	"unicode/utf8"
)

// The scanners below replay, branch by branch, what a backtracking regex
// engine does with the patterns in pattern.go: at each offset the first
// alternative that matches wins, loops are greedy and give back one
// character at a time. Writing them by hand is needed for `\s+(?!\S)`
// (RE2 has no lookahead) and is several times faster than a regex engine.
//
// Character classes are those of Go's unicode package, as in tiktoken-go:
// \p{L} is unicode.L, \p{N} is unicode.N and \s is unicode.IsSpace.

// Class bits of one character.
const (
	cL   uint8 = 1 << iota // \p{L}
	cN                     // \p{N}
	cS                     // \s
	cNL                    // \r or \n
	cU                     // [\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}] (o200k)
	cW                     // [\p{Ll}\p{Lm}\p{Lo}\p{M}] (o200k)
	cBad                   // end of text, or a byte that is not valid UTF-8
)

var asciiClass [128]uint8

func init() {
	for b := range asciiClass {
		asciiClass[b] = classify(rune(b))
	}
}

func classify(r rune) uint8 {
	var c uint8
	if unicode.IsLetter(r) {
		c |= cL
	}
	if unicode.IsNumber(r) {
		c |= cN
	}
	if unicode.IsSpace(r) {
		c |= cS
	}
	if r == '\r' || r == '\n' {
		c |= cNL
	}
	mark := unicode.IsMark(r)
	lmo := unicode.In(r, unicode.Lm, unicode.Lo)
	if mark || lmo || unicode.In(r, unicode.Lu, unicode.Lt) {
		c |= cU
	}
	if mark || lmo || unicode.Is(unicode.Ll, r) {
		c |= cW
	}
	return c
}

// at returns the class and byte length of the character at s[i]. Past the
// end it returns cBad and 0; an invalid byte is cBad with length 1, so no
// class contains it and every run stops in front of it, exactly as at the
// end of the text.
func at(s string, i int) (uint8, int) {
	if i >= len(s) {
		return cBad, 0
	}
	if b := s[i]; b < utf8.RuneSelf {
		return asciiClass[b], 1
	}
	r, n := utf8.DecodeRuneInString(s[i:])
	if r == utf8.RuneError && n == 1 {
		return cBad, 1
	}
	return classify(r), n
}

// isOther reports [^\s\p{L}\p{N}]; isLead reports [^\r\n\p{L}\p{N}].
func isOther(c uint8) bool { return c&(cL|cN|cS|cBad) == 0 }
func isLead(c uint8) bool  { return c&(cL|cN|cNL|cBad) == 0 }

// run returns the end of the longest run from i of characters in any class
// of mask, and the number of characters in it (stopping after max).
func run(s string, i int, mask uint8, max int) (end, count int) {
	for count < max {
		c, n := at(s, i)
		if c&cBad != 0 || c&mask == 0 {
			break
		}
		i += n
		count++
	}
	return i, count
}

const unbounded = int(^uint(0) >> 1)

// spaces matches the whitespace branches shared by all patterns, at an
// offset i that holds whitespace:
//
//	\s*[\r\n]+   (only if newlines is true: cl100k, o200k)
//	\s+(?!\S)
//	\s+
//
// The first backtracks \s* to the last newline of the run. The second gives
// back the run's last character when a non-space follows, so that " world"
// keeps its space; a run at the end of the text is kept whole.
func spaces(s string, i int, newlines bool) int {
	end, last, lastNL := i, i, -1
	for {
		c, n := at(s, end)
		if c&cBad != 0 || c&cS == 0 {
			break
		}
		if c&cNL != 0 {
			lastNL = end
		}
		last = end
		end += n
	}
	if newlines && lastNL >= 0 {
		return lastNL + 1 // \r and \n are one byte each
	}
	if c, _ := at(s, end); c&cBad != 0 {
		return end // end of text: (?!\S) holds for the whole run
	}
	if last > i {
		return last
	}
	return end // \s+ with a single character
}

// nextR50k returns the end of the r50k piece at s[i]:
//
//	's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+
func nextR50k(s string, i int) int {
	c, n := at(s, i)
	if c&cBad != 0 {
		return i + n
	}
	if s[i] == '\'' {
		if k := contractionExact(s, i); k > 0 {
			return k
		}
	}
	j, cc := i, c
	if s[i] == ' ' {
		if c2, _ := at(s, i+1); c2&(cL|cN) != 0 || isOther(c2) {
			j, cc = i+1, c2
		}
	}
	switch {
	case cc&cL != 0:
		end, _ := run(s, j, cL, unbounded)
		return end
	case cc&cN != 0:
		end, _ := run(s, j, cN, unbounded)
		return end
	case isOther(cc):
		return otherRun(s, j)
	}
	return spaces(s, i, false)
}

// otherRun returns the end of [^\s\p{L}\p{N}]+ from j.
func otherRun(s string, j int) int {
	for {
		c, n := at(s, j)
		if !isOther(c) {
			return j
		}
		j += n
	}
}

// contractionExact matches 's|'t|'re|'ve|'m|'ll|'d case-sensitively at
// s[i] == '\” and returns the end, or 0.
func contractionExact(s string, i int) int {
	if i+1 >= len(s) {
		return 0
	}
	switch s[i+1] {
	case 's', 't', 'm', 'd':
		return i + 2
	case 'r', 'v':
		if i+2 < len(s) && s[i+2] == 'e' {
			return i + 3
		}
	case 'l':
		if i+2 < len(s) && s[i+2] == 'l' {
			return i + 3
		}
	}
	return 0
}

// contractionFold matches (?i:'s|'t|'re|'ve|'m|'ll|'d) at s[i] and returns
// the end, or 0. Case folding is Unicode simple case folding, as in both
// tiktoken (Rust regex) and tiktoken-go: the only non-ASCII character that
// folds to one of these letters is U+017F LATIN SMALL LETTER LONG S, which
// folds to s.
func contractionFold(s string, i int) int {
	if i >= len(s) || s[i] != '\'' || i+1 >= len(s) {
		return 0
	}
	lower := func(k int) byte {
		if k < len(s) && s[k] >= 'A' && s[k] <= 'Z' {
			return s[k] + 'a' - 'A'
		}
		if k < len(s) {
			return s[k]
		}
		return 0
	}
	switch lower(i + 1) {
	case 's', 't', 'm', 'd':
		return i + 2
	case 'r', 'v':
		if lower(i+2) == 'e' {
			return i + 3
		}
	case 'l':
		if lower(i+2) == 'l' {
			return i + 3
		}
	case 0xC5: // first byte of U+017F (ſ) is 0xC5 0xBF
		if i+2 < len(s) && s[i+2] == 0xBF {
			return i + 3
		}
	}
	return 0
}

// nextCL100k returns the end of the cl100k piece at s[i]:
//
//	(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}|
//	 ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+
func nextCL100k(s string, i int) int {
	c, n := at(s, i)
	if c&cBad != 0 {
		return i + n
	}
	if k := contractionFold(s, i); k > 0 {
		return k
	}
	if isLead(c) {
		if c2, _ := at(s, i+n); c2&cL != 0 {
			end, _ := run(s, i+n, cL, unbounded)
			return end
		}
	}
	if c&cL != 0 {
		end, _ := run(s, i, cL, unbounded)
		return end
	}
	if c&cN != 0 {
		end, _ := run(s, i, cN, 3)
		return end
	}
	if end := otherBranch(s, i, c); end > 0 {
		for end < len(s) && (s[end] == '\r' || s[end] == '\n') {
			end++
		}
		return end
	}
	return spaces(s, i, true)
}

// otherBranch matches ` ?[^\s\p{L}\p{N}]+` at s[i] (class c) and returns the
// end, or 0.
func otherBranch(s string, i int, c uint8) int {
	if isOther(c) {
		return otherRun(s, i)
	}
	if s[i] == ' ' {
		if c2, _ := at(s, i+1); isOther(c2) {
			return otherRun(s, i+1)
		}
	}
	return 0
}

// nextO200k returns the end of the o200k piece at s[i]:
//
//	[^\r\n\p{L}\p{N}]?U*W+C?|[^\r\n\p{L}\p{N}]?U+W*C?|\p{N}{1,3}|
//	 ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+
//
// with U = [\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}], W = [\p{Ll}\p{Lm}\p{Lo}\p{M}]
// and C = (?i:'s|'t|'re|'ve|'m|'ll|'d). Marks (\p{M}) are not letters, so a
// mark can also be the optional leading character.
func nextO200k(s string, i int) int {
	c, n := at(s, i)
	if c&cBad != 0 {
		return i + n
	}
	lead := isLead(c)
	if lead {
		if end := upperLower(s, i+n); end > 0 {
			return end
		}
	}
	if end := upperLower(s, i); end > 0 {
		return end
	}
	if lead {
		if end := upperPlusLower(s, i+n); end > 0 {
			return end
		}
	}
	if end := upperPlusLower(s, i); end > 0 {
		return end
	}
	if c&cN != 0 {
		end, _ := run(s, i, cN, 3)
		return end
	}
	if end := otherBranch(s, i, c); end > 0 {
		for end < len(s) && (s[end] == '\r' || s[end] == '\n' || s[end] == '/') {
			end++
		}
		return end
	}
	return spaces(s, i, true)
}

// upperLower matches U*W+C? at s[j] and returns the end, or 0. U* is
// greedy; when no W follows the U run, the engine backtracks U* to the last
// character of the run that is also in W (U and W share Lm, Lo and M).
func upperLower(s string, j int) int {
	end, lastW := j, -1
	for {
		c, n := at(s, end)
		if c&cBad != 0 || c&cU == 0 {
			break
		}
		if c&cW != 0 {
			lastW = end
		}
		end += n
	}
	if c, _ := at(s, end); c&cBad == 0 && c&cW != 0 {
		end, _ = run(s, end, cW, unbounded)
	} else if lastW >= 0 {
		_, n := at(s, lastW)
		end = lastW + n // the characters after lastW in the run are not in W
	} else {
		return 0
	}
	if k := contractionFold(s, end); k > 0 {
		return k
	}
	return end
}

// upperPlusLower matches U+W*C? at s[j] and returns the end, or 0.
func upperPlusLower(s string, j int) int {
	end, count := run(s, j, cU, unbounded)
	if count == 0 {
		return 0
	}
	end, _ = run(s, end, cW, unbounded)
	if k := contractionFold(s, end); k > 0 {
		return k
	}
	return end
}
