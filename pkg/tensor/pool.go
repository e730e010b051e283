package tensor

import (
	"sync"

	"gonum.org/v1/gonum/mat"
)

// The storage pool: large matrices that their owner declared dead
// (Recycle), kept by length for New to hand out again.
//
// A training step allocates the same few hundred large matrices every step
// (activations, their gradients), about 150 MB for the tiny GPT. Left to the
// garbage collector, that churn costs collections, and page faults each
// time the runtime returns freed memory to the kernel and takes it back; a
// loop that knows when a step's matrices are dead (autograd's Release, called
// by the trainer) gives them back here instead, and the next step reuses
// them, zeroed again by New.
var pool struct {
	sync.Mutex
	free  map[int][][]float64 // by length
	bytes int                 // held now
}

const (
	// poolMinLen is the smallest length pooled (32 KiB): smaller slices
	// are cheap for Go's allocator, which keeps them in size classes.
	poolMinLen = 4096
	// poolMaxBytes caps what the pool holds; beyond it Recycle drops
	// storage for the collector.
	poolMaxBytes = 1 << 30
)

// fromPool returns a zeroed slice of length n from the pool, or nil.
func fromPool(n int) []float64 {
	s := fromPoolDirty(n)
	clear(s)
	return s
}

// fromPoolDirty returns a slice of length n from the pool holding whatever
// its last owner left in it, or nil.
func fromPoolDirty(n int) []float64 {
	if n < poolMinLen {
		return nil
	}
	pool.Lock()
	list := pool.free[n]
	var s []float64
	if k := len(list); k > 0 {
		s = list[k-1]
		list[k-1] = nil
		pool.free[n] = list[:k-1]
		pool.bytes -= 8 * n
	}
	pool.Unlock()
	return s
}

// NewUninit is New for a destination the caller overwrites entirely before
// reading it (the output of a product with beta = 0, of an elementwise op):
// storage from the pool comes as its last owner left it, not zeroed, which
// saves a pass over memory. Fresh storage is zero as always.
func NewUninit(r, c int) *mat.Dense {
	if r > 0 && c > 0 {
		if s := fromPoolDirty(r * c); s != nil {
			return mat.NewDense(r, c, s)
		}
	}
	return New(r, c)
}

// Recycle gives the storage of m to the pool, for a later New of the same
// size: the caller asserts that nothing will read or write m, or any matrix
// sharing its storage, again. Small matrices, views into larger storage and
// anything beyond the pool's cap are left to the garbage collector.
func Recycle(m *mat.Dense) {
	if m == nil {
		return
	}
	raw := m.RawMatrix()
	n := raw.Rows * raw.Cols
	if n < poolMinLen || raw.Stride != raw.Cols || len(raw.Data) != n || cap(raw.Data) != n {
		return
	}
	pool.Lock()
	if pool.bytes+8*n <= poolMaxBytes {
		if pool.free == nil {
			pool.free = map[int][][]float64{}
		}
		pool.free[n] = append(pool.free[n], raw.Data)
		pool.bytes += 8 * n
	}
	pool.Unlock()
}
