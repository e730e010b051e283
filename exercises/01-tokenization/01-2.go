//go:build ignore

// Exercise 01-2: apply one merge.
package main

// MergePair returns symbols with every adjacent (p.Left, p.Right), scanned
// left to right, replaced by p.Left+p.Right.
func MergePair(symbols []string, p tokenizer.Pair) []string {
	out := make([]string, 0, len(symbols))
	for i := 0; i < len(symbols); i++ {
		if i+1 < len(symbols) && symbols[i] == p.Left && symbols[i+1] == p.Right {
			out = append(out, p.Left+p.Right)
			i++ // the right symbol is used up
			continue
		}
		out = append(out, symbols[i])
	}
	return out
}
