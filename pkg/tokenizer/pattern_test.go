package tokenizer

import (
	"slices"
	"strings"
	"testing"
)

// TestSplitByHand pins splits worked out from the regular expressions in
// pattern.go, branch by branch (the parity tests cover the rest).
func TestSplitByHand(t *testing.T) {
	cases := []struct {
		p    Pattern
		text string
		want []string
	}{
		// \s+(?!\S) gives the last space to the word; at the end of the
		// text the whole run stays together.
		{PatternR50k, "a   b  ", []string{"a", "  ", " b", "  "}},
		// A tab is not the optional " ", so it stands alone.
		{PatternR50k, "\tb", []string{"\t", "b"}},
		// cl100k: one non-letter, non-digit, non-newline may lead a word;
		// " $x" has two, so " $" goes to the punctuation branch.
		{PatternCL100k, "\tb.x $x", []string{"\tb", ".x", " $", "x"}},
		// \s*[\r\n]+ ends at the last newline of the run.
		{PatternCL100k, "x  \n\t\ny", []string{"x", "  \n\t\n", "y"}},
		// Punctuation keeps trailing newlines.
		{PatternCL100k, "};\n\nx", []string{"};\n\n", "x"}},
		// Case-insensitive contractions, U+017F included.
		{PatternCL100k, "I'LL 'ſ", []string{"I", "'LL", " '", "ſ"}},
		// o200k: U*W+ backtracks over a run of capitals to the last lower-case.
		{PatternO200k, "HTTPServer camelCaseWord ALLCAPS1", []string{"HTTPServer", " camel", "Case", "Word", " ALLCAPS", "1"}},
		// A combining mark is not a letter: it can lead a word.
		{PatternO200k, "\u0301ab", []string{"\u0301ab"}},
		// o200k keeps "/" after punctuation.
		{PatternO200k, "a://b", []string{"a", "://", "b"}},
		// Invalid bytes are pieces of their own.
		{PatternCL100k, "ab\xffcd \xfe", []string{"ab", "\xff", "cd", " ", "\xfe"}},
	}
	for _, c := range cases {
		if got := c.p.Split(c.text); !slices.Equal(got, c.want) {
			t.Errorf("%v.Split(%q) = %q, want %q", c.p, c.text, got, c.want)
		}
	}
}

func TestParsePattern(t *testing.T) {
	for _, p := range []Pattern{PatternR50k, PatternCL100k, PatternO200k} {
		for _, name := range []string{p.String(), p.String() + "_base"} {
			if got, err := ParsePattern(name); err != nil || got != p {
				t.Errorf("ParsePattern(%q) = %v, %v", name, got, err)
			}
		}
		if p.Regexp() != patternRegexps[p] {
			t.Errorf("%v.Regexp()", p)
		}
	}
	if _, err := ParsePattern("p50k"); err == nil || !strings.Contains(err.Error(), "p50k") {
		t.Errorf("ParsePattern(p50k): err = %v", err)
	}
	defer func() {
		if r, _ := recover().(string); !strings.HasPrefix(r, "tokenizer: invalid Pattern 0") {
			t.Errorf("recover() = %q", r)
		}
	}()
	Pattern(0).Split("x")
}
