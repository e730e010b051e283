package tokenizer

import (
	"strings"
	"testing"
)

// FuzzRoundTrip checks, for arbitrary bytes (invalid UTF-8 included), that
// every encoding decodes what it encodes and that the pre-split pieces are
// non-empty and concatenate back to the input, i.e. no byte is dropped.
// Its seeds run under plain `go test`; CI also runs
//
//	go test -run='^$' -fuzz=FuzzRoundTrip -fuzztime=20s ./pkg/tokenizer
func FuzzRoundTrip(f *testing.F) {
	for _, s := range []string{
		"", "hello world", "\xff\xfe", "a\x80b", "  \n\t ", "\n  \n  x", "日本\xe6\x97", "\xe6\x97日本",
		"<|endoftext|>", "<|endoftext", strings.Repeat("a", 300), strings.Repeat(" ", 200) + "x",
		"'s'S'ſ'\xc5", "👨\u200d👩\u200d👧", "🇫🇷🇯🇵", "e\u0301\u0301", "1234567", "\r\n\r\n \x7f",
		"HTTPServer's", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\x00\x01 \x1f",
	} {
		f.Add([]byte(s))
	}
	var encs []*Encoding
	for _, name := range EncodingNames() {
		encs = append(encs, mustLoad(f, name))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		s := string(b)
		for _, e := range encs {
			pieces := e.Pattern().Split(s)
			for _, p := range pieces {
				if p == "" {
					t.Fatalf("%s: empty piece in %q", e.Name(), s)
				}
			}
			if strings.Join(pieces, "") != s {
				t.Fatalf("%s: pieces %q do not concatenate to %q", e.Name(), pieces, s)
			}
			ids := e.EncodeOrdinary(s)
			back, err := e.Decode(ids)
			if err != nil || back != s {
				t.Fatalf("%s: Decode(Encode(%q)) = %q, %v", e.Name(), s, back, err)
			}
			ids, err = e.Encode(s, e.SpecialTokens())
			if err != nil {
				t.Fatal(err)
			}
			if back, err := e.Decode(ids); err != nil || back != s {
				t.Fatalf("%s: with specials allowed, Decode(Encode(%q)) = %q, %v", e.Name(), s, back, err)
			}
		}
	})
}
