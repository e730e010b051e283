// Package corpus gives the course its default text data without any
// download: the Go specification and the standard-library sources that ship
// with every Go toolchain, under GOROOT. Wherever the notebooks run, Go is
// installed, so this corpus is there too.
//
// GoSpec returns the specification as plain text (tags stripped, entities
// unescaped, paragraphs reflowed, code blocks kept verbatim); GoSources
// returns the .go files of one standard-library directory.
package corpus
