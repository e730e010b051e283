package display

import (
	"fmt"
	"html"
	"strings"
	"unicode/utf8"

	"llminternals/pkg/tokenizer"
)

// TokenSpans is a text cut into tokens, shown so that the boundaries are
// visible: in a notebook each token is a span with its own background
// colour and its id as a tooltip; as text each token is in brackets,
// [Hello][,][ world], followed by the ids.
type TokenSpans struct {
	Title  string
	Tokens []tokenizer.Token
}

// Tokens returns the token spans of toks (from Encoding.Tokens) under a
// title; call Show to display them.
func Tokens(title string, toks []tokenizer.Token) *TokenSpans {
	return &TokenSpans{Title: title, Tokens: toks}
}

// tokenColours cycle from token to token; neighbours always differ.
var tokenColours = []string{"#c6e2ff", "#ffd8a8", "#c3f0c8", "#ffc9de", "#e0d4fa", "#fff3a3"}

// Visible makes token bytes printable on one line: a newline shows as ⏎, a
// tab as →, a carriage return as ␍, other control bytes and bytes that are
// not valid UTF-8 (a token can hold part of a character) as \xNN. Spaces
// are kept; see VisibleSpaces.
func Visible(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == '\n':
			b.WriteString("⏎")
		case r == '\t':
			b.WriteString("→")
		case r == '\r':
			b.WriteString("␍")
		case r == utf8.RuneError && n == 1, r < 0x20, r == 0x7f:
			fmt.Fprintf(&b, `\x%02X`, s[i])
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

// VisibleSpaces is Visible with every space shown as ␣, for places where a
// leading, trailing or doubled space would otherwise be lost (table cells).
func VisibleSpaces(s string) string { return strings.ReplaceAll(Visible(s), " ", "␣") }

// ids returns the token ids formatted like a Go []int: [9906 11 1917].
func (t *TokenSpans) ids() string {
	ids := make([]int, len(t.Tokens))
	for i, tok := range t.Tokens {
		ids[i] = tok.ID
	}
	return fmt.Sprint(ids)
}

// Text renders the spans as plain text: the title, the tokens each in
// brackets (Visible bytes), and "ids: [...]".
func (t *TokenSpans) Text() string {
	var b strings.Builder
	if t.Title != "" {
		b.WriteString(t.Title + "\n")
	}
	for _, tok := range t.Tokens {
		b.WriteString("[" + Visible(tok.Bytes) + "]")
	}
	b.WriteString("\nids: " + t.ids() + "\n")
	return b.String()
}

// HTML renders the spans as HTML: one coloured span per token, titled with
// its id, special tokens in bold. Viewers that strip style attributes
// (GitHub's notebook view) lose the colours, so every token also carries
// brackets that the style hides; without it they show, and the text reads
// as in Text. Spaces are written as no-break spaces so that runs of them
// survive without white-space:pre; <wbr> lets long lines wrap between
// tokens.
func (t *TokenSpans) HTML() string {
	const hidden = `<span style="display:none">%s</span>`
	var b strings.Builder
	b.WriteString(`<div style="font-family:monospace;font-size:14px;line-height:2.2;margin:4px 0">`)
	if t.Title != "" {
		fmt.Fprintf(&b, "<b>%s</b><br>", html.EscapeString(t.Title))
	}
	for i, tok := range t.Tokens {
		if i > 0 {
			b.WriteString("<wbr>")
		}
		v := strings.ReplaceAll(html.EscapeString(Visible(tok.Bytes)), " ", "&nbsp;")
		if tok.Special {
			v = "<b>" + v + "</b>"
		}
		fmt.Fprintf(&b, `<span title="id %d" style="background:%s;color:#000;padding:2px 0;border-radius:3px">`+hidden+`%s`+hidden+`</span>`,
			tok.ID, tokenColours[i%len(tokenColours)], "[", v, "]")
	}
	fmt.Fprintf(&b, `<br><span style="color:#555">ids: %s</span></div>`, t.ids())
	return b.String()
}

// Show displays the spans: as HTML (with Text as its plain-text
// alternative) in a notebook, as Text on stdout elsewhere.
func (t *TokenSpans) Show() { HTML(t.HTML(), t.Text()) }
