package tokenizer

// Token is one token of an encoded text, for showing token boundaries: its
// id, its bytes (the special token's name for a special token) and the byte
// offset in the text where it starts.
type Token struct {
	ID      int
	Bytes   string
	Offset  int
	Special bool
}

// Tokens encodes text like Encode and returns each token with its bytes and
// offset, so that a notebook can colour the boundaries. The Bytes of the
// tokens concatenate back to text.
func (e *Encoding) Tokens(text string, allowedSpecial []string) ([]Token, error) {
	ids, err := e.Encode(text, allowedSpecial)
	if err != nil {
		return nil, err
	}
	out := make([]Token, len(ids))
	off := 0
	for k, id := range ids {
		out[k] = Token{ID: id, Bytes: e.tokens[id], Offset: off, Special: e.isSpec[id]}
		off += len(e.tokens[id])
	}
	return out, nil
}

// BytesPerToken returns len(text)/len(tokens) for text encoded as ordinary
// text: the compression ratio, higher meaning fewer tokens for the same
// text. It returns 0 for empty text.
func (e *Encoding) BytesPerToken(text string) float64 {
	ids := e.EncodeOrdinary(text)
	if len(ids) == 0 {
		return 0
	}
	return float64(len(text)) / float64(len(ids))
}

// TokenIDs returns the id of each token.
func TokenIDs(toks []Token) []int {
	ids := make([]int, len(toks))
	for i, t := range toks {
		ids[i] = t.ID
	}
	return ids
}

// TokenStrings returns the bytes of each token; they concatenate back to
// the encoded text.
func TokenStrings(toks []Token) []string {
	out := make([]string, len(toks))
	for i, t := range toks {
		out[i] = t.Bytes
	}
	return out
}

// Segment encodes text as ordinary text and returns each token's bytes:
// where the encoding cuts it, "hello world" -> "hello", " world".
func (e *Encoding) Segment(text string) []string {
	ids := e.EncodeOrdinary(text)
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = e.tokens[id]
	}
	return out
}

// TokenID returns the id of the ordinary token whose bytes are exactly s,
// and whether there is one: whether s is a single entry of the vocabulary.
func (e *Encoding) TokenID(s string) (int, bool) {
	id, ok := e.ranks[s]
	return id, ok
}
