//go:build ignore

// Exercise 01-1: count adjacent pairs.
package main

// CountPairs counts the adjacent pairs of symbols: for a a b it returns
// {(a, a): 1, (a, b): 1}.
func CountPairs(symbols []string) map[tokenizer.Pair]int {
	counts := map[tokenizer.Pair]int{}
	for i := 0; i+1 < len(symbols); i++ {
		counts[tokenizer.Pair{Left: symbols[i], Right: symbols[i+1]}]++
	}
	return counts
}
