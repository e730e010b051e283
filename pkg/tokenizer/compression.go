package tokenizer

import (
	"fmt"
	"math"
)

// CompressionPoint is the compression of a text at one vocabulary size.
type CompressionPoint struct {
	VocabSize     int
	Tokens        int     // tokens for the text
	Bytes         int     // bytes of the text
	BytesPerToken float64 // Bytes / Tokens
}

// Compression encodes text (as ordinary text) with the first
// vocabSize-256 merges for each of vocabSizes and reports bytes per token.
// Since merges are ordered, one training run gives every point; only the
// encodings are recomputed. Sizes must lie in [256, MaxVocabSize].
func (b *ByteBPE) Compression(text string, vocabSizes []int) ([]CompressionPoint, error) {
	if text == "" {
		return nil, fmt.Errorf("tokenizer: empty text to measure compression on")
	}
	out := make([]CompressionPoint, 0, len(vocabSizes))
	for _, v := range vocabSizes {
		e, err := b.Encoding(fmt.Sprintf("bpe%d", v), v, nil)
		if err != nil {
			return nil, err
		}
		n := len(e.EncodeOrdinary(text))
		out = append(out, CompressionPoint{VocabSize: v, Tokens: n, Bytes: len(text), BytesPerToken: float64(len(text)) / float64(n)})
	}
	return out, nil
}

// CompressionCurve returns the points of a compression plot: x = log₂ of
// each vocabulary size, y = its bytes per token.
func CompressionCurve(pts []CompressionPoint) (log2Vocab, bytesPerToken []float64) {
	for _, p := range pts {
		log2Vocab = append(log2Vocab, math.Log2(float64(p.VocabSize)))
		bytesPerToken = append(bytesPerToken, p.BytesPerToken)
	}
	return log2Vocab, bytesPerToken
}
