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
