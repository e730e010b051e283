package tokenizer

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"unicode"
)

// A saved Encoding is a small header followed by the tiktoken rank format:
//
//	llminternals-bpe 2
//	name my_tokenizer
//	pattern cl100k
//	special <|endoftext|> 4096
//	ranks 4096
//	IQ== 0
//	Ig== 1
//	...
//
// Header lines are "key value"; "special" may repeat; "ranks N" ends the
// header, and exactly N rank lines follow. The header keeps what a bare
// rank file lacks (the pattern and the special tokens), while the body stays
// readable by any tiktoken-format reader once the header is cut off.
//
// The count is what makes truncation detectable: a file cut at a line
// boundary would otherwise load as a smaller, valid vocabulary. The special
// tokens need no count of their own: they come before the "ranks" line, so
// a cut among them leaves no "ranks" line, which is an error.
//
// Format 1 (no count) is refused with an error saying so, rather than read
// without the check.
const fileMagic = "llminternals-bpe 2"

// fileMagicV1 is the first line of format 1, recognised only to explain
// that it is no longer read.
const fileMagicV1 = "llminternals-bpe 1"

// WriteTo writes e in the saved-Encoding format to w.
func (e *Encoding) WriteTo(w io.Writer) (int64, error) {
	var buf bytes.Buffer
	fmt.Fprintf(&buf, "%s\nname %s\npattern %s\n", fileMagic, e.name, e.pattern)
	for _, s := range e.specials {
		fmt.Fprintf(&buf, "special %s %d\n", s, e.special[s])
	}
	fmt.Fprintf(&buf, "ranks %d\n", len(e.ranks))
	if err := WriteRanks(&buf, e.ranks); err != nil {
		return 0, err
	}
	n, err := w.Write(buf.Bytes())
	return int64(n), err
}

// Save writes e to path in the saved-Encoding format, atomically. Names
// (the encoding's and the special tokens') must not contain whitespace.
func (e *Encoding) Save(path string) error {
	bad := func(s string) bool { return s == "" || strings.IndexFunc(s, unicode.IsSpace) >= 0 }
	if bad(e.name) {
		return fmt.Errorf("tokenizer: cannot save encoding with name %q: names must be non-empty without whitespace", e.name)
	}
	for _, s := range e.specials {
		if bad(s) {
			return fmt.Errorf("tokenizer: cannot save special token %q: names must not contain whitespace", s)
		}
	}
	var buf bytes.Buffer
	if _, err := e.WriteTo(&buf); err != nil {
		return err
	}
	return writeFileAtomic(path, buf.Bytes())
}

// ReadEncoding parses an Encoding in the saved format from r; source names
// the input in error messages, which give line numbers.
func ReadEncoding(r io.Reader, source string) (*Encoding, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 16*1024*1024)
	line := 0
	fail := func(format string, args ...any) error {
		return fmt.Errorf("tokenizer: %s:%d: %s", source, line, fmt.Sprintf(format, args...))
	}
	var (
		name    string
		pattern Pattern
		special = map[string]int{}
		inRanks bool
		nRanks  int // from the "ranks N" line
		p       = newRankParser(source)
	)
	for sc.Scan() {
		line++
		text := sc.Text()
		if inRanks {
			p.line = line
			if err := p.parse(text); err != nil {
				return nil, err
			}
			if len(p.ranks) > nRanks {
				return nil, fail("more ranks than the %s the header announces: the file is corrupted", commas(nRanks))
			}
			continue
		}
		if line == 1 {
			if text == fileMagicV1 {
				return nil, fail("saved in format 1, which records no rank count, so a truncated file cannot be told from a complete one; "+
					"this version reads only %q: save the encoding again", fileMagic)
			}
			if text != fileMagic {
				return nil, fail("want first line %q, found %q", fileMagic, clip(text))
			}
			continue
		}
		key, val, _ := strings.Cut(text, " ")
		switch key {
		case "name":
			name = val
		case "pattern":
			var err error
			if pattern, err = ParsePattern(val); err != nil {
				return nil, fail("%v", err)
			}
		case "special":
			tok, num, ok := strings.Cut(val, " ")
			id, err := strconv.Atoi(num)
			if !ok || err != nil || id < 0 {
				return nil, fail("want \"special <name> <id>\", found %q", clip(text))
			}
			special[tok] = id
		case "ranks":
			n, err := strconv.Atoi(val)
			if err != nil || n < 0 {
				return nil, fail("want \"ranks <count>\", found %q", clip(text))
			}
			nRanks, inRanks = n, true
		default:
			return nil, fail("unknown header line %q", clip(text))
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("tokenizer: reading %s after line %d: %w", source, line, err)
	}
	if !inRanks {
		return nil, fail("no \"ranks\" line: the file is truncated or not a saved encoding")
	}
	if pattern == 0 {
		return nil, fail("no \"pattern\" line in the header")
	}
	if len(p.ranks) != nRanks {
		return nil, fmt.Errorf("tokenizer: %s: %s ranks read, the header says %s: the file is truncated",
			source, commas(len(p.ranks)), commas(nRanks))
	}
	e, err := NewEncoding(name, pattern, p.ranks, special)
	if err != nil {
		return nil, fmt.Errorf("%w (in %s)", err, source)
	}
	return e, nil
}

// LoadFile reads an Encoding saved with Save.
func LoadFile(path string) (*Encoding, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("tokenizer: %w", err)
	}
	defer f.Close()
	return ReadEncoding(f, path)
}

// commas formats n with thousands separators: 100256 -> "100,256".
func commas(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	if neg {
		s = s[1:]
	}
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}
