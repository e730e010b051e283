//go:build ignore

// gen_snapshot copies the pinned corpus out of a Go installation into
// snapshot/: each file gzipped (so that the .go sources are not Go files of
// this module), plus Go's LICENSE, its VERSION and a MANIFEST of every
// file's sha256 and size before compression. Run it from pkg/corpus with
// the Go release named by SnapshotVersion:
//
//	go run gen_snapshot.go
//
// It refuses any other release, so the snapshot cannot drift silently.
package main

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"

	"llminternals/pkg/internal/atomicfile"
)

// want must equal SnapshotVersion in snapshot.go.
const want = "go1.26.8"

// files are GOROOT-relative paths; a trailing "/*.go" takes every .go file
// directly in that directory (tests included, as GoSources returns them).
var files = []string{"doc/go_spec.html", "src/strings/*.go"}

func main() {
	out, err := exec.Command("go", "env", "GOROOT").Output()
	check(err)
	root := strings.TrimSpace(string(out))
	version, err := os.ReadFile(filepath.Join(root, "VERSION"))
	check(err)
	if first, _, _ := strings.Cut(string(version), "\n"); first != want {
		check(fmt.Errorf("GOROOT %s is %s, the snapshot is pinned to %s", root, first, want))
	}
	var paths []string
	for _, f := range files {
		if dir, ok := strings.CutSuffix(f, "/*.go"); ok {
			m, err := filepath.Glob(filepath.Join(root, filepath.FromSlash(dir), "*.go"))
			check(err)
			for _, p := range m {
				paths = append(paths, dir+"/"+filepath.Base(p))
			}
			continue
		}
		paths = append(paths, f)
	}
	slices.Sort(paths)
	check(os.RemoveAll("snapshot"))
	var manifest strings.Builder
	fmt.Fprintf(&manifest, "# Pinned corpus copied from %s (GOROOT-relative paths).\n", want)
	fmt.Fprintf(&manifest, "# sha256 and size in bytes are of the uncompressed file; each is stored as snapshot/<path>.gz.\n")
	for _, p := range paths {
		b, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(p)))
		check(err)
		fmt.Fprintf(&manifest, "%x %d %s\n", sha256.Sum256(b), len(b), p)
		dst := filepath.Join("snapshot", filepath.FromSlash(p)+".gz")
		check(os.MkdirAll(filepath.Dir(dst), 0o755))
		check(atomicfile.Write(dst, func(w io.Writer) error {
			// No name and no modification time in the header, so the
			// bytes depend only on the content.
			z, err := gzip.NewWriterLevel(w, gzip.BestCompression)
			if err != nil {
				return err
			}
			if _, err := io.Copy(z, bytes.NewReader(b)); err != nil {
				return err
			}
			return z.Close()
		}))
	}
	license, err := os.ReadFile(filepath.Join(root, "LICENSE"))
	check(err)
	check(atomicfile.WriteFile("snapshot/LICENSE", license))
	check(atomicfile.WriteFile("snapshot/VERSION", version))
	check(atomicfile.WriteFile("snapshot/MANIFEST", []byte(manifest.String())))
	fmt.Printf("snapshot: %d files from %s\n", len(paths), root)
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen_snapshot:", err)
		os.Exit(1)
	}
}
