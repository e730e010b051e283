package check_test

import (
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
