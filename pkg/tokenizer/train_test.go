package tokenizer

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"llminternals/pkg/corpus"
)

// naiveTrain is the textbook byte-level trainer: at every merge it recounts
// every pair of every distinct piece, then merges the best pair everywhere.
// Same tie-break as TrainByteBPE. It is the reference TrainByteBPE is
// checked against, and the baseline of BenchmarkTrain.
func naiveTrain(text string, vocabSize int, pattern Pattern) []Merge {
	words, counts := uniquePieces(text, pattern)
	var merges []Merge
	for id := int32(256); int(id) < vocabSize; id++ {
		pairs := map[pairKey]int{}
		for w, seq := range words {
			for k := 0; k+1 < len(seq); k++ {
				pairs[key(seq[k], seq[k+1])] += counts[w]
			}
		}
		var best pairKey
		bestCount := 0
		for p, c := range pairs {
			if c > bestCount || c == bestCount && p < best {
				best, bestCount = p, c
			}
		}
		if bestCount == 0 {
			break
		}
		for w := range words {
			words[w] = mergeSeq(words[w], best.left(), best.right(), id)
		}
		merges = append(merges, Merge{Left: int(best.left()), Right: int(best.right()), ID: int(id), Count: bestCount})
	}
	return merges
}

// TestTrainWikipedia is the example of Wikipedia's "Byte pair encoding"
// article, as minbpe pins it: "aaabdaaabac", three merges. By hand, with
// our tie-break (count, then smallest (left, right) ids):
//
//  1. aa ×4 -> 256:            256 a b d 256 a b a c
//  2. (256,a) ×2 and (a,b) ×2 tie; 97 < 256 so (a,b) -> 257:
//     256 257 d 256 257 a c
//  3. (256,257) ×2 -> 258:     258 d 258 a c
//
// so the text encodes as [258, 100, 258, 97, 99], the ids minbpe gets
// (its 257 is "aaa" rather than "ab", but 258 is "aaab" in both).
func TestTrainWikipedia(t *testing.T) {
	b, err := TrainByteBPE("aaabdaaabac", 256+3, PatternCL100k)
	if err != nil {
		t.Fatal(err)
	}
	want := []Merge{{97, 97, 256, 4}, {97, 98, 257, 2}, {256, 257, 258, 2}}
	if !slices.Equal(b.Merges(), want) {
		t.Errorf("merges = %v, want %v", b.Merges(), want)
	}
	e, err := b.Encoding("wiki", 259, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := e.EncodeOrdinary("aaabdaaabac"); !slices.Equal(got, []int{258, 100, 258, 97, 99}) {
		t.Errorf("encode = %v, want [258 100 258 97 99]", got)
	}
}

// TestTrainMatchesNaive checks the incremental trainer against the naive
// one, merge for merge, on part of the Go spec and on texts with repeats
// (overlapping pairs like "aaaa" are the tricky case for incremental
// counts).
func TestTrainMatchesNaive(t *testing.T) {
	spec, err := corpus.GoSpec()
	if err != nil {
		t.Fatal(err)
	}
	texts := []string{spec[:40000], "aaaaaaa aaaa aaa bbbb abab ababab", strings.Repeat("xyxyx zzz ", 50) + "日本語日本語"}
	for _, text := range texts {
		for _, p := range []Pattern{PatternR50k, PatternO200k} {
			b, err := TrainByteBPE(text, 256+300, p)
			if err != nil {
				t.Fatal(err)
			}
			want := naiveTrain(text, 256+300, p)
			if !slices.Equal(b.Merges(), want) {
				k := 0
				for k < len(want) && k < len(b.merges) && b.merges[k] == want[k] {
					k++
				}
				t.Errorf("%v on %q...: merges differ at %d (%d vs %d merges)", p, clip(text), k, len(b.merges), len(want))
			}
		}
	}
}

// TestTrainRoundTrip: a trained tokenizer decodes what it encodes, and
// compresses its own training text more as the vocabulary grows.
func TestTrainRoundTrip(t *testing.T) {
	spec, err := corpus.GoSpec()
	if err != nil {
		t.Fatal(err)
	}
	text := spec[:60000]
	b, err := TrainByteBPE(text, 1024, PatternCL100k)
	if err != nil {
		t.Fatal(err)
	}
	if b.MaxVocabSize() != 1024 {
		t.Fatalf("MaxVocabSize = %d", b.MaxVocabSize())
	}
	pts, err := b.Compression(text, []int{256, 300, 512, 1024})
	if err != nil {
		t.Fatal(err)
	}
	if pts[0].BytesPerToken != 1 {
		t.Errorf("256 tokens = bytes, so 1 byte/token; got %v", pts[0].BytesPerToken)
	}
	for k := 1; k < len(pts); k++ {
		if pts[k].Tokens >= pts[k-1].Tokens {
			t.Errorf("%d tokens at vocab %d, %d at %d", pts[k].Tokens, pts[k].VocabSize, pts[k-1].Tokens, pts[k-1].VocabSize)
		}
	}
	e, err := b.Encoding("spec1k", 1024, map[string]int{"<|end|>": 1024})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{text, spec[60000:70000], "unseen: Ω≈ç√∫ 🙂 \xff\xfe"} {
		ids, err := e.Encode(s+"<|end|>", []string{"<|end|>"})
		if err != nil {
			t.Fatal(err)
		}
		if ids[len(ids)-1] != 1024 {
			t.Errorf("special token not last: %v", ids[len(ids)-5:])
		}
		if back, err := e.Decode(ids); err != nil || back != s+"<|end|>" {
			t.Errorf("round trip failed (err %v)", err)
		}
	}
}

func TestTrainErrors(t *testing.T) {
	if _, err := TrainByteBPE("", 300, PatternCL100k); !errors.Is(err, ErrEmptyText) {
		t.Errorf("empty text: err = %v", err)
	}
	_, err := TrainByteBPE("good text \xe2\x82 bad", 300, PatternCL100k)
	if err == nil || !strings.Contains(err.Error(), "byte offset 10") || !strings.Contains(err.Error(), "UTF-8") {
		t.Errorf("invalid UTF-8: err = %v", err)
	}
	_, err = TrainByteBPE("text", 255, PatternCL100k)
	if err == nil || !strings.Contains(err.Error(), "255") || !strings.Contains(err.Error(), "below 256") {
		t.Errorf("vocab 255: err = %v", err)
	}
	b, _ := TrainByteBPE("abab", 1000, PatternCL100k)
	if b.MaxVocabSize() != 258 { // ab, then abab
		t.Errorf("MaxVocabSize = %d, want 258 (the text runs out of pairs)", b.MaxVocabSize())
	}
	if b, err := TrainByteBPE("abc", 1<<40, PatternCL100k); err != nil || b.MaxVocabSize() != 258 {
		t.Errorf("huge vocabulary: %v", err)
	}
	if _, err := b.Encoding("x", 259, nil); err == nil {
		t.Error("Encoding beyond MaxVocabSize: no error")
	}
	if _, err := b.Compression("", []int{256}); err == nil {
		t.Error("Compression of empty text: no error")
	}
}
