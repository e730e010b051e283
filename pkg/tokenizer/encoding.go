package tokenizer

import (
	"fmt"
	"slices"
	"strings"
)

// Encoding is a byte-level BPE tokenizer: a pattern that pre-splits text, a
// vocabulary of byte strings ranked by merge order (the rank is the token
// id), and special tokens with ids of their own. It is immutable and safe
// for concurrent use.
type Encoding struct {
	name     string
	pattern  Pattern
	ranks    map[string]int // token bytes -> id
	tokens   []string       // id -> token bytes (or special name); "" if unassigned
	special  map[string]int
	specials []string // special token names, by id
	isSpec   []bool   // id -> is a special token
}

// NewEncoding builds an Encoding from a rank table (token bytes -> id) and
// special tokens (name -> id). Every single byte must be in ranks so that
// any input can be encoded; ids must be non-negative and distinct.
func NewEncoding(name string, pattern Pattern, ranks map[string]int, special map[string]int) (*Encoding, error) {
	pattern.mustValid()
	e := &Encoding{name: name, pattern: pattern, ranks: ranks, special: map[string]int{}}
	maxID := -1
	for tok, id := range ranks {
		if tok == "" {
			return nil, fmt.Errorf("tokenizer: encoding %s: empty token with id %d", name, id)
		}
		if id < 0 {
			return nil, fmt.Errorf("tokenizer: encoding %s: token %q has negative id %d", name, tok, id)
		}
		maxID = max(maxID, id)
	}
	for tok, id := range special {
		if tok == "" || id < 0 {
			return nil, fmt.Errorf("tokenizer: encoding %s: bad special token %q with id %d", name, tok, id)
		}
		maxID = max(maxID, id)
	}
	e.tokens = make([]string, maxID+1)
	e.isSpec = make([]bool, maxID+1)
	for tok, id := range ranks {
		if e.tokens[id] != "" {
			return nil, fmt.Errorf("tokenizer: encoding %s: id %d is given to both %q and %q", name, id, e.tokens[id], tok)
		}
		e.tokens[id] = tok
	}
	for b := 0; b < 256; b++ {
		if _, ok := ranks[string([]byte{byte(b)})]; !ok {
			return nil, fmt.Errorf("tokenizer: encoding %s: byte 0x%02x has no token, so some inputs could not be encoded", name, b)
		}
	}
	for tok, id := range special {
		if e.tokens[id] != "" {
			return nil, fmt.Errorf("tokenizer: encoding %s: special token %q has id %d, already used by %q", name, tok, id, e.tokens[id])
		}
		e.tokens[id] = tok
		e.isSpec[id] = true
		e.special[tok] = id
		e.specials = append(e.specials, tok)
	}
	slices.SortFunc(e.specials, func(a, b string) int { return special[a] - special[b] })
	return e, nil
}

// Name returns the encoding's name, e.g. "cl100k_base".
func (e *Encoding) Name() string { return e.name }

// Pattern returns the pre-split pattern.
func (e *Encoding) Pattern() Pattern { return e.pattern }

// VocabSize returns the number of token ids, special tokens included: one
// more than the largest id. (cl100k_base has one unassigned id, 100256, and
// some above it, so this is not the count of tokens.)
func (e *Encoding) VocabSize() int { return len(e.tokens) }

// SpecialTokens returns the names of the special tokens, ordered by id.
func (e *Encoding) SpecialTokens() []string { return slices.Clone(e.specials) }

// SpecialID returns the id of the special token name.
func (e *Encoding) SpecialID(name string) (int, bool) {
	id, ok := e.special[name]
	return id, ok
}

// Ranks returns a copy of the rank table (token bytes -> id), without the
// special tokens.
func (e *Encoding) Ranks() map[string]int {
	m := make(map[string]int, len(e.ranks))
	for k, v := range e.ranks {
		m[k] = v
	}
	return m
}

// EncodeOrdinary encodes text treating every byte as ordinary text: a
// special token's name, if present, is encoded like any other string (this
// is tiktoken's encode_ordinary). It never fails.
func (e *Encoding) EncodeOrdinary(text string) []int {
	return e.appendOrdinary(make([]int, 0, len(text)/3+1), text)
}

func (e *Encoding) appendOrdinary(dst []int, text string) []int {
	next := e.pattern.scanner()
	for i := 0; i < len(text); {
		j := next(text, i)
		piece := text[i:j]
		if id, ok := e.ranks[piece]; ok {
			dst = append(dst, id)
		} else {
			dst = appendPiece(dst, piece, e.ranks)
		}
		i = j
	}
	return dst
}

// Encode returns the token ids of text. A special token's name in text is
// encoded as that special token if it is in allowedSpecial; if it is not,
// Encode returns an error giving its byte offset, because silently encoding
// "<|endoftext|>" from user text as ordinary text (or as the real special
// token) is a classic prompt-injection bug. Use EncodeOrdinary to treat all
// text as ordinary. The text between special tokens is pre-split on its
// own, as tiktoken does.
func (e *Encoding) Encode(text string, allowedSpecial []string) ([]int, error) {
	ids := make([]int, 0, len(text)/3+1)
	err := e.encode(text, allowedSpecial, func(seg string, special int) {
		if special >= 0 {
			ids = append(ids, special)
		} else {
			ids = e.appendOrdinary(ids, seg)
		}
	})
	if err != nil {
		return nil, err
	}
	return ids, nil
}

// encode cuts text at special tokens and calls emit for each ordinary
// segment (special = -1) and each allowed special token (its id).
func (e *Encoding) encode(text string, allowedSpecial []string, emit func(seg string, special int)) error {
	allowed := make([]bool, len(e.specials))
	for _, name := range allowedSpecial {
		k := slices.Index(e.specials, name)
		if k < 0 {
			return fmt.Errorf("tokenizer: %s has no special token %q (it has %q)", e.name, name, e.specials)
		}
		allowed[k] = true
	}
	// next[k] caches where specials[k] next occurs at or after pos (-1: never).
	next := make([]int, len(e.specials))
	for k, name := range e.specials {
		next[k] = strings.Index(text, name)
	}
	pos := 0
	for {
		best := -1
		for k, name := range e.specials {
			if next[k] >= 0 && next[k] < pos {
				if j := strings.Index(text[pos:], name); j >= 0 {
					next[k] = pos + j
				} else {
					next[k] = -1
				}
			}
			if next[k] < 0 {
				continue
			}
			if best < 0 || next[k] < next[best] || next[k] == next[best] && len(name) > len(e.specials[best]) {
				best = k
			}
		}
		if best < 0 {
			break
		}
		at, name := next[best], e.specials[best]
		if !allowed[best] {
			return fmt.Errorf("tokenizer: special token %q at byte offset %d is not allowed; "+
				"list it in allowedSpecial to encode it as id %d, or use EncodeOrdinary to encode it as text", name, at, e.special[name])
		}
		if at > pos {
			emit(text[pos:at], -1)
		}
		emit(name, e.special[name])
		pos = at + len(name)
	}
	if pos < len(text) {
		emit(text[pos:], -1)
	}
	return nil
}

// TokenBytes returns the bytes of token id (the name, for a special token).
// The bytes need not be valid UTF-8: a multi-byte character may be split
// across tokens.
func (e *Encoding) TokenBytes(id int) (string, error) {
	if id < 0 || id >= len(e.tokens) {
		return "", fmt.Errorf("tokenizer: token id %d is outside the vocabulary of %s (size %d)", id, e.name, len(e.tokens))
	}
	if e.tokens[id] == "" {
		return "", fmt.Errorf("tokenizer: token id %d is not assigned in %s (vocabulary size %d)", id, e.name, len(e.tokens))
	}
	return e.tokens[id], nil
}

// IsSpecial reports whether id is a special token.
func (e *Encoding) IsSpecial(id int) bool {
	return id >= 0 && id < len(e.isSpec) && e.isSpec[id]
}

// Decode concatenates the bytes of the tokens ids. The result is a Go
// string holding those bytes, which is valid UTF-8 whenever the ids came
// from encoding valid UTF-8, but not necessarily for an arbitrary slice of
// them. An id outside the vocabulary is an error naming the id and the
// vocabulary size.
func (e *Encoding) Decode(ids []int) (string, error) {
	var sb strings.Builder
	for k, id := range ids {
		tok, err := e.TokenBytes(id)
		if err != nil {
			return "", fmt.Errorf("%w (at position %d of the input)", err, k)
		}
		sb.WriteString(tok)
	}
	return sb.String(), nil
}
