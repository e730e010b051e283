package tokenizer

import (
	"bytes"
	"compress/gzip"
	"embed"
	"fmt"
	"io"
	"slices"
	"sync"
)

// The rank tables of OpenAI's encodings are committed, gzipped, under
// encodings/ and embedded in the binary, so they work offline. They were
// extracted from github.com/tiktoken-go/tokenizer v0.10.0 by
// TestEmbeddedRanks with -update (see builtin_test.go); without -update the
// same test checks that every embedded rank still equals tiktoken-go's.
// Load checks every decompressed file against the sha256 that OpenAI's
// tiktoken expects for it (the expected_hash values in tiktoken's
// tiktoken_ext/openai_public.py), so a damaged or truncated embedded file
// fails loudly instead of giving a smaller vocabulary; TestTiktokenFixtures
// checks the same hashes against the ones tools/tiktokenfixtures/gen.py
// verified with tiktoken itself.
//
//go:embed encodings/*.tiktoken.gz
var encodingFiles embed.FS

type builtinSpec struct {
	pattern Pattern
	sha256  string // of the decompressed rank file, as tiktoken publishes it
	special map[string]int
}

// builtins lists the special tokens of each encoding as tiktoken defines
// them (the ids come after the ranked tokens, with gaps).
var builtins = map[string]builtinSpec{
	"r50k_base": {PatternR50k, "306cd27f03c1a714eca7108e03d66b7dc042abe8c258b44c199a7ed9838dd930", map[string]int{"<|endoftext|>": 50256}},
	"cl100k_base": {PatternCL100k, "223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7", map[string]int{
		"<|endoftext|>":   100257,
		"<|fim_prefix|>":  100258,
		"<|fim_middle|>":  100259,
		"<|fim_suffix|>":  100260,
		"<|endofprompt|>": 100276,
	}},
	"o200k_base": {PatternO200k, "446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d", map[string]int{
		"<|endoftext|>":   199999,
		"<|endofprompt|>": 200018,
	}},
}

var (
	loadMu sync.Mutex
	loaded = map[string]*Encoding{}
)

// EncodingNames returns the names Load accepts, sorted.
func EncodingNames() []string {
	var names []string
	for n := range builtins {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// Load returns one of OpenAI's encodings: "r50k_base" (GPT-2, GPT-3),
// "cl100k_base" (GPT-3.5, GPT-4) or "o200k_base" (GPT-4o), with its pattern
// and special tokens. The first call for a name parses the embedded ranks
// (0.04 s for r50k_base to 0.2 s for o200k_base); later calls return the same Encoding.
func Load(name string) (*Encoding, error) {
	loadMu.Lock()
	defer loadMu.Unlock()
	if e, ok := loaded[name]; ok {
		return e, nil
	}
	spec, ok := builtins[name]
	if !ok {
		return nil, fmt.Errorf("tokenizer: no built-in encoding %q (have %q)", name, EncodingNames())
	}
	path := "encodings/" + name + ".tiktoken.gz"
	f, err := encodingFiles.Open(path)
	if err != nil {
		return nil, fmt.Errorf("tokenizer: embedded %s: %w", path, err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("tokenizer: embedded %s: %w", path, err)
	}
	data, err := io.ReadAll(zr)
	if err != nil {
		return nil, fmt.Errorf("tokenizer: embedded %s: %w", path, err)
	}
	if err := checkSHA256(data, spec.sha256, "embedded "+path+" (decompressed)"); err != nil {
		return nil, err
	}
	ranks, err := ReadRanks(bytes.NewReader(data), path)
	if err != nil {
		return nil, err
	}
	e, err := NewEncoding(name, spec.pattern, ranks, spec.special)
	if err != nil {
		return nil, err
	}
	loaded[name] = e
	return e, nil
}
