//go:build ignore

// Exercise 01-3: encode a piece by rank.
package main

// EncodePiece encodes one pre-split piece with a rank table, merging the
// lowest-ranked adjacent pair first, and returns the ids (ranks) of the
// final parts.
func EncodePiece(ranks map[string]int, piece string) []int {
	parts := make([]string, len(piece))
	for i := range len(piece) {
		parts[i] = piece[i : i+1]
	}
	for {
		best, bestRank := -1, 0
		for i := 0; i+1 < len(parts); i++ {
			// Only a strictly lower rank replaces the best: the leftmost wins ties.
			if r, ok := ranks[parts[i]+parts[i+1]]; ok && (best < 0 || r < bestRank) {
				best, bestRank = i, r
			}
		}
		if best < 0 {
			break
		}
		merged := parts[best] + parts[best+1]
		parts = append(parts[:best+1], parts[best+2:]...)
		parts[best] = merged
	}
	ids := make([]int, len(parts))
	for i, p := range parts {
		ids[i] = ranks[p]
	}
	return ids
}
