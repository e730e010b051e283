package tokenizer

import "math"

// This file holds tiktoken's byte-pair merge: split a piece into single
// bytes, then repeatedly merge the adjacent pair whose concatenation has the
// lowest rank in the vocabulary, the leftmost one on ties, until no adjacent
// pair is in the vocabulary. A lower rank means the merge was learned
// earlier, so this replays training's merges in their learned order.

const noRank = math.MaxInt32

// heapFrom is the piece length (bytes) from which appendPiece switches from
// the O(n²) scan to the O(n log n) heap. Almost all pieces are short, and for
// them the scan is faster.
const heapFrom = 128

// appendPiece appends to dst the ids of the byte-pair encoding of piece,
// which must not be empty.
func appendPiece(dst []int, piece string, ranks map[string]int) []int {
	if len(piece) >= heapFrom {
		return appendPieceHeap(dst, piece, ranks)
	}
	// starts[k] is where part k begins; rank[k] is the rank of the merge of
	// parts k and k+1. One fixed array keeps short pieces off the heap.
	var buf [2 * heapFrom]int32
	n := len(piece)
	starts := buf[: n+1 : n+1]
	rank := buf[heapFrom : heapFrom+n]
	for k := 0; k <= n; k++ {
		starts[k] = int32(k)
	}
	pairRank := func(k int) int32 {
		if k+2 >= len(starts) {
			return noRank
		}
		if r, ok := ranks[piece[starts[k]:starts[k+2]]]; ok {
			return int32(r)
		}
		return noRank
	}
	for k := 0; k < n; k++ {
		rank[k] = pairRank(k)
	}
	for len(starts) > 2 {
		best, at := int32(noRank), -1
		for k, r := range rank[:len(starts)-2] {
			if r < best {
				best, at = r, k
			}
		}
		if at < 0 {
			break
		}
		// Merge parts at and at+1 by dropping the boundary at+1.
		copy(starts[at+1:], starts[at+2:])
		starts = starts[:len(starts)-1]
		copy(rank[at+1:], rank[at+2:])
		rank = rank[:len(rank)-1]
		rank[at] = pairRank(at)
		if at > 0 {
			rank[at-1] = pairRank(at - 1)
		}
	}
	for k := 0; k+1 < len(starts); k++ {
		dst = append(dst, ranks[piece[starts[k]:starts[k+1]]])
	}
	return dst
}

// appendPieceHeap gives the same result as the scan in appendPiece, with the
// parts kept in a linked list and the candidate merges in a min-heap ordered
// by (rank, start offset), so that ties still go to the leftmost pair.
// Stale heap entries are skipped when popped.
func appendPieceHeap(dst []int, piece string, ranks map[string]int) []int {
	n := len(piece)
	next := make([]int32, n+1) // next[k] is the start of the part after the one at k; -1 at the end
	prev := make([]int32, n+1)
	rank := make([]int32, n+1)
	for k := 0; k <= n; k++ {
		next[k], prev[k], rank[k] = int32(k+1), int32(k-1), noRank
	}
	next[n] = -1
	pairRank := func(k int32) int32 {
		j := next[k]
		if j < 0 || next[j] < 0 {
			return noRank
		}
		if r, ok := ranks[piece[k:next[j]]]; ok {
			return int32(r)
		}
		return noRank
	}
	h := make([]mergeCand, 0, n)
	for k := int32(0); k < int32(n); k++ {
		if rank[k] = pairRank(k); rank[k] != noRank {
			h = append(h, mergeCand{rank[k], k})
		}
	}
	heapInit(h)
	for len(h) > 0 {
		var top mergeCand
		top, h = heapPop(h)
		k := top.start
		if rank[k] != top.rank {
			continue // stale
		}
		j := next[k]
		nj := next[j]
		next[k] = nj
		if nj >= 0 {
			prev[nj] = k
		}
		rank[j] = noRank
		for _, b := range [2]int32{k, prev[k]} {
			if b < 0 {
				continue
			}
			if rank[b] = pairRank(b); rank[b] != noRank {
				h = heapPush(h, mergeCand{rank[b], b})
			}
		}
	}
	for k := int32(0); next[k] >= 0; k = next[k] {
		dst = append(dst, ranks[piece[k:next[k]]])
	}
	return dst
}

// mergeCand is a candidate merge in appendPieceHeap: lowest rank first,
// then leftmost.
type mergeCand struct{ rank, start int32 }

func (a mergeCand) before(b mergeCand) bool {
	if a.rank != b.rank {
		return a.rank < b.rank
	}
	return a.start < b.start
}
