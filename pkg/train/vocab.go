package train

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"llminternals/pkg/tokenizer"
)

// Tokenizer is what training and decoding need from a tokenizer: text to ids
// and back, and the number of ids (the model's vocabulary size V). CharVocab
// and BPE satisfy it.
type Tokenizer interface {
	Encode(text string) ([]int, error)
	Decode(ids []int) (string, error)
	VocabSize() int
}

// CharVocab is a character-level vocabulary: the distinct runes of a text,
// sorted, with id i standing for the i-th rune. It is the tokenizer of
// nanoGPT's Shakespeare baby GPT and of the course's tiny GPT: tiny, and every
// string of known runes encodes.
type CharVocab struct {
	runes []rune
	index map[rune]int
}

// NewCharVocab builds the vocabulary of text's distinct runes in increasing
// order. Text that is empty or not valid UTF-8 (the error gives the byte
// offset) has no vocabulary. NewCharVocab(v.String()) rebuilds v.
func NewCharVocab(text string) (*CharVocab, error) {
	if text == "" {
		return nil, fmt.Errorf("train: NewCharVocab: the text is empty")
	}
	seen := map[rune]bool{}
	for off, r := range text {
		if r == utf8.RuneError {
			if _, size := utf8.DecodeRuneInString(text[off:]); size == 1 {
				return nil, fmt.Errorf("train: NewCharVocab: invalid UTF-8 at byte offset %d", off)
			}
		}
		seen[r] = true
	}
	v := &CharVocab{index: make(map[rune]int, len(seen))}
	for r := range seen {
		v.runes = append(v.runes, r)
	}
	slices.Sort(v.runes)
	for i, r := range v.runes {
		v.index[r] = i
	}
	return v, nil
}

// VocabSize returns the number of distinct runes, V.
func (v *CharVocab) VocabSize() int { return len(v.runes) }

// String returns the vocabulary's runes in id order, the form a checkpoint
// stores it in.
func (v *CharVocab) String() string { return string(v.runes) }

// Encode returns the id of each rune of text. A rune the vocabulary does not
// hold is an error naming it and its byte offset.
func (v *CharVocab) Encode(text string) ([]int, error) {
	ids := make([]int, 0, len(text))
	for off, r := range text {
		id, ok := v.index[r]
		if !ok {
			return nil, fmt.Errorf("train: CharVocab.Encode: rune %q (%U) at byte offset %d is not in the vocabulary", r, r, off)
		}
		ids = append(ids, id)
	}
	return ids, nil
}

// Decode returns the text of ids. An id outside [0, V) is an error naming it,
// its position and V.
func (v *CharVocab) Decode(ids []int) (string, error) {
	var b strings.Builder
	for i, id := range ids {
		if id < 0 || id >= len(v.runes) {
			return "", fmt.Errorf("train: CharVocab.Decode: id %d at position %d is outside [0, %d)", id, i, len(v.runes))
		}
		b.WriteRune(v.runes[id])
	}
	return b.String(), nil
}

// BPE adapts a byte-level BPE encoding (package tokenizer, trained as in
// chapter 01 with TrainByteBPE) to Tokenizer. Special tokens in the text are
// not allowed: training text is encoded as ordinary text would be, and one is
// an error naming its offset.
type BPE struct {
	Enc *tokenizer.Encoding
}

// Encode returns the BPE ids of text.
func (b BPE) Encode(text string) ([]int, error) { return b.Enc.Encode(text, nil) }

// Decode returns the text of ids.
func (b BPE) Decode(ids []int) (string, error) { return b.Enc.Decode(ids) }

// VocabSize returns the encoding's number of ids.
func (b BPE) VocabSize() int { return b.Enc.VocabSize() }
