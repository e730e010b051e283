package tokenizer

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

func loadAll(t *testing.T) (r50k, cl100k, o200k *Encoding) {
	t.Helper()
	var encs [3]*Encoding
	for i, n := range []string{"r50k_base", "cl100k_base", "o200k_base"} {
		e, err := Load(n)
		if err != nil {
			t.Fatal(err)
		}
		encs[i] = e
	}
	return encs[0], encs[1], encs[2]
}

// TestGlitchTokens: the ids are those published by Rumbelow and Watkins
// (2023, "SolidGoldMagikarp (plus, prompt generation)"); " SolidGoldMagikarp"
// = 43453 is the famous one.
func TestGlitchTokens(t *testing.T) {
	r50k, cl100k, o200k := loadAll(t)
	published := map[string]int{SolidGoldMagikarp: 43453, " petertodd": 37444, " davidjl": 23282, "StreamerBot": 37574, "PsyNetMessage": 28666}
	if len(published) != len(GlitchTokens) {
		t.Fatalf("%d published ids for %d glitch tokens", len(published), len(GlitchTokens))
	}
	for _, g := range GlitchTokens {
		id, ok := r50k.TokenID(g)
		if !ok || id != published[g] {
			t.Errorf("r50k_base TokenID(%q) = %d, %v; published %d", g, id, ok, published[g])
		}
		if ids := r50k.EncodeOrdinary(g); !slices.Equal(ids, []int{published[g]}) {
			t.Errorf("r50k_base encodes %q as %v, want the single token %d", g, ids, published[g])
		}
	}
	// The next vocabularies were built from other data: SolidGoldMagikarp
	// is no longer a token and is cut into ordinary pieces.
	for _, e := range []*Encoding{cl100k, o200k} {
		if id, ok := e.TokenID(SolidGoldMagikarp); ok {
			t.Errorf("%s has %q as token %d", e.Name(), SolidGoldMagikarp, id)
		}
		seg := e.Segment(SolidGoldMagikarp)
		if len(seg) < 2 || strings.Join(seg, "") != SolidGoldMagikarp || seg[0] != " Solid" {
			t.Errorf("%s cuts %q into %q", e.Name(), SolidGoldMagikarp, seg)
		}
	}
	// " davidjl" stayed a single token in GPT-4's cl100k_base, where it was
	// reported as a glitch token of ChatGPT.
	if seg := cl100k.Segment(" davidjl"); len(seg) != 1 {
		t.Errorf("cl100k_base cuts \" davidjl\" into %q", seg)
	}
}

// TestNumbers: cl100k_base and o200k_base pre-split digits with \p{N}{1,3}
// (no leading space), so a digit run is cut into groups of three from the
// left, and every string of 1-3 digits is one token of their vocabularies.
// r50k_base's pattern ` ?\p{N}+` keeps the whole run (with its space) as one
// piece, and the merges learned from 2019 web text cut it wherever they
// happen to.
func TestNumbers(t *testing.T) {
	r50k, cl100k, o200k := loadAll(t)
	for _, e := range []*Encoding{cl100k, o200k} {
		for n := 1; n <= 999; n++ {
			for _, s := range []string{fmt.Sprint(n), fmt.Sprintf("%02d", n%100), fmt.Sprintf("%03d", n)} {
				if _, ok := e.TokenID(s); !ok {
					t.Errorf("%s: %q is not a token", e.Name(), s)
				}
			}
		}
		digits := "123456789012"
		for n := 1; n <= len(digits); n++ {
			var want []string
			for i := 0; i < n; i += 3 {
				want = append(want, digits[i:min(i+3, n)])
			}
			if got := e.Segment(digits[:n]); !slices.Equal(got, want) {
				t.Errorf("%s: %q -> %q, want %q", e.Name(), digits[:n], got, want)
			}
		}
		// The space before a number is a token of its own.
		if got := e.Segment("In 2026"); !slices.Equal(got, []string{"In", " ", "202", "6"}) {
			t.Errorf("%s: In 2026 -> %q", e.Name(), got)
		}
	}
	if p := PatternR50k.Split(" 1234567"); len(p) != 1 {
		t.Errorf("r50k pre-splits a digit run into %q", p)
	}
	seg := r50k.Segment("1234567")
	if len(seg) < 2 || strings.Join(seg, "") != "1234567" || slices.Equal(seg, []string{"123", "456", "7"}) {
		t.Errorf("r50k_base: 1234567 -> %q; want several tokens not aligned to groups of three", seg)
	}
	// " 1999" was frequent in the 2019 web text, " 2026" was not.
	if _, ok := r50k.TokenID(" 1999"); !ok {
		t.Error(`" 1999" is not an r50k_base token`)
	}
	if _, ok := r50k.TokenID(" 2026"); ok {
		t.Error(`" 2026" is an r50k_base token`)
	}
}

// TestTrailingSpace: words carry their leading space (" hello" is one
// token), so a text ending in a space leaves that space as a token of its
// own, id 220. (The first 256 ids are the single bytes in GPT-2's order:
// the 188 printable bytes "!".."~", "¡".."¬", "®".."ÿ" take ids 0-187, then
// the others in byte order, 0x00..0x20 first, so 0x20 gets 188 + 32 = 220.)
// The well-known ids are
// GPT-2's "hello" = 31373, " hello" = 23748 and cl100k_base's "hello" =
// 15339 (tiktoken's "hello world" = [15339, 1917]).
func TestTrailingSpace(t *testing.T) {
	r50k, cl100k, o200k := loadAll(t)
	if got := r50k.EncodeOrdinary("hello"); !slices.Equal(got, []int{31373}) {
		t.Errorf("r50k hello = %v", got)
	}
	if got := r50k.EncodeOrdinary(" hello"); !slices.Equal(got, []int{23748}) {
		t.Errorf("r50k ' hello' = %v", got)
	}
	if got := cl100k.EncodeOrdinary("hello world"); !slices.Equal(got, []int{15339, 1917}) {
		t.Errorf("cl100k hello world = %v", got)
	}
	for _, e := range []*Encoding{r50k, cl100k, o200k} {
		if sp, ok := e.TokenID(" "); !ok || sp != 220 {
			t.Errorf("%s: the space is token %d, %v", e.Name(), sp, ok)
		}
		if b, ok := e.TokenID("!"); !ok || b != 0 {
			t.Errorf("%s: ! is token %d, %v", e.Name(), b, ok)
		}
		hello, spaced := e.EncodeOrdinary("hello"), e.EncodeOrdinary(" hello")
		if len(hello) != 1 || len(spaced) != 1 || hello[0] == spaced[0] {
			t.Errorf("%s: hello = %v, ' hello' = %v; want two different single tokens", e.Name(), hello, spaced)
		}
		trailing := e.EncodeOrdinary("hello ")
		if !slices.Equal(trailing, append(slices.Clone(hello), 220)) {
			t.Errorf("%s: 'hello ' = %v, want %v + [220]", e.Name(), trailing, hello)
		}
		// A prompt that ends in a space continues with a token the
		// encoding never produces in running text: "world" without its space.
		whole := e.EncodeOrdinary("hello world")
		if !slices.Equal(whole, append(slices.Clone(hello), e.EncodeOrdinary(" world")...)) {
			t.Errorf("%s: hello world = %v", e.Name(), whole)
		}
		if split := append(slices.Clone(trailing), e.EncodeOrdinary("world")...); slices.Equal(split, whole) || len(split) != 3 {
			t.Errorf("%s: 'hello ' + 'world' = %v, 'hello world' = %v", e.Name(), split, whole)
		}
	}
}

// TestLanguageCost: OpenAI's GPT-4o announcement (May 2024) reports that
// o200k_base needs fewer tokens than cl100k_base for every language it
// lists, most for non-Latin scripts (Hindi 2.9x, Arabic 2.0x, Russian and
// Korean 1.7x, Chinese and Japanese 1.4x) and little for English (1.1x);
// and GPT-2's r50k_base, built from English web text, is the most expensive
// for them all and cheapest for English.
func TestLanguageCost(t *testing.T) {
	r50k, cl100k, o200k := loadAll(t)
	nonLatin := map[string]bool{"Russian": true, "Arabic": true, "Hindi": true, "Chinese": true, "Japanese": true, "Korean": true}
	english := r50k.Cost(ParallelSentence[0].Text)
	if ParallelSentence[0].Language != "English" {
		t.Fatal("ParallelSentence must start with English")
	}
	seen := map[string]bool{}
	for _, s := range ParallelSentence {
		if seen[s.Language] {
			t.Errorf("%s twice", s.Language)
		}
		seen[s.Language] = true
		r, c, o := r50k.Cost(s.Text), cl100k.Cost(s.Text), o200k.Cost(s.Text)
		if !(o.Tokens <= c.Tokens && c.Tokens <= r.Tokens) {
			t.Errorf("%s: tokens r50k %d, cl100k %d, o200k %d; want non-increasing", s.Language, r.Tokens, c.Tokens, o.Tokens)
		}
		if nonLatin[s.Language] && !(o.Tokens < c.Tokens && c.Tokens < r.Tokens) {
			t.Errorf("%s: tokens r50k %d, cl100k %d, o200k %d; want strictly decreasing", s.Language, r.Tokens, c.Tokens, o.Tokens)
		}
		if s.Language != "English" && r.TokensPerByte() <= english.TokensPerByte() {
			t.Errorf("r50k_base: %s costs %.3f tokens per byte, English %.3f", s.Language, r.TokensPerByte(), english.TokensPerByte())
		}
		for _, e := range []*Encoding{r50k, cl100k, o200k} {
			c := e.Cost(s.Text)
			if c.Tokens < 1 || c.Tokens > c.Bytes || c.Chars > c.Bytes {
				t.Errorf("%s %s: %+v", e.Name(), s.Language, c)
			}
			if got, err := e.Decode(e.EncodeOrdinary(s.Text)); err != nil || got != s.Text {
				t.Errorf("%s %s: round trip %q, %v", e.Name(), s.Language, got, err)
			}
		}
	}
	// Every Devanagari and CJK character is 3 UTF-8 bytes, and GPT-2's
	// vocabulary has few merges for them: more tokens than characters.
	for _, s := range ParallelSentence {
		if s.Language == "Hindi" || s.Language == "Chinese" {
			if c := r50k.Cost(s.Text); c.TokensPerChar() <= 1 {
				t.Errorf("r50k_base %s: %.2f tokens per character", s.Language, c.TokensPerChar())
			}
		}
	}
	c := Cost{Tokens: 3, Bytes: 12, Chars: 4}
	if c.TokensPerByte() != 0.25 || c.TokensPerChar() != 0.75 || (Cost{}).TokensPerChar() != 0 || (Cost{}).TokensPerByte() != 0 {
		t.Errorf("Cost ratios: %v %v", c.TokensPerByte(), c.TokensPerChar())
	}
}
