package tokenizer

import "unicode/utf8"

// This file holds the data and measures of chapter 01's pathologies: what
// the same sentence costs in different languages, how numbers are cut,
// what a trailing space does, and glitch tokens.

// Translation is one sentence in one language.
type Translation struct {
	Language string
	Text     string
}

// ParallelSentence is one sentence, "I like to read books in the evening.",
// in several languages and scripts, to compare what the same meaning costs
// in tokens.
var ParallelSentence = []Translation{
	{"English", "I like to read books in the evening."},
	{"German", "Ich lese abends gern Bücher."},
	{"French", "J'aime lire des livres le soir."},
	{"Spanish", "Me gusta leer libros por la noche."},
	{"Russian", "Я люблю читать книги по вечерам."},
	{"Arabic", "أحب قراءة الكتب في المساء."},
	{"Hindi", "मुझे शाम को किताबें पढ़ना पसंद है।"},
	{"Chinese", "我喜欢在晚上看书。"},
	{"Japanese", "私は夜に本を読むのが好きです。"},
	{"Korean", "나는 저녁에 책 읽는 것을 좋아한다."},
}

// NumberExamples are strings whose digits the encodings cut differently:
// r50k_base keeps a run of digits as one pre-split piece and lets merges
// cut it anywhere, cl100k_base and o200k_base first cut it into groups of
// at most three digits from the left.
var NumberExamples = []string{"1234567", "In 2026", "in 1999", "$19.99", "3.14159", "1,000,000"}

// SolidGoldMagikarp is the best-known glitch token: " SolidGoldMagikarp"
// (with its leading space; a Reddit user name) is a single token of
// r50k_base, id 43453, that hardly ever occurred in the text GPT-2 and
// GPT-3 were trained on, so its embedding stayed almost untrained and the
// models behaved erratically when asked to repeat it (Rumbelow and
// Watkins, 2023). cl100k_base has no such token and cuts it into pieces.
const SolidGoldMagikarp = " SolidGoldMagikarp"

// GlitchTokens are single tokens of r50k_base from the list of Rumbelow and
// Watkins (2023): strings frequent in the text the vocabulary was built
// from (user names, log output) but rare in the training text, so their
// embeddings stayed nearly untrained.
var GlitchTokens = []string{SolidGoldMagikarp, " petertodd", " davidjl", "StreamerBot", "PsyNetMessage"}

// Cost is what one text costs under one encoding, encoded as ordinary
// text.
type Cost struct {
	Tokens int
	Bytes  int // UTF-8 bytes
	Chars  int // Unicode code points
}

// Cost returns the token, byte and character counts of text.
func (e *Encoding) Cost(text string) Cost {
	return Cost{Tokens: len(e.EncodeOrdinary(text)), Bytes: len(text), Chars: utf8.RuneCountInString(text)}
}

// TokensPerChar returns Tokens / Chars, 0 for empty text.
func (c Cost) TokensPerChar() float64 {
	if c.Chars == 0 {
		return 0
	}
	return float64(c.Tokens) / float64(c.Chars)
}

// TokensPerByte returns Tokens / Bytes, 0 for empty text.
func (c Cost) TokensPerByte() float64 {
	if c.Bytes == 0 {
		return 0
	}
	return float64(c.Tokens) / float64(c.Bytes)
}
