package tokenizer

// A binary heap over a slice, shared by the merge loop of encoding
// (min-heap of merge candidates) and by training (max-heap of pair counts).
// It is generic over the element's before method rather than built on
// container/heap, so that elements are not boxed in interfaces and pushes do
// not allocate.

type heapItem[T any] interface {
	before(T) bool // whether the receiver comes out of the heap first
}

func heapInit[T heapItem[T]](h []T) {
	for i := len(h)/2 - 1; i >= 0; i-- {
		heapDown(h, i)
	}
}

func heapPush[T heapItem[T]](h []T, x T) []T {
	h = append(h, x)
	for i := len(h) - 1; i > 0; {
		p := (i - 1) / 2
		if !h[i].before(h[p]) {
			break
		}
		h[i], h[p] = h[p], h[i]
		i = p
	}
	return h
}

func heapPop[T heapItem[T]](h []T) (T, []T) {
	top := h[0]
	h[0] = h[len(h)-1]
	h = h[:len(h)-1]
	heapDown(h, 0)
	return top, h
}

func heapDown[T heapItem[T]](h []T, i int) {
	for {
		c := 2*i + 1
		if c >= len(h) {
			return
		}
		if r := c + 1; r < len(h) && h[r].before(h[c]) {
			c = r
		}
		if !h[c].before(h[i]) {
			return
		}
		h[i], h[c] = h[c], h[i]
		i = c
	}
}
