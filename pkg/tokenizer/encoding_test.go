package tokenizer

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func mustLoad(t testing.TB, name string) *Encoding {
	t.Helper()
	e, err := Load(name)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func TestDecodeErrors(t *testing.T) {
	e := mustLoad(t, "cl100k_base")
	if e.VocabSize() != 100277 {
		t.Errorf("VocabSize = %d, want 100277 (largest id 100276 + 1)", e.VocabSize())
	}
	for _, c := range []struct {
		id   int
		want []string
	}{
		{-1, []string{"-1", "100277"}},
		{100277, []string{"100277", "outside", "size 100277"}},
		{1 << 40, []string{"1099511627776", "100277"}},
		{100256, []string{"100256", "not assigned"}}, // the gap before the special tokens
	} {
		_, err := e.Decode([]int{9906, c.id})
		if err == nil {
			t.Errorf("Decode(%d): no error", c.id)
			continue
		}
		for _, w := range c.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("Decode(%d): error %q lacks %q", c.id, err, w)
			}
		}
		if !strings.Contains(err.Error(), "position 1") {
			t.Errorf("Decode(%d): error %q does not give the position", c.id, err)
		}
	}
	if s, err := e.Decode([]int{100257}); err != nil || s != "<|endoftext|>" {
		t.Errorf("Decode(100257) = %q, %v", s, err)
	}
}

func TestEncodeSpecialErrors(t *testing.T) {
	e := mustLoad(t, "cl100k_base")
	// The first special token that is not allowed is reported, with its offset.
	_, err := e.Encode("ok <|endoftext|> then <|fim_prefix|>", []string{"<|endoftext|>"})
	if err == nil || !strings.Contains(err.Error(), `"<|fim_prefix|>" at byte offset 22`) {
		t.Errorf("err = %v", err)
	}
	if _, err := e.Encode("x", []string{"<|nope|>"}); err == nil || !strings.Contains(err.Error(), "<|nope|>") {
		t.Errorf("unknown allowed special: err = %v", err)
	}
	// Every special allowed, adjacent, at both ends.
	all := e.SpecialTokens()
	text := strings.Join(all, "") + "a" + all[0]
	ids, err := e.Encode(text, all)
	if err != nil {
		t.Fatal(err)
	}
	want := []int{100257, 100258, 100259, 100260, 100276, 64, 100257} // "a" is 64 in cl100k (tiktoken-go)
	if !slices.Equal(ids, want) {
		t.Errorf("ids = %v, want %v", ids, want)
	}
	if ids, err := e.Encode("", nil); err != nil || len(ids) != 0 {
		t.Errorf("Encode(\"\") = %v, %v", ids, err)
	}
	if _, err := Load("p50k_base"); err == nil || !strings.Contains(err.Error(), "p50k_base") {
		t.Errorf("Load(p50k_base): err = %v", err)
	}
}

func TestTokens(t *testing.T) {
	e := mustLoad(t, "cl100k_base")
	text := "Hello world<|endoftext|>日本"
	toks, err := e.Tokens(text, []string{"<|endoftext|>"})
	if err != nil {
		t.Fatal(err)
	}
	var sb strings.Builder
	for _, tk := range toks {
		if tk.Offset != sb.Len() {
			t.Errorf("token %v: offset %d, want %d", tk, tk.Offset, sb.Len())
		}
		sb.WriteString(tk.Bytes)
		if tk.Special != (tk.ID == 100257) {
			t.Errorf("token %v: Special = %v", tk, tk.Special)
		}
	}
	if sb.String() != text {
		t.Errorf("token bytes concatenate to %q", sb.String())
	}
	// tiktoken-go: "Hello world" = [9906 1917].
	if toks[0].ID != 9906 || toks[0].Bytes != "Hello" || toks[1].ID != 1917 || toks[1].Bytes != " world" {
		t.Errorf("first tokens %v", toks[:2])
	}
}

// TestMergeHeapEqualsScan: the heap merge (long pieces) and the scan merge
// (short pieces) are two implementations of one rule; run both on the same
// pieces.
func TestMergeHeapEqualsScan(t *testing.T) {
	e := mustLoad(t, "o200k_base")
	r := rand.New(rand.NewPCG(3, 4))
	alphabet := []string{"a", "b", "e", "in", "the", "ing", " ", "日", "本", "é", "\xff", "0", "!"}
	for range 2000 {
		var sb strings.Builder
		for range 1 + r.IntN(60) {
			sb.WriteString(alphabet[r.IntN(len(alphabet))])
		}
		p := sb.String()
		if len(p) >= heapFrom {
			continue
		}
		scan := appendPiece(nil, p, e.ranks)
		hp := appendPieceHeap(nil, p, e.ranks)
		if !slices.Equal(scan, hp) {
			t.Fatalf("piece %q: scan %v, heap %v", p, scan, hp)
		}
	}
	// A long piece goes through the heap; it must still round-trip.
	long := strings.Repeat("abcdefgh", 1000)
	ids := e.EncodeOrdinary(long)
	if back, _ := e.Decode(ids); back != long {
		t.Error("long piece does not round-trip")
	}
}

func TestRanksFileErrors(t *testing.T) {
	cases := []struct{ name, text, want string }{
		{"no space", "YQ== 0\nYg==1\n", "bad:2:"},
		{"bad base64", "YQ== 0\n\n!!!! 1\n", "bad:3: bad base64"},
		{"bad rank", "YQ== x\n", "bad:1: rank \"x\""},
		{"negative rank", "YQ== -3\n", "bad:1: rank \"-3\""},
		{"duplicate token", "YQ== 0\nYQ== 1\n", "bad:2: token \"a\" already has rank 0 (line 1)"},
		{"duplicate rank", "YQ== 0\nYg== 0\n", "bad:2: rank 0 already used on line 1"},
		{"empty token", " 0\n", "bad:1: empty token"},
	}
	for _, c := range cases {
		_, err := ReadRanks(strings.NewReader(c.text), "bad")
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: err = %v, want %q", c.name, err, c.want)
		}
	}
	if _, err := LoadRanks(filepath.Join(t.TempDir(), "missing"), ""); err == nil {
		t.Error("missing file: no error")
	}
}

func TestSaveLoad(t *testing.T) {
	dir := t.TempDir()
	b, err := TrainByteBPE("the cat sat on the mat; the cat ate the rat", 270, PatternO200k)
	if err != nil {
		t.Fatal(err)
	}
	e, err := b.Encoding("toy", b.MaxVocabSize(), map[string]int{"<|endoftext|>": 300})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "toy.bpe")
	if err := e.Save(path); err != nil {
		t.Fatal(err)
	}
	got, err := LoadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	text := "the cat<|endoftext|>the rat"
	a, _ := e.Encode(text, e.SpecialTokens())
	c, _ := got.Encode(text, got.SpecialTokens())
	if !slices.Equal(a, c) || got.Name() != "toy" || got.Pattern() != PatternO200k || got.VocabSize() != 301 {
		t.Errorf("reloaded encoding differs: %v vs %v, %s %v %d", a, c, got.Name(), got.Pattern(), got.VocabSize())
	}
	// Rank files round-trip too, and writes leave no temporary files.
	rpath := filepath.Join(dir, "toy.tiktoken")
	if err := SaveRanks(rpath, e.Ranks()); err != nil {
		t.Fatal(err)
	}
	ranks, err := LoadRanks(rpath, "")
	if err != nil || len(ranks) != len(e.Ranks()) {
		t.Fatalf("LoadRanks: %d ranks, %v", len(ranks), err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 {
		t.Errorf("directory holds %d files, want 2 (no temporaries)", len(entries))
	}
	// Malformed saved files name the line.
	for _, c := range []struct{ text, want string }{
		{"nope\n", ":1: want first line"},
		{fileMagic + "\npattern p99\nranks 0\n", ":2: tokenizer: unknown pattern"},
		{fileMagic + "\npattern r50k\nspecial <|x|>\nranks 0\n", ":3: want \"special <name> <id>\""},
		{fileMagic + "\npattern r50k\n", "no \"ranks\" line"},
		{fileMagic + "\npattern r50k\nranks 2\nYQ== 0\nYQ\n", "f:5: want"},
		{fileMagic + "\npattern r50k\nranks 1\nYQ== 0\n", "byte 0x00 has no token"},
	} {
		_, err := ReadEncoding(strings.NewReader(c.text), "f")
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("ReadEncoding(%q): err = %v, want %q", c.text, err, c.want)
		}
	}
	bad, _ := b.Encoding("has space", 256, nil)
	if err := bad.Save(filepath.Join(dir, "x")); err == nil {
		t.Error("Save with a space in the name: no error")
	}
}
