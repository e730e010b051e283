package tokenizer

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Files cut short must not load as a smaller vocabulary. These tests cut
// real files at line boundaries and inside lines, and check that each
// reader fails with an error that names the file.

// toyEncoding trains a small byte-level BPE (256 + 14 ranks) with one
// special token.
func toyEncoding(t *testing.T) *Encoding {
	t.Helper()
	b, err := TrainByteBPE("the cat sat on the mat; the cat ate the rat", 270, PatternO200k)
	if err != nil {
		t.Fatal(err)
	}
	e, err := b.Encoding("toy", b.MaxVocabSize(), map[string]int{"<|endoftext|>": 300})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// linePrefix returns data up to and including its first n lines.
func linePrefix(t *testing.T, data []byte, n int) []byte {
	t.Helper()
	end := 0
	for range n {
		k := bytes.IndexByte(data[end:], '\n')
		if k < 0 {
			t.Fatalf("data has fewer than %d lines", n)
		}
		end += k + 1
	}
	return data[:end]
}

func writeTemp(t *testing.T, name string, data []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// The brief's own case: cl100k_base saved, then cut after 52,383 of its
// 100,256 rank lines. The header is 1 magic + 1 name + 1 pattern + 5
// special + 1 ranks = 9 lines.
func TestSavedEncodingTruncatedAtLine(t *testing.T) {
	e, err := Load("cl100k_base")
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := e.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	path := writeTemp(t, "cl100k.bpe", linePrefix(t, buf.Bytes(), 9+52383))
	_, err = LoadFile(path)
	want := "tokenizer: " + path + ": 52,383 ranks read, the header says 100,256: the file is truncated"
	if err == nil || err.Error() != want {
		t.Fatalf("LoadFile(cut cl100k) error\n  got  %v\n  want %s", err, want)
	}
	// The complete file still loads and has every rank.
	full := writeTemp(t, "full.bpe", buf.Bytes())
	got, err := LoadFile(full)
	if err != nil || len(got.Ranks()) != 100256 {
		t.Fatalf("LoadFile(complete cl100k): %v", err)
	}
}

// Every proper prefix of a saved file fails, whether it ends at a line
// boundary or inside a line, and the error names the file. The one prefix
// that may load is the file without its final newline, which loses nothing;
// it must then equal the original.
func TestSavedEncodingEveryPrefixFails(t *testing.T) {
	e := toyEncoding(t)
	var buf bytes.Buffer
	if _, err := e.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	data := buf.Bytes()
	dir := t.TempDir()
	path := filepath.Join(dir, "toy.bpe")
	for n := 0; n < len(data); n++ {
		if err := os.WriteFile(path, data[:n], 0o644); err != nil {
			t.Fatal(err)
		}
		got, err := LoadFile(path)
		if n == len(data)-1 {
			if err != nil || !maps.Equal(got.Ranks(), e.Ranks()) {
				t.Errorf("file without its final newline: %v", err)
			}
			continue
		}
		if err == nil {
			t.Fatalf("prefix of %d of %d bytes loaded without error (%d ranks)", n, len(data), len(got.Ranks()))
		}
		if !strings.Contains(err.Error(), path) {
			t.Fatalf("prefix of %d bytes: error does not name the file: %v", n, err)
		}
	}
}

// A rank file has no count: a cut at a line boundary is a valid shorter
// table, so only the expected hash catches it. A cut inside a line fails
// even without a hash, because ranks must run 0, 1, 2, … and a partial
// line is malformed or repeats an earlier rank.
func TestRankFileTruncation(t *testing.T) {
	e := toyEncoding(t)
	var buf bytes.Buffer
	if err := WriteRanks(&buf, e.Ranks()); err != nil {
		t.Fatal(err)
	}
	data := buf.Bytes()
	sum := sha256.Sum256(data)
	hash := hex.EncodeToString(sum[:])

	full := writeTemp(t, "toy.tiktoken", data)
	if r, err := LoadRanks(full, hash); err != nil || !maps.Equal(r, e.Ranks()) {
		t.Fatalf("LoadRanks(complete file, its hash): %v", err)
	}
	if _, err := LoadRanks(full, strings.ToUpper(hash)); err != nil {
		t.Errorf("upper-case hex hash rejected: %v", err)
	}

	cut := linePrefix(t, data, 200)
	cutSum := sha256.Sum256(cut)
	path := writeTemp(t, "cut.tiktoken", cut)
	_, err := LoadRanks(path, hash)
	for _, part := range []string{path, "sha256 is " + hex.EncodeToString(cutSum[:]), "expected " + hash, "truncated"} {
		if err == nil || !strings.Contains(err.Error(), part) {
			t.Errorf("LoadRanks(cut at a line, right hash): err = %v, want it to contain %q", err, part)
		}
	}
	// Without the hash the cut is undetectable: that is why the hash exists.
	if r, err := LoadRanks(path, ""); err != nil || len(r) != 200 {
		t.Errorf("LoadRanks(cut at a line, no hash) = %d ranks, %v; want the 200 it holds", len(r), err)
	}

	dir := t.TempDir()
	mid := filepath.Join(dir, "mid.tiktoken")
	for n := 1; n < len(data)-1; n++ {
		if data[n-1] == '\n' || data[n] == '\n' {
			continue // whole lines, with or without the last newline: covered above
		}
		os.WriteFile(mid, data[:n], 0o644)
		if r, err := LoadRanks(mid, ""); err == nil {
			t.Fatalf("cut inside a line after %d bytes loaded %d ranks without error", n, len(r))
		} else if !strings.Contains(err.Error(), mid) {
			t.Fatalf("cut after %d bytes: error does not name the file: %v", n, err)
		}
		if _, err := LoadRanks(mid, hash); err == nil || !strings.Contains(err.Error(), mid) {
			t.Fatalf("cut after %d bytes with the hash: %v", n, err)
		}
	}

	if _, err := LoadRanks(full, "abc"); err == nil || !strings.Contains(err.Error(), "not 64 hex digits") {
		t.Errorf("malformed expected hash: %v", err)
	}
}

func TestRanksMustBeContiguous(t *testing.T) {
	for _, c := range []struct{ name, text, want string }{
		{"gap", "YQ== 0\nYg== 2\n", "f:2: rank 2 where 1 was expected"},
		{"not from 0", "YQ== 1\n", "f:1: rank 1 where 0 was expected"},
		{"out of order", "YQ== 0\nYw== 2\nYg== 1\n", "f:2: rank 2 where 1 was expected"},
	} {
		if _, err := ReadRanks(strings.NewReader(c.text), "f"); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: err = %v, want %q", c.name, err, c.want)
		}
	}
	// Writing a table with a gap fails and leaves no file behind.
	path := filepath.Join(t.TempDir(), "gap.tiktoken")
	err := SaveRanks(path, map[string]int{"a": 0, "b": 2})
	if err == nil || !strings.Contains(err.Error(), "rank 1 is missing") {
		t.Errorf("SaveRanks with a gap: err = %v", err)
	}
	if _, serr := os.Stat(path); !os.IsNotExist(serr) {
		t.Errorf("SaveRanks with a gap left a file: %v", serr)
	}
}

func TestSavedEncodingFormatErrors(t *testing.T) {
	for _, c := range []struct{ text, want string }{
		{"llminternals-bpe 1\npattern r50k\nranks\n", "f:1: saved in format 1, which records no rank count"},
		{fileMagic + "\npattern r50k\nranks\nYQ== 0\n", "f:3: want \"ranks <count>\""},
		{fileMagic + "\npattern r50k\nranks -1\n", "f:3: want \"ranks <count>\""},
		{fileMagic + "\npattern r50k\nranks 1\nYQ== 0\nYg== 1\n", "f:5: more ranks than the 1 the header announces"},
		{fileMagic + "\npattern r50k\nspecial <|endoftext|> 3", "no \"ranks\" line"},
	} {
		_, err := ReadEncoding(strings.NewReader(c.text), "f")
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("ReadEncoding(%q): err = %v, want %q", c.text, err, c.want)
		}
	}
}

// The hashes Load checks are the ones gen.py verified with tiktoken itself
// (recorded in the fixtures), and a damaged embedded file would fail.
func TestBuiltinHashes(t *testing.T) {
	for _, name := range EncodingNames() {
		f := loadTiktokenFixture(t, name)
		if builtins[name].sha256 != f.RankFileSHA256 {
			t.Errorf("%s: builtin sha256 %s, tiktoken expects %s", name, builtins[name].sha256, f.RankFileSHA256)
		}
	}
	data := []byte("IQ== 0\n")
	if err := checkSHA256(data, builtins["r50k_base"].sha256, "embedded x"); err == nil ||
		!strings.Contains(err.Error(), "embedded x: sha256 is ") {
		t.Errorf("checkSHA256 on the wrong data: %v", err)
	}
}

func TestCommas(t *testing.T) {
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1,000", 52383: "52,383", 100256: "100,256", 1234567: "1,234,567", -1000: "-1,000"} {
		if got := commas(n); got != want {
			t.Errorf("commas(%d) = %q, want %q", n, got, want)
		}
	}
}
