package workers

import (
	"runtime"
	"sync/atomic"
	"testing"
)

func TestEachRunsEveryTaskOnceAndSharesTheCores(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(4))
	if N() != 4 {
		t.Fatalf("alone: N = %d, want GOMAXPROCS = 4", N())
	}
	for _, n := range []int{0, 1, 2, 3, 4, 5, 8} {
		var calls [8]atomic.Int64
		var seen [8]int
		Each(n, func(i int) {
			calls[i].Add(1)
			seen[i] = N()
		})
		for i := range n {
			if calls[i].Load() != 1 {
				t.Errorf("Each(%d): task %d ran %d times", n, i, calls[i].Load())
			}
			// With n tasks at once each gets 4/n cores, at least 1.
			if want := max(4/max(n, 1), 1); seen[i] != want {
				t.Errorf("Each(%d): task %d saw N = %d, want %d", n, i, seen[i], want)
			}
		}
		if N() != 4 {
			t.Errorf("after Each(%d): N = %d, want 4", n, N())
		}
	}
	runtime.GOMAXPROCS(1)
	order := []int{}
	Each(3, func(i int) { order = append(order, i) }) // one core: in order, on this goroutine
	if len(order) != 3 || order[0] != 0 || order[1] != 1 || order[2] != 2 || N() != 1 {
		t.Errorf("GOMAXPROCS 1: order %v, N %d", order, N())
	}
}
