package display

import (
	"strings"
	"testing"

	"llminternals/pkg/tokenizer"
)

func TestVisible(t *testing.T) {
	for in, want := range map[string]string{
		"a b":           "a b",
		"\n\t\r":        "⏎→␍",
		"x\x00\x7f":     `x\x00\x7F`,
		"caf\xc3":       `caf\xC3`, // the first byte of é alone
		"\xa9 ok":       `\xA9 ok`,
		"é≡…":           "é≡…",
		"":              "",
		"<|endoftext|>": "<|endoftext|>",
	} {
		if got := Visible(in); got != want {
			t.Errorf("Visible(%q) = %q, want %q", in, got, want)
		}
	}
	if got := VisibleSpaces("  x \n"); got != "␣␣x␣⏎" {
		t.Errorf("VisibleSpaces = %q", got)
	}
}

func TestTokensText(t *testing.T) {
	toks := []tokenizer.Token{
		{ID: 9906, Bytes: "Hello"}, {ID: 11, Bytes: ","}, {ID: 1917, Bytes: " world"},
		{ID: 198, Bytes: "\n"}, {ID: 100257, Bytes: "<|endoftext|>", Special: true},
	}
	want := "greeting\n[Hello][,][ world][⏎][<|endoftext|>]\nids: [9906 11 1917 198 100257]\n"
	if got := Tokens("greeting", toks).Text(); got != want {
		t.Errorf("Text:\ngot  %q\nwant %q", got, want)
	}
	if got := Tokens("", nil).Text(); got != "\nids: []\n" {
		t.Errorf("no tokens: %q", got)
	}
}

// TestTokensRealEncoding uses the example of OpenAI's cookbook ("How to
// count tokens with tiktoken"): cl100k_base encodes "tiktoken is great!" as
// [83, 1609, 5963, 374, 2294, 0], that is t|ik|token| is| great|!.
func TestTokensRealEncoding(t *testing.T) {
	enc, err := tokenizer.Load("cl100k_base")
	if err != nil {
		t.Fatal(err)
	}
	toks, err := enc.Tokens("tiktoken is great!", nil)
	if err != nil {
		t.Fatal(err)
	}
	want := "[t][ik][token][ is][ great][!]\nids: [83 1609 5963 374 2294 0]\n"
	if got := Tokens("", toks).Text(); got != want {
		t.Errorf("Text:\ngot  %q\nwant %q", got, want)
	}
}

func TestTokensHTML(t *testing.T) {
	toks := []tokenizer.Token{{ID: 1, Bytes: "a<b"}, {ID: 2, Bytes: "  &"}, {ID: 3, Bytes: "\n"}, {ID: 4, Bytes: "<|x|>", Special: true},
		{ID: 5, Bytes: "e"}, {ID: 6, Bytes: "f"}, {ID: 7, Bytes: "g"}}
	h := Tokens("t<1>", toks).HTML()
	for _, want := range []string{
		"<b>t&lt;1&gt;</b>",
		`<span title="id 1" style="background:#c6e2ff;`,
		`<span style="display:none">[</span>a&lt;b<span style="display:none">]</span>`,
		`>&nbsp;&nbsp;&amp;<`,
		`>⏎<`,
		"<b>&lt;|x|&gt;</b>",
		`<span title="id 7" style="background:#c6e2ff;`, // the colours cycle with period 6
		"ids: [1 2 3 4 5 6 7]",
	} {
		if !strings.Contains(h, want) {
			t.Errorf("HTML lacks %q:\n%s", want, h)
		}
	}
	if n := strings.Count(h, `<span title="id `); n != len(toks) {
		t.Errorf("%d token spans, want %d", n, len(toks))
	}
	if n := strings.Count(h, "<wbr>"); n != len(toks)-1 {
		t.Errorf("%d <wbr>, want %d", n, len(toks)-1)
	}
	// Neighbours never share a colour.
	var prev string
	for _, part := range strings.Split(h, `style="background:`)[1:] {
		c, _, _ := strings.Cut(part, ";")
		if c == prev {
			t.Errorf("two neighbouring tokens share colour %s", c)
		}
		prev = c
	}
	// With every style attribute removed (as GitHub does), the visible
	// text still shows the boundaries: [a<b][  &][⏎]...
	stripped := h
	for {
		i := strings.Index(stripped, ` style="`)
		if i < 0 {
			break
		}
		j := strings.Index(stripped[i+8:], `"`)
		stripped = stripped[:i] + stripped[i+8+j+1:]
	}
	if !strings.Contains(stripped, `<span>[</span>a&lt;b<span>]</span></span><wbr><span title="id 2"><span>[</span>&nbsp;&nbsp;&amp;<span>]</span>`) {
		t.Errorf("unstyled HTML lost its brackets:\n%s", stripped)
	}
}

func ExampleTokens() {
	enc, _ := tokenizer.Load("r50k_base")
	toks, _ := enc.Tokens("Hello world\n", nil)
	// Outside a notebook Show prints the text twin.
	Tokens("GPT-2", toks).Show()
	// Output:
	// GPT-2
	// [Hello][ world][⏎]
	// ids: [15496 995 198]
}
