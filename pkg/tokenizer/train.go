package tokenizer

import (
	"errors"
	"fmt"
	"unicode/utf8"
)

// Merge is one learned byte-level merge: the tokens Left and Right, adjacent
// in some piece, become the new token ID. Count is how many times the pair
// occurred in the training text when it was chosen.
type Merge struct {
	Left, Right, ID int
	Count           int
}

// ByteBPE is the result of TrainByteBPE: a pattern and an ordered list of
// merges over the 256 byte tokens. Token ids 0..255 are the single bytes
// (id = byte value) and merge k creates id 256+k. Because merges are
// ordered, the first n merges form a smaller tokenizer of their own, so one
// training run serves every vocabulary size up to MaxVocabSize.
type ByteBPE struct {
	pattern Pattern
	merges  []Merge
	tokens  []string // id -> bytes
}

// Merges returns the learned merges, in order.
func (b *ByteBPE) Merges() []Merge { return append([]Merge(nil), b.merges...) }

// MaxVocabSize returns 256 + the number of merges. It is the vocabulary
// size asked for, or less if the text ran out of pairs to merge.
func (b *ByteBPE) MaxVocabSize() int { return len(b.tokens) }

// Token returns the bytes of token id.
func (b *ByteBPE) Token(id int) string {
	if id < 0 || id >= len(b.tokens) {
		panic(fmt.Sprintf("tokenizer: token id %d out of range [0, %d)", id, len(b.tokens)))
	}
	return b.tokens[id]
}

// Encoding returns the tokenizer made of the 256 byte tokens and the first
// vocabSize-256 merges, under the given special tokens (name -> id; ids
// must be >= vocabSize). vocabSize must be in [256, MaxVocabSize].
func (b *ByteBPE) Encoding(name string, vocabSize int, special map[string]int) (*Encoding, error) {
	if vocabSize < 256 || vocabSize > len(b.tokens) {
		return nil, fmt.Errorf("tokenizer: vocabulary size %d outside [256, %d] for this trained BPE", vocabSize, len(b.tokens))
	}
	ranks := make(map[string]int, vocabSize)
	for id, tok := range b.tokens[:vocabSize] {
		ranks[tok] = id
	}
	return NewEncoding(name, b.pattern, ranks, special)
}

// ErrEmptyText is returned (wrapped) when training is given no text.
var ErrEmptyText = errors.New("tokenizer: empty training text")

// checkText returns an error for empty text or invalid UTF-8, giving the
// byte offset of the first invalid byte.
func checkText(text string) error {
	if text == "" {
		return ErrEmptyText
	}
	if i := invalidUTF8(text); i >= 0 {
		return fmt.Errorf("tokenizer: training text is not valid UTF-8: byte 0x%02x at byte offset %d", text[i], i)
	}
	return nil
}

// invalidUTF8 returns the offset of the first byte of s that is not part of
// valid UTF-8, or -1.
func invalidUTF8(s string) int {
	if utf8.ValidString(s) {
		return -1
	}
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 {
			return i
		}
		i += n
	}
	return -1
}

// TrainByteBPE learns merges on text until the vocabulary holds vocabSize
// tokens (256 bytes + vocabSize-256 merges), or until no two adjacent
// tokens remain in any piece. Merges never cross the pieces of pattern.
//
// Each step merges the most frequent adjacent pair. Ties go to the pair
// with the smallest (left id, right id), i.e. to older tokens and, among
// single bytes, to byte order; this makes training deterministic.
//
// The cost per merge is proportional to the pieces that contain the pair,
// not to the corpus: the text is reduced to its distinct pieces with counts,
// an index maps each pair to the pieces containing it, counts are updated
// only for those pieces, and a max-heap (with lazily dropped stale entries)
// finds the next pair.
//
// Errors: empty text, invalid UTF-8 (with the byte offset) and vocabSize
// below 256.
func TrainByteBPE(text string, vocabSize int, pattern Pattern) (*ByteBPE, error) {
	pattern.mustValid()
	if err := checkText(text); err != nil {
		return nil, err
	}
	if vocabSize < 256 {
		return nil, fmt.Errorf("tokenizer: vocabulary size %d is below 256: a byte-level BPE needs one token per byte value", vocabSize)
	}
	words, counts := uniquePieces(text, pattern)
	// Each merge shortens the text by at least one token, which bounds
	// the capacity whatever vocabSize asks for.
	b := &ByteBPE{pattern: pattern, tokens: make([]string, 256, min(vocabSize, 256+len(text)))}
	for i := range 256 {
		b.tokens[i] = string([]byte{byte(i)})
	}

	pairs := map[pairKey]int{}     // current count of each pair
	where := map[pairKey][]int32{} // pieces that contain (or once contained) each pair
	for w, seq := range words {
		for k := 0; k+1 < len(seq); k++ {
			p := key(seq[k], seq[k+1])
			where[p] = appendOnce(where[p], int32(w))
			pairs[p] += counts[w]
		}
	}
	h := make([]pairEntry, 0, len(pairs))
	for p, c := range pairs {
		h = append(h, pairEntry{p, c})
	}
	heapInit(h)

	seen := make([]int32, len(words)) // the merge (1-based) that last visited each piece
	delta := map[pairKey]int{}
	for len(b.tokens) < vocabSize {
		// Pop the best pair whose heap entry is current.
		var best pairEntry
		found := false
		for len(h) > 0 {
			var e pairEntry
			e, h = heapPop(h)
			if c := pairs[e.p]; c == e.count && c > 0 {
				best, found = e, true
				break
			}
		}
		if !found {
			break // every piece is a single token
		}
		id := int32(len(b.tokens))
		l, r := best.p.left(), best.p.right()
		b.merges = append(b.merges, Merge{Left: int(l), Right: int(r), ID: int(id), Count: best.count})
		b.tokens = append(b.tokens, b.tokens[l]+b.tokens[r])

		clear(delta)
		step := int32(len(b.merges))
		for _, w := range where[best.p] {
			if seen[w] == step {
				continue
			}
			seen[w] = step
			seq, c := words[w], counts[w]
			// Merge in place, updating only the pairs around each
			// occurrence. The left neighbour is read from the output, so
			// that in "l r l r" the second occurrence sees the id made by
			// the first: (r,l) becomes (id,l), then (id,id).
			out := seq[:0]
			for k := 0; k < len(seq); k++ {
				if k+1 >= len(seq) || seq[k] != l || seq[k+1] != r {
					out = append(out, seq[k])
					continue
				}
				delta[best.p] -= c
				if n := len(out); n > 0 {
					x := out[n-1]
					delta[key(x, l)] -= c
					delta[key(x, id)] += c
					where[key(x, id)] = appendOnce(where[key(x, id)], w)
				}
				if k+2 < len(seq) {
					y := seq[k+2]
					delta[key(r, y)] -= c
					delta[key(id, y)] += c
					where[key(id, y)] = appendOnce(where[key(id, y)], w)
				}
				out = append(out, id)
				k++
			}
			words[w] = out
		}
		delete(where, best.p)
		for p, d := range delta {
			if d == 0 {
				continue
			}
			pairs[p] += d
			if pairs[p] > 0 {
				h = heapPush(h, pairEntry{p, pairs[p]})
			} else {
				delete(pairs, p)
			}
		}
	}
	return b, nil
}

// uniquePieces splits text with pattern and returns each distinct piece as
// a sequence of byte ids, with its number of occurrences.
func uniquePieces(text string, pattern Pattern) (words [][]int32, counts []int) {
	index := map[string]int{}
	next := pattern.scanner()
	for i := 0; i < len(text); {
		j := next(text, i)
		piece := text[i:j]
		if k, ok := index[piece]; ok {
			counts[k]++
		} else {
			index[piece] = len(words)
			seq := make([]int32, len(piece))
			for k := range len(piece) {
				seq[k] = int32(piece[k])
			}
			words = append(words, seq)
			counts = append(counts, 1)
		}
		i = j
	}
	return words, counts
}

// mergeSeq replaces, left to right, each non-overlapping occurrence of
// (l, r) in seq by id, in place.
func mergeSeq(seq []int32, l, r, id int32) []int32 {
	out := seq[:0]
	for k := 0; k < len(seq); k++ {
		if k+1 < len(seq) && seq[k] == l && seq[k+1] == r {
			out = append(out, id)
			k++
		} else {
			out = append(out, seq[k])
		}
	}
	return out
}

// appendOnce appends w to the piece list s unless it is already last.
func appendOnce(s []int32, w int32) []int32 {
	if len(s) > 0 && s[len(s)-1] == w {
		return s
	}
	return append(s, w)
}

// pairKey packs a pair of token ids (left in the high half), so that
// comparing keys compares (left, right) lexicographically.
type pairKey uint64

func key(l, r int32) pairKey   { return pairKey(uint64(uint32(l))<<32 | uint64(uint32(r))) }
func (p pairKey) left() int32  { return int32(p >> 32) }
func (p pairKey) right() int32 { return int32(uint32(p)) }

type pairEntry struct {
	p     pairKey
	count int
}

// before orders pair entries for training's heap: highest count first,
// then the smallest pair (left id, then right id).
func (a pairEntry) before(b pairEntry) bool {
	if a.count != b.count {
		return a.count > b.count
	}
	return a.p < b.p
}
