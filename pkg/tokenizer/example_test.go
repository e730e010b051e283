package tokenizer_test

import (
	"fmt"

	"llminternals/pkg/tokenizer"
)

// The corpus of Sennrich et al. (2016); the merges are worked by hand in
// TestWordBPESennrich.
func ExampleTrainWordBPE() {
	words := map[string]int{"low": 5, "lower": 2, "newest": 6, "widest": 3}
	_, trace, err := tokenizer.TrainWordBPE(words, 4)
	if err != nil {
		panic(err)
	}
	for _, s := range trace {
		fmt.Printf("step %d: top %v -> %s\n", s.Step, s.Top[:3], s.NewSymbol)
	}
	// Output:
	// step 1: top [(e, s)=9 (s, t)=9 (t, </w>)=9] -> es
	// step 2: top [(es, t)=9 (t, </w>)=9 (l, o)=7] -> est
	// step 3: top [(est, </w>)=9 (l, o)=7 (o, w)=7] -> est</w>
	// step 4: top [(l, o)=7 (o, w)=7 (e, w)=6] -> lo
}

func ExampleWordBPE_Tokenize() {
	words := map[string]int{"low": 5, "lower": 2, "newest": 6, "widest": 3}
	m, _, _ := tokenizer.TrainWordBPE(words, 10)
	syms, steps, _ := m.Tokenize("lowest")
	for _, s := range steps {
		fmt.Printf("merge %d %v: %q\n", s.Merge, s.Pair, s.Symbols)
	}
	fmt.Printf("%q\n", syms)
	// Output:
	// merge 0 (e, s): ["l" "o" "w" "es" "t" "</w>"]
	// merge 1 (es, t): ["l" "o" "w" "est" "</w>"]
	// merge 2 (est, </w>): ["l" "o" "w" "est</w>"]
	// merge 3 (l, o): ["lo" "w" "est</w>"]
	// merge 4 (lo, w): ["low" "est</w>"]
	// ["low" "est</w>"]
}

// The ids are tiktoken's (checked with tiktoken-go).
func ExampleLoad() {
	for _, name := range []string{"r50k_base", "cl100k_base", "o200k_base"} {
		enc, err := tokenizer.Load(name)
		if err != nil {
			panic(err)
		}
		ids, _ := enc.Encode("Hello world", nil)
		fmt.Println(name, ids)
	}
	// Output:
	// r50k_base [15496 995]
	// cl100k_base [9906 1917]
	// o200k_base [13225 2375]
}

func ExampleEncoding_Encode() {
	enc, _ := tokenizer.Load("cl100k_base")
	ids, err := enc.Encode("Hello world!<|endoftext|>", []string{"<|endoftext|>"})
	fmt.Println(ids, err)
	_, err = enc.Encode("Hello world!<|endoftext|>", nil)
	fmt.Println(err)
	text, _ := enc.Decode(ids)
	fmt.Println(text)
	// Output:
	// [9906 1917 0 100257] <nil>
	// tokenizer: special token "<|endoftext|>" at byte offset 12 is not allowed; list it in allowedSpecial to encode it as id 100257, or use EncodeOrdinary to encode it as text
	// Hello world!<|endoftext|>
}

func ExampleEncoding_Tokens() {
	enc, _ := tokenizer.Load("o200k_base")
	toks, _ := enc.Tokens("Hello, world! It's 2025.", nil)
	for _, t := range toks {
		fmt.Printf("%d %q\n", t.ID, t.Bytes)
	}
	// Output:
	// 13225 "Hello"
	// 11 ","
	// 2375 " world"
	// 0 "!"
	// 7744 " It's"
	// 220 " "
	// 1323 "202"
	// 20 "5"
	// 13 "."
}

// The patterns differ: GPT-2 keeps a space with the digits and splits the
// contraction off; cl100k groups digits by three; o200k keeps "'s" with its
// word.
func ExamplePattern_Split() {
	for _, p := range []tokenizer.Pattern{tokenizer.PatternR50k, tokenizer.PatternCL100k, tokenizer.PatternO200k} {
		fmt.Printf("%-6v %q\n", p, p.Split("It's 12345  ok\n"))
	}
	// Output:
	// r50k   ["It" "'s" " 12345" " " " ok" "\n"]
	// cl100k ["It" "'s" " " "123" "45" " " " ok" "\n"]
	// o200k  ["It's" " " "123" "45" " " " ok" "\n"]
}

// The Wikipedia example, worked by hand in TestTrainWikipedia.
func ExampleTrainByteBPE() {
	bpe, err := tokenizer.TrainByteBPE("aaabdaaabac", 259, tokenizer.PatternCL100k)
	if err != nil {
		panic(err)
	}
	for _, m := range bpe.Merges() {
		fmt.Printf("%d + %d -> %d %q (count %d)\n", m.Left, m.Right, m.ID, bpe.Token(m.ID), m.Count)
	}
	enc, _ := bpe.Encoding("wiki", 259, nil)
	fmt.Println(enc.EncodeOrdinary("aaabdaaabac"))
	// Output:
	// 97 + 97 -> 256 "aa" (count 4)
	// 97 + 98 -> 257 "ab" (count 2)
	// 256 + 257 -> 258 "aaab" (count 2)
	// [258 100 258 97 99]
}

// One training run gives every vocabulary size: by hand, "aaabdaaabac" is
// 11 tokens at 256, 9 with "aa", 7 with "ab" and 5 with "aaab".
func ExampleByteBPE_Compression() {
	bpe, _ := tokenizer.TrainByteBPE("aaabdaaabac", 259, tokenizer.PatternCL100k)
	pts, _ := bpe.Compression("aaabdaaabac", []int{256, 257, 258, 259})
	for _, p := range pts {
		fmt.Printf("vocab %d: %d tokens, %.2f bytes/token\n", p.VocabSize, p.Tokens, p.BytesPerToken)
	}
	// Output:
	// vocab 256: 11 tokens, 1.00 bytes/token
	// vocab 257: 9 tokens, 1.22 bytes/token
	// vocab 258: 7 tokens, 1.57 bytes/token
	// vocab 259: 5 tokens, 2.20 bytes/token
}

func ExampleEncoding_Segment() {
	r50k, _ := tokenizer.Load("r50k_base")
	cl100k, _ := tokenizer.Load("cl100k_base")
	id, _ := r50k.TokenID(tokenizer.SolidGoldMagikarp)
	fmt.Printf("r50k_base:   %q = id %d\n", r50k.Segment(tokenizer.SolidGoldMagikarp), id)
	fmt.Printf("cl100k_base: %q\n", cl100k.Segment(tokenizer.SolidGoldMagikarp))
	fmt.Printf("%q %q\n", r50k.Segment("1234567"), cl100k.Segment("1234567"))
	// Output:
	// r50k_base:   [" SolidGoldMagikarp"] = id 43453
	// cl100k_base: [" Solid" "Gold" "Mag" "ik" "arp"]
	// ["123" "45" "67"] ["123" "456" "7"]
}
