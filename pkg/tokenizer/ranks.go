package tokenizer

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
)

// The tiktoken rank format is one token per line: the token's bytes in
// standard base64, one space, and its rank (= id) in decimal. Empty lines
// are ignored, as tiktoken does. Ranks are written in increasing order.

// ReadRanks parses a rank table in the tiktoken format from r. source names
// the input (a file name) in error messages, which give the line number of
// the first malformed line.
func ReadRanks(r io.Reader, source string) (map[string]int, error) {
	p := newRankParser(source)
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 16*1024*1024)
	for sc.Scan() {
		p.line++
		if err := p.parse(sc.Text()); err != nil {
			return nil, err
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("tokenizer: reading %s after line %d: %w", source, p.line, err)
	}
	return p.ranks, nil
}

// rankParser parses rank lines, remembering which line gave each rank so
// that a duplicate can name both lines.
type rankParser struct {
	source string
	line   int
	ranks  map[string]int
	lineOf map[int]int // rank -> line
}

func newRankParser(source string) *rankParser {
	return &rankParser{source: source, ranks: map[string]int{}, lineOf: map[int]int{}}
}

func (p *rankParser) parse(text string) error {
	if text == "" {
		return nil
	}
	fail := func(format string, args ...any) error {
		return fmt.Errorf("tokenizer: %s:%d: %s (line %q)", p.source, p.line, fmt.Sprintf(format, args...), clip(text))
	}
	b64, num, ok := strings.Cut(text, " ")
	if !ok {
		return fail("want \"<base64 token> <rank>\", found no space")
	}
	tok, err := base64.StdEncoding.DecodeString(b64)
	if err != nil {
		return fail("bad base64 token: %v", err)
	}
	if len(tok) == 0 {
		return fail("empty token")
	}
	rank, err := strconv.Atoi(num)
	if err != nil || rank < 0 {
		return fail("rank %q is not a non-negative integer", num)
	}
	if prev, dup := p.ranks[string(tok)]; dup {
		return fail("token %q already has rank %d (line %d)", tok, prev, p.lineOf[prev])
	}
	if l, dup := p.lineOf[rank]; dup {
		return fail("rank %d already used on line %d", rank, l)
	}
	p.ranks[string(tok)] = rank
	p.lineOf[rank] = p.line
	return nil
}

func clip(s string) string {
	if len(s) > 60 {
		return s[:60] + "..."
	}
	return s
}

// WriteRanks writes ranks to w in the tiktoken format, in increasing rank
// order.
func WriteRanks(w io.Writer, ranks map[string]int) error {
	toks := make([]string, 0, len(ranks))
	for t := range ranks {
		toks = append(toks, t)
	}
	slices.SortFunc(toks, func(a, b string) int { return ranks[a] - ranks[b] })
	bw := bufio.NewWriter(w)
	for _, t := range toks {
		bw.WriteString(base64.StdEncoding.EncodeToString([]byte(t)))
		bw.WriteByte(' ')
		bw.WriteString(strconv.Itoa(ranks[t]))
		bw.WriteByte('\n')
	}
	return bw.Flush()
}

// LoadRanks reads a tiktoken rank file, such as cl100k_base.tiktoken.
func LoadRanks(path string) (map[string]int, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("tokenizer: %w", err)
	}
	defer f.Close()
	return ReadRanks(f, path)
}

// SaveRanks writes ranks to path in the tiktoken format. The write is
// atomic: a crash leaves either the old file or the new one.
func SaveRanks(path string, ranks map[string]int) error {
	var buf bytes.Buffer
	if err := WriteRanks(&buf, ranks); err != nil {
		return err
	}
	return writeFileAtomic(path, buf.Bytes())
}
