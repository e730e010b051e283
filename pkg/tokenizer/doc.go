// Package tokenizer turns text into token ids and back, the way GPT models
// do, and trains the byte-pair encodings (BPE) that define those ids. It is
// the engine of chapter 01 (Tokenization and BPE).
//
// Two BPE flavours live here:
//
//   - Classic word-level BPE (Sennrich et al., 2016), for learning: words
//     are sequences of characters ending in the end-of-word marker "</w>";
//     training merges the most frequent adjacent pair, step by step, and
//     records the pair counts of every step (TrainWordBPE, WordBPE.Tokenize).
//
//   - Byte-level BPE as in GPT-2 and GPT-4 (OpenAI's tiktoken): text is first
//     cut into pieces by a pattern (Pattern.Split); each piece is turned into
//     its UTF-8 bytes, and the adjacent pair whose concatenation has the
//     lowest rank is merged until no pair is in the vocabulary. An id is a
//     rank. Load returns OpenAI's r50k_base, cl100k_base and o200k_base
//     encodings, whose ranks are embedded (gzipped, under encodings/), and
//     Encoding.Encode gives the same ids as tiktoken. TrainByteBPE trains
//     such an encoding on a corpus.
//
// Encoding.TraceMerges replays the merge of one piece step by step, for
// teaching; Segment, TokenID and Cost measure the pathologies chapter 01
// shows (ParallelSentence, NumberExamples, GlitchTokens): what the same
// sentence costs in different scripts, how digits are cut, the token a
// trailing space leaves, and tokens such as " SolidGoldMagikarp".
//
// # Errors
//
// Panics are for programmer errors (an invalid Pattern value, a negative
// merge count) and start with "tokenizer: ". Everything that depends on data
// returns an error that says what was wrong and where: the byte offset of
// invalid UTF-8 or of a special token that was not allowed, the file and
// line of a malformed rank file, the id and vocabulary size of an unknown id.
//
// # Special tokens
//
// Special tokens such as "<|endoftext|>" are not produced by merges. Encode
// takes an explicit allow-list: an allowed special token in the text
// becomes its id, and one that is not allowed is an error, so user text can
// never inject one by accident. EncodeOrdinary encodes everything as text.
//
// # Invalid UTF-8
//
// Byte-level BPE can encode any bytes. A byte that is not part of valid
// UTF-8 forms a piece of its own (it always has a single-byte token), and
// the valid text around it is split as if the text ended there, so
// Decode(Encode(b)) == b for every byte string b.
//
// # Parity with tiktoken
//
// The tests compare ids with github.com/tiktoken-go/tokenizer v0.10.0 on the
// Go spec, on net/http's sources and on ~40,000 generated strings, and they
// agree except where tiktoken-go's generated regex code has two bugs, in
// which this package follows the regular expressions (and so OpenAI's
// tiktoken): tiktoken-go backtracks `\s*[\r\n]+` to the first newline of a
// whitespace run instead of the last ("\n  \n" then splits in two), and it
// drops the byte 0x7F (DEL). parity_test.go checks that every difference is
// one of these.
//
// A second oracle is OpenAI's own tiktoken (Python, Rust core), run offline
// by tools/tiktokenfixtures/gen.py: it first proves that the embedded rank
// files are byte-identical to OpenAI's (their sha256 equals the hash
// tiktoken itself expects), then records its ids for several hundred
// strings, including the cases tiktoken-go gets wrong. TestTiktokenFixtures
// requires every id to be equal, with no exceptions.
//
// # Files
//
// ReadRanks and WriteRanks use tiktoken's rank format (base64 token, space,
// rank); ranks must run 0, 1, 2, … in order. That format has no count, so
// a file cut at a line boundary still parses: LoadRanks therefore takes the
// file's expected sha256, as tiktoken's loader does, and the embedded
// encodings are checked against their published hashes. Encoding.Save and
// LoadFile add a short header with the pattern, the special tokens and the
// number of ranks, so a truncated saved encoding fails to load and says how
// many ranks it found. All writes are atomic.
package tokenizer
