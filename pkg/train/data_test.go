package train

import (
	"slices"
	"strings"
	"testing"

	"llminternals/pkg/rng"
	"llminternals/pkg/tokenizer"
)

func TestCharVocabByHand(t *testing.T) {
	// "hello world": distinct runes ' ' < 'd' < 'e' < 'h' < 'l' < 'o' < 'r' < 'w'.
	v, err := NewCharVocab("hello world")
	if err != nil {
		t.Fatal(err)
	}
	if v.String() != " dehlorw" || v.VocabSize() != 8 {
		t.Fatalf("vocab %q (%d), want \" dehlorw\" (8)", v.String(), v.VocabSize())
	}
	ids, err := v.Encode("old hero")
	if err != nil {
		t.Fatal(err)
	}
	if want := []int{5, 4, 1, 0, 3, 2, 6, 5}; !slices.Equal(ids, want) {
		t.Errorf("Encode(\"old hero\") = %v, want %v", ids, want)
	}
	if s, err := v.Decode(ids); err != nil || s != "old hero" {
		t.Errorf("Decode = %q, %v", s, err)
	}
	w, _ := NewCharVocab(v.String())
	if w.String() != v.String() {
		t.Errorf("rebuilt from its string: %q", w.String())
	}
}

func TestCharVocabRoundTripUnicode(t *testing.T) {
	text := "x ≤ y ∧ ß — 世界\n\ttab"
	v, _ := NewCharVocab(text)
	ids, err := v.Encode(text)
	if err != nil {
		t.Fatal(err)
	}
	if len(ids) != len([]rune(text)) {
		t.Errorf("%d ids for %d runes", len(ids), len([]rune(text)))
	}
	if s, _ := v.Decode(ids); s != text {
		t.Errorf("round trip %q", s)
	}
}

func TestCharVocabErrors(t *testing.T) {
	v, _ := NewCharVocab("abc")
	// '€' (3 bytes) starts at byte offset 2, after "ab".
	_, err := v.Encode("ab€")
	if err == nil || !strings.Contains(err.Error(), `rune '€' (U+20AC) at byte offset 2`) {
		t.Errorf("Encode unknown: %v", err)
	}
	_, err = v.Decode([]int{0, 3})
	if err == nil || !strings.Contains(err.Error(), "id 3 at position 1 is outside [0, 3)") {
		t.Errorf("Decode: %v", err)
	}
	if _, err := NewCharVocab("ok\xffno"); err == nil || !strings.Contains(err.Error(), "invalid UTF-8 at byte offset 2") {
		t.Errorf("invalid UTF-8: %v", err)
	}
	if _, err := NewCharVocab(""); err == nil {
		t.Error("empty text has a vocabulary")
	}
}

func TestBPEAdapter(t *testing.T) {
	text := strings.Repeat("the cat sat on the mat. ", 20)
	bpe, err := tokenizer.TrainByteBPE(text, 264, tokenizer.PatternCL100k)
	if err != nil {
		t.Fatal(err)
	}
	enc, err := bpe.Encoding("test", 264, nil)
	if err != nil {
		t.Fatal(err)
	}
	var tok Tokenizer = BPE{enc}
	ids, err := tok.Encode("the cat")
	if err != nil {
		t.Fatal(err)
	}
	if len(ids) >= len("the cat") {
		t.Errorf("%d ids for 7 bytes: no merge applied", len(ids))
	}
	if s, _ := tok.Decode(ids); s != "the cat" || tok.VocabSize() != 264 {
		t.Errorf("Decode %q, V %d", s, tok.VocabSize())
	}
}

func TestNewDataset(t *testing.T) {
	ids := make([]int, 10)
	for i := range ids {
		ids[i] = i
	}
	d, err := NewDataset(ids, 0.25) // round(2.5) = 3 ids held out (round half away from zero)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(d.Train, ids[:7]) || !slices.Equal(d.Val, ids[7:]) {
		t.Errorf("train %v, val %v", d.Train, d.Val)
	}
	for _, f := range []float64{-0.1, 1, 2} {
		if _, err := NewDataset(ids, f); err == nil || !strings.Contains(err.Error(), "outside [0, 1)") {
			t.Errorf("fraction %v: %v", f, err)
		}
	}
}

func TestBatchShapesShiftDeterminism(t *testing.T) {
	ids := make([]int, 100)
	for i := range ids {
		ids[i] = 1000 + i // id = 1000 + position, so a window's start is readable
	}
	d, _ := NewDataset(ids, 0.2)
	x, y, err := d.BatchAt(Train, 5, 8, 42, 3)
	if err != nil {
		t.Fatal(err)
	}
	if len(x) != 5 || len(y) != 5 {
		t.Fatalf("%d inputs, %d targets; want 5", len(x), len(y))
	}
	for b := range x {
		if len(x[b]) != 8 || len(y[b]) != 8 {
			t.Fatalf("row %d: %d inputs, %d targets; want 8", b, len(x[b]), len(y[b]))
		}
		p := x[b][0] - 1000
		if p < 0 || p+9 > 80 {
			t.Errorf("row %d starts at %d: the window leaves the 80 training ids", b, p)
		}
		for i := range 8 {
			if x[b][i] != 1000+p+i || y[b][i] != 1000+p+i+1 {
				t.Errorf("row %d col %d: input %d target %d, want consecutive ids shifted by one", b, i, x[b][i], y[b][i])
			}
		}
	}
	x2, y2, _ := d.BatchAt(Train, 5, 8, 42, 3)
	for b := range x {
		if !slices.Equal(x[b], x2[b]) || !slices.Equal(y[b], y2[b]) {
			t.Fatal("the same (seed, step) gave a different batch")
		}
	}
	x3, _, _ := d.BatchAt(Train, 5, 8, 42, 4)
	x4, _, _ := d.BatchAt(Train, 5, 8, 43, 3)
	same := func(a, b [][]int) bool { return slices.EqualFunc(a, b, slices.Equal) }
	if same(x, x3) || same(x, x4) {
		t.Error("another step or seed gave the same batch")
	}
	// The validation split draws from the tail only.
	v, _, _ := d.BatchAt(Val, 4, 8, 42, 3)
	for b := range v {
		if v[b][0] < 1080 {
			t.Errorf("val window starts at id %d, inside the training part", v[b][0])
		}
	}
	// Every start position is reachable: with n = 10 and context 8 the starts
	// are 0 and 1 only, and 200 draws see both.
	small, _ := NewDataset(ids[:10], 0)
	seen := map[int]bool{}
	xs, _, _ := small.Batch(Train, 200, 8, rng.New(1))
	for _, row := range xs {
		seen[row[0]-1000] = true
	}
	if len(seen) != 2 || !seen[0] || !seen[1] {
		t.Errorf("starts seen %v, want {0, 1}", seen)
	}
}

func TestBatchShortCorpus(t *testing.T) {
	d := &Dataset{Train: make([]int, 64)}
	_, _, err := d.BatchAt(Train, 2, 64, 1, 0)
	if err == nil || err.Error() != "train: the train split holds 64 ids, fewer than one window of context 64 + 1 = 65" {
		t.Errorf("err = %v", err)
	}
	if _, _, err := d.BatchAt(Val, 2, 8, 1, 0); err == nil || !strings.Contains(err.Error(), "val split holds 0 ids") {
		t.Errorf("empty val: %v", err)
	}
}
