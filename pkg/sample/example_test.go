package sample_test

import (
	"fmt"
	"math"

	"llminternals/pkg/sample"
)

// The chapter's distribution p = (0.5, 0.2, 0.2, 0.1) through each filter.
// Top-p 0.6 keeps the two most probable tokens (0.5 + 0.2 > 0.6) and
// renormalises them to 5/7 and 2/7; min-p 0.3 cuts below 0.3·0.5 = 0.15;
// temperature 0.5 squares and renormalises: (25, 4, 4, 1)/34.
func Example() {
	z := []float64{math.Log(0.5), math.Log(0.2), math.Log(0.2), math.Log(0.1)}
	show := func(name string, z []float64) {
		fmt.Printf("%-12s", name)
		for _, p := range sample.Probabilities(z) {
			fmt.Printf(" %.4f", p)
		}
		fmt.Println()
	}
	show("p", z)
	show("T = 0.5", sample.Temperature(z, 0.5))
	show("top-k 3", sample.TopK(z, 3))
	show("top-p 0.6", sample.TopP(z, 0.6))
	show("min-p 0.3", sample.MinP(z, 0.3))
	fmt.Println("greedy:", sample.Greedy(z))
	// Output:
	// p            0.5000 0.2000 0.2000 0.1000
	// T = 0.5      0.7353 0.1176 0.1176 0.0294
	// top-k 3      0.5556 0.2222 0.2222 0.0000
	// top-p 0.6    0.7143 0.2857 0.0000 0.0000
	// min-p 0.3    0.5556 0.2222 0.2222 0.0000
	// greedy: 0
}
