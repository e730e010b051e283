//go:build ignore

// Exercise 03-3: weights × values.
package main

// mixValues returns out = w·V: row i of out is Σⱼ w[i][j]·v[j], the rows
// of V averaged with query i's weights. w is n×m (one row per query, one
// column per key) and v is m×d_v (one row per key); out is n×d_v.
func mixValues(w, v [][]float64) [][]float64 {
	out := make([][]float64, len(w))
	for i := range w {
		out[i] = make([]float64, len(v[0]))
		for j, wij := range w[i] {
			for c, x := range v[j] {
				out[i][c] += float64(wij * x) // rounded product: no FMA
			}
		}
	}
	return out
}
