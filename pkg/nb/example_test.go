package nb_test

import (
	"fmt"
	"os"
	"strings"

	"llminternals/pkg/nb"
)

// A cell trains something slow once; every later cell (and every later
// session, until the inputs or the engine change) loads it instead.
func ExampleCached() {
	dir, _ := os.MkdirTemp("", "nb-example")
	defer os.RemoveAll(dir)
	os.Setenv("LLMINTERNALS_CACHE", dir)

	text := "low lower lowest"
	inputs := struct {
		Text   string
		Merges int
	}{text, 2}
	count := func() (map[string]int, error) {
		fmt.Println("computing")
		counts := map[string]int{}
		for _, w := range strings.Fields(text) {
			counts[w[:3]]++
		}
		return counts, nil
	}
	a := nb.MustCached("prefix-counts", inputs, count) // computes
	b := nb.MustCached("prefix-counts", inputs, count) // loads
	fmt.Println(a["low"], b["low"])
	// Output:
	// computing
	// 3 3
}

func ExampleMust() {
	n := nb.Must(fmt.Sscan("42", new(int)))
	fmt.Println(n, "value scanned")
	// Output: 1 value scanned
}
