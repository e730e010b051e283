//go:build ignore

// Exercise 08-1: split and merge heads.
package main

// splitHeads returns the h head slices of row (len(row) = h·d_k):
// head j is row[j·d_k : (j+1)·d_k].
func splitHeads(row []float64, h int) [][]float64 {
	dk := len(row) / h
	heads := make([][]float64, h)
	for j := range heads {
		heads[j] = append([]float64(nil), row[j*dk:(j+1)*dk]...)
	}
	return heads
}

// mergeHeadSlices concatenates the head slices back into one row:
// [heads[0] | heads[1] | …].
func mergeHeadSlices(heads [][]float64) []float64 {
	var row []float64
	for _, h := range heads {
		row = append(row, h...)
	}
	return row
}
