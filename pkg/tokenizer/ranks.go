package tokenizer

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
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
//
// The format records no count, so a file cut at a line boundary is itself
// a valid, shorter rank table. Two defences: every reader here requires the
// ranks to run 0, 1, 2, … in order (which catches a lost or garbled line in
// the middle, and a last line cut inside its number), and LoadRanks checks
// the whole file against an expected sha256, as tiktoken's
// load_tiktoken_bpe(…, expected_hash=…) does (which catches a clean cut at
// the end). The saved-Encoding format (file.go) records the count instead.

// ReadRanks parses a rank table in the tiktoken format from r. The ranks
// must be 0, 1, 2, … in order, one per line. source names the input (a file
// name) in error messages, which give the line number of the first
// malformed line. Nothing tells ReadRanks where the table should end: to
// detect a truncated file use LoadRanks with a sha256, or the
// saved-Encoding format, which records its count.
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
	next   int         // the rank the next line must have
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
	if rank != p.next {
		return fail("rank %d where %d was expected: ranks must run 0, 1, 2, … in order without gaps", rank, p.next)
	}
	p.ranks[string(tok)] = rank
	p.lineOf[rank] = p.line
	p.next++
	return nil
}

func clip(s string) string {
	if len(s) > 60 {
		return s[:60] + "..."
	}
	return s
}

// WriteRanks writes ranks to w in the tiktoken format, in increasing rank
// order. The ranks must be exactly 0, 1, …, len(ranks)-1 (what ReadRanks
// accepts back); otherwise nothing is written and the error names the
// first missing rank.
func WriteRanks(w io.Writer, ranks map[string]int) error {
	toks := make([]string, 0, len(ranks))
	for t := range ranks {
		toks = append(toks, t)
	}
	slices.SortFunc(toks, func(a, b string) int { return ranks[a] - ranks[b] })
	for i, t := range toks {
		if ranks[t] != i {
			return fmt.Errorf("tokenizer: cannot write a rank table of %d tokens whose ranks are not 0…%d: rank %d is missing (token %q has rank %d)",
				len(ranks), len(ranks)-1, i, t, ranks[t])
		}
	}
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
//
// sha256Hex is the expected SHA-256 of the whole file in hex (64 digits,
// as tiktoken's openai_public.py lists them), or "" to skip the check. The
// rank format records no count, so only the hash can tell a complete file
// from one cut cleanly at a line boundary; pass it whenever it is known.
// A mismatch fails naming the file and both hashes, before any parsing.
func LoadRanks(path string, sha256Hex string) (map[string]int, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("tokenizer: %w", err)
	}
	if sha256Hex != "" {
		if err := checkSHA256(data, sha256Hex, path); err != nil {
			return nil, err
		}
	}
	return ReadRanks(bytes.NewReader(data), path)
}

// checkSHA256 returns an error naming source and both hashes unless the
// SHA-256 of data is want (hex, either case).
func checkSHA256(data []byte, want, source string) error {
	want = strings.ToLower(want)
	if b, err := hex.DecodeString(want); err != nil || len(b) != sha256.Size {
		return fmt.Errorf("tokenizer: expected sha256 %q for %s is not 64 hex digits", clip(want), source)
	}
	sum := sha256.Sum256(data)
	if got := hex.EncodeToString(sum[:]); got != want {
		return fmt.Errorf("tokenizer: %s: sha256 is %s, expected %s: the file is truncated, corrupted or not the expected rank file (%d bytes)",
			source, got, want, len(data))
	}
	return nil
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
