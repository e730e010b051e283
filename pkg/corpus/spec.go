package corpus

import (
	"fmt"
	"html"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"unicode"
)

var (
	specOnce sync.Once
	specText string
	specErr  error

	rootSpecOnce sync.Once
	rootSpecText string
	rootSpecErr  error
)

// GoSpec returns the Go language specification of the embedded snapshot
// (doc/go_spec.html of SnapshotVersion) as plain text (see SpecText). It is
// the same on every machine, whatever Go is installed. It is decoded once
// and cached.
func GoSpec() (string, error) {
	specOnce.Do(func() {
		b, err := snapshotFile("doc/go_spec.html")
		if err != nil {
			specErr = err
			return
		}
		specText = SpecText(string(b))
	})
	return specText, specErr
}

// GoSpecFromGOROOT returns the specification of the installed Go,
// $GOROOT/doc/go_spec.html, as plain text (see SpecText). Its text, and so
// every number computed from it, changes with the Go release; GoSpec does
// not. It is read once and cached.
func GoSpecFromGOROOT() (string, error) {
	rootSpecOnce.Do(func() {
		root, err := GOROOT()
		if err != nil {
			rootSpecErr = err
			return
		}
		path := filepath.Join(root, "doc", "go_spec.html")
		b, err := os.ReadFile(path)
		if err != nil {
			rootSpecErr = fmt.Errorf("corpus: reading the Go spec: %w; this Go installation lacks doc/go_spec.html, "+
				"as does a Go that GOTOOLCHAIN downloaded (the golang.org/toolchain module ships without doc/): "+
				"install Go from https://go.dev/dl or your package manager, or set GOROOT to such an installation "+
				"(or use GoSpec, the embedded snapshot)", err)
			return
		}
		rootSpecText = SpecText(string(b))
	})
	return rootSpecText, rootSpecErr
}

// blockBreaks gives the number of newlines an HTML element puts around its
// content: 2 for paragraph-like blocks, 1 for lines.
var blockBreaks = map[string]int{
	"p": 2, "pre": 2, "h1": 2, "h2": 2, "h3": 2, "h4": 2, "ul": 2, "ol": 2,
	"table": 2, "blockquote": 2, "div": 2,
	"li": 1, "tr": 1, "br": 1,
}

// SpecText converts the HTML of the Go specification to plain text. Text
// outside <pre> is reflowed: each run of whitespace becomes one space, as a
// browser renders it, because the HTML's line breaks are only source
// layout. <pre> blocks (grammar and code) are kept verbatim. Blocks are
// separated by a blank line, list items and table rows start a new line,
// comments and tags are removed and entities (&lt;, &amp;, ...) unescaped.
func SpecText(src string) string {
	var b textBuilder
	pre := 0
	for len(src) > 0 {
		lt := strings.IndexByte(src, '<')
		if lt < 0 {
			b.text(src, pre > 0)
			break
		}
		b.text(src[:lt], pre > 0)
		src = src[lt:]
		if strings.HasPrefix(src, "<!--") {
			end := strings.Index(src, "-->")
			if end < 0 {
				break
			}
			if strings.HasPrefix(src, "<!--{") {
				// The metadata block of go.dev pages holds the title.
				for _, key := range []string{"Title", "Subtitle"} {
					if v := metaValue(src[:end], key); v != "" {
						b.text(v, false)
						b.breakLines(2)
					}
				}
			}
			src = src[end+3:]
			continue
		}
		gt := strings.IndexByte(src, '>')
		if gt < 0 {
			b.text(src, pre > 0)
			break
		}
		tag := src[1:gt]
		src = src[gt+1:]
		closing := strings.HasPrefix(tag, "/")
		name := strings.ToLower(strings.TrimPrefix(tag, "/"))
		if i := strings.IndexAny(name, " \t\n/"); i >= 0 {
			name = name[:i]
		}
		if name == "pre" {
			if closing {
				pre = max(pre-1, 0)
			} else {
				pre++
				b.preStart = true
			}
		}
		if n := blockBreaks[name]; n > 0 {
			b.breakLines(n)
		}
	}
	return strings.TrimSpace(b.String()) + "\n"
}

// textBuilder accumulates text, reflowing it outside <pre>.
type textBuilder struct {
	buf      []byte
	pending  bool // whitespace was seen since the last word
	preStart bool // just after <pre>
}

// String returns the text so far.
func (b *textBuilder) String() string { return string(b.buf) }

func (b *textBuilder) text(s string, verbatim bool) {
	if s == "" {
		return
	}
	s = html.UnescapeString(s)
	if verbatim {
		if b.preStart {
			// HTML drops the newline that directly follows <pre>.
			s = strings.TrimPrefix(s, "\n")
			b.preStart = false
		}
		b.buf = append(b.buf, s...)
		b.pending = false
		return
	}
	words := strings.Fields(s)
	if unicode.IsSpace(rune(s[0])) {
		b.pending = true
	}
	for k, w := range words {
		if (k > 0 || b.pending) && len(b.buf) > 0 && b.buf[len(b.buf)-1] != '\n' {
			b.buf = append(b.buf, ' ')
		}
		b.buf = append(b.buf, w...)
		b.pending = false
	}
	if unicode.IsSpace(rune(s[len(s)-1])) {
		b.pending = true
	}
}

// breakLines ends the current line and makes sure n newlines separate it
// from what follows (none at the very start).
func (b *textBuilder) breakLines(n int) {
	for len(b.buf) > 0 && (b.buf[len(b.buf)-1] == ' ' || b.buf[len(b.buf)-1] == '\t') {
		b.buf = b.buf[:len(b.buf)-1]
	}
	b.pending = false
	if len(b.buf) == 0 {
		return
	}
	have := 0
	for have < len(b.buf) && b.buf[len(b.buf)-1-have] == '\n' {
		have++
	}
	for ; have < n; have++ {
		b.buf = append(b.buf, '\n')
	}
}

// metaValue returns the string value of "key": "value" in a go.dev page's
// JSON metadata comment, or "".
func metaValue(meta, key string) string {
	_, rest, ok := strings.Cut(meta, `"`+key+`":`)
	if !ok {
		return ""
	}
	_, rest, ok = strings.Cut(rest, `"`)
	if !ok {
		return ""
	}
	v, _, _ := strings.Cut(rest, `"`)
	return v
}
