package autograd

import (
	"llminternals/pkg/internal/workers"
	"sync"
)

// parallelEntries is the number of entries (about 20 µs of elementwise
// work) below which an op runs on one goroutine.
const parallelEntries = 1 << 15

// parallelRows calls f(lo, hi) on disjoint row ranges that cover [0, r),
// splitting them over up to GOMAXPROCS goroutines when the r×c matrix is
// large enough. f must only write rows lo…hi−1 of its outputs, each row
// computed on its own: then the bits do not depend on the split. A sum over
// rows (the gradient of a broadcast bias) must not go through it.
func parallelRows(r, c int, f func(lo, hi int)) {
	nw := min(workers.N(), r, r*c/parallelEntries)
	if nw <= 1 {
		f(0, r)
		return
	}
	per := (r + nw - 1) / nw
	var wg sync.WaitGroup
	for lo := per; lo < r; lo += per {
		wg.Go(func() { f(lo, min(lo+per, r)) })
	}
	f(0, min(per, r))
	wg.Wait()
}
