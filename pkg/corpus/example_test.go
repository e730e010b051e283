package corpus_test

import (
	"fmt"
	"strings"

	"llminternals/pkg/corpus"
)

func ExampleGoSpec() {
	spec, err := corpus.GoSpec()
	if err != nil {
		fmt.Println(err)
		return
	}
	title, _, _ := strings.Cut(spec, "\n")
	fmt.Println(title)
	// Output: The Go Programming Language Specification
}

func ExampleGoSource() {
	src, err := corpus.GoSource("strings/strings.go")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(len(src), "bytes, from", corpus.SnapshotVersion)
	// Output: 33374 bytes, from go1.26.8
}
