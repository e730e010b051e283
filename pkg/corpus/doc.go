// Package corpus gives the course its default text data without any
// download: the Go specification and a few standard-library sources,
// embedded as a pinned snapshot of Go go1.26.8 (SnapshotVersion).
//
// The chapters' numbers (bytes in the spec, merges learned from it, bytes
// per token on strings.go) depend on the exact text, which changes from one
// Go release to the next, and a Go fetched through GOTOOLCHAIN has no doc/
// directory at all. So the defaults read the snapshot, and are the same on
// every machine:
//
//   - GoSpec: doc/go_spec.html as plain text (tags stripped, entities
//     unescaped, paragraphs reflowed, code blocks kept verbatim; SpecText);
//   - GoSources and GoSource: the .go files of src/strings (tests included).
//
// Reading the learner's own installation is an explicit choice:
// GoSpecFromGOROOT and GoSourcesFromGOROOT (any standard-library directory),
// with GOROOT to find it.
//
// # The snapshot
//
// snapshot/ holds each file gzipped under its GOROOT-relative path (gzip
// also keeps the .go files from being compiled as part of this module),
// the MANIFEST with each file's size and sha256 before compression, Go's
// VERSION file, and Go's licence notice, snapshot/LICENSE (a BSD-style
// licence, "Copyright 2009 The Go Authors"), under which these files are
// redistributed; License returns it. Every read checks the bytes against
// the manifest, and the tests recompute every hash. gen_snapshot.go
// regenerates the snapshot from a Go of SnapshotVersion and refuses any
// other release.
package corpus
