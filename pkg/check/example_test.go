package check_test

import (
	"fmt"
	"math"

	"llminternals/pkg/check"
)

func ExampleClose() {
	check.Close("1/√4", 1/math.Sqrt(4), 0.5, 1e-12)
	check.Slice("token ids", []int{15339, 1917}, []int{15339, 1917})
	// Output:
	// ✓ 1/√4: 0.5
	// ✓ token ids: [15339 1917]
}

func ExampleGroup() {
	p := []float64{0.1, 0.2, 0.7}
	check.Group("a probability distribution", func(c *check.Checker) {
		for i, pi := range p {
			c.True(fmt.Sprintf("p[%d] ≥ 0", i), pi >= 0, fmt.Sprint(pi))
		}
		c.Close("Σp", p[0]+p[1]+p[2], 1, 1e-12)
		c.Equal("outcomes", len(p), 3)
	})
	// Output:
	// ✓ a probability distribution [5 checks]
}
