//go:build ignore

// Exercise 11-1: (input, target) windows.
package main

// windows returns, for each start p in starts, the inputs ids[p : p+T] and the
// targets ids[p+1 : p+T+1]: target i is the id that follows input i.
func windows(ids []int, T int, starts []int) (inputs, targets [][]int) {
	for _, p := range starts {
		inputs = append(inputs, ids[p:p+T])
		targets = append(targets, ids[p+1:p+T+1])
	}
	return inputs, targets
}
