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
	h := make(mergeHeap, 0, n)
	for k := int32(0); k < int32(n); k++ {
		if rank[k] = pairRank(k); rank[k] != noRank {
			h = append(h, mergeCand{rank[k], k})
		}
	}
	h.init()
	for len(h) > 0 {
		top := h.pop()
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
				h.push(mergeCand{rank[b], b})
			}
		}
	}
	for k := int32(0); next[k] >= 0; k = next[k] {
		dst = append(dst, ranks[piece[k:next[k]]])
	}
	return dst
}

type mergeCand struct{ rank, start int32 }

// mergeHeap is a binary min-heap on (rank, start). It is typed rather than
// built on container/heap so that pushes do not allocate.
type mergeHeap []mergeCand

func (h mergeHeap) less(a, b int) bool {
	if h[a].rank != h[b].rank {
		return h[a].rank < h[b].rank
	}
	return h[a].start < h[b].start
}

func (h mergeHeap) init() {
	for i := len(h)/2 - 1; i >= 0; i-- {
		h.down(i)
	}
}

func (h *mergeHeap) push(c mergeCand) {
	*h = append(*h, c)
	h.up(len(*h) - 1)
}

func (h *mergeHeap) pop() mergeCand {
	old := *h
	top := old[0]
	last := len(old) - 1
	old[0] = old[last]
	*h = old[:last]
	h.down(0)
	return top
}

func (h mergeHeap) up(i int) {
	for i > 0 {
		p := (i - 1) / 2
		if !h.less(i, p) {
			return
		}
		h[i], h[p] = h[p], h[i]
		i = p
	}
}

func (h mergeHeap) down(i int) {
	for {
		c := 2*i + 1
		if c >= len(h) {
			return
		}
		if r := c + 1; r < len(h) && h.less(r, c) {
			c = r
		}
		if !h.less(c, i) {
			return
		}
		h[i], h[c] = h[c], h[i]
		i = c
	}
}
