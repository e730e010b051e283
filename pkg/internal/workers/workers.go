// Package workers decides how many goroutines one operation of the engine
// may split its work over, and runs data-parallel tasks side by side.
//
// An operation (a matrix product, an elementwise op, an optimizer step)
// asks N for its worker count. Alone, that is GOMAXPROCS. Inside Each, where
// k tasks run at once, each operation gets GOMAXPROCS/k (at least 1): the
// cores are already busy with the other tasks, and splitting every small
// product again would only add goroutines and move cache lines between
// cores. No result depends on N: every operation of the engine gives the
// same bits whatever its worker count.
package workers

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// running counts the tasks of Each calls that are running now.
var running atomic.Int64

// N returns the number of goroutines an operation may use now: GOMAXPROCS
// divided among the data-parallel tasks running, at least 1.
func N() int {
	p := runtime.GOMAXPROCS(0)
	if r := int(running.Load()); r > 1 {
		p /= r
	}
	return max(p, 1)
}

// Each calls f(0), …, f(n−1), each exactly once, and returns when all have
// returned. With GOMAXPROCS ≥ 2 they run on their own goroutines at once;
// with 1 they run in order on the caller's. While they run, N shares the
// cores among them.
func Each(n int, f func(i int)) {
	if n <= 1 || runtime.GOMAXPROCS(0) == 1 {
		for i := range n {
			f(i)
		}
		return
	}
	running.Add(int64(n))
	defer running.Add(-int64(n))
	var wg sync.WaitGroup
	for i := 1; i < n; i++ {
		wg.Go(func() { f(i) })
	}
	f(0)
	wg.Wait()
}
