package corpus

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// SnapshotVersion is the Go release the embedded snapshot was copied from.
const SnapshotVersion = "go1.26.8"

// snapshotFS holds snapshot/: every corpus file gzipped as <path>.gz under
// its GOROOT-relative path, Go's LICENSE, VERSION and the MANIFEST.
//
//go:embed snapshot
var snapshotFS embed.FS

// Entry is one file of the embedded snapshot, as listed in its manifest:
// the GOROOT-relative path ("src/strings/strings.go"), the size in bytes and
// the sha256 (lowercase hex) of the uncompressed file.
type Entry struct {
	Path   string
	Size   int
	SHA256 string
}

var (
	manifestOnce sync.Once
	manifest     []Entry
	manifestErr  error
)

// Manifest returns the snapshot's files, sorted by path, with the size and
// sha256 that the copy from GOROOT had. `sha256sum $GOROOT/<path>` on a Go
// of SnapshotVersion prints the same hashes.
func Manifest() ([]Entry, error) {
	manifestOnce.Do(func() {
		b, err := snapshotFS.ReadFile("snapshot/MANIFEST")
		if err != nil {
			manifestErr = fmt.Errorf("corpus: %w", err)
			return
		}
		manifest, manifestErr = parseManifest(string(b))
	})
	return slices.Clone(manifest), manifestErr
}

// parseManifest reads lines "sha256 size path"; lines starting with # are
// comments. Paths must be sorted and unique.
func parseManifest(text string) ([]Entry, error) {
	var out []Entry
	for n, line := range strings.Split(strings.TrimSuffix(text, "\n"), "\n") {
		if strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Fields(line)
		bad := func(why string) error {
			return fmt.Errorf("corpus: snapshot/MANIFEST line %d: %s: %q", n+1, why, line)
		}
		if len(f) != 3 {
			return nil, bad("want 3 fields (sha256 size path)")
		}
		if h, err := hex.DecodeString(f[0]); err != nil || len(h) != sha256.Size || strings.ToLower(f[0]) != f[0] {
			return nil, bad("the hash is not 64 lowercase hex digits")
		}
		size, err := strconv.Atoi(f[1])
		if err != nil || size < 0 {
			return nil, bad("the size is not a non-negative integer")
		}
		if len(out) > 0 && out[len(out)-1].Path >= f[2] {
			return nil, bad("paths are not sorted and unique")
		}
		out = append(out, Entry{Path: f[2], Size: size, SHA256: f[0]})
	}
	return out, nil
}

// snapshotFile returns the uncompressed bytes of one snapshot file, after
// checking their size and sha256 against the manifest, so that a damaged
// or hand-edited snapshot is an error rather than different numbers.
func snapshotFile(name string) ([]byte, error) {
	entries, err := Manifest()
	if err != nil {
		return nil, err
	}
	return readVerified(snapshotFS, entries, name)
}

// readVerified reads snapshot/<name>.gz from fsys, uncompresses it and
// checks it against its manifest entry.
func readVerified(fsys fs.FS, entries []Entry, name string) ([]byte, error) {
	k, found := slices.BinarySearchFunc(entries, name, func(e Entry, p string) int { return strings.Compare(e.Path, p) })
	if !found {
		return nil, fmt.Errorf("corpus: %s is not in the embedded snapshot of %s (see corpus.Manifest)", name, SnapshotVersion)
	}
	e := entries[k]
	z, err := fs.ReadFile(fsys, "snapshot/"+name+".gz")
	if err != nil {
		return nil, fmt.Errorf("corpus: %w", err)
	}
	r, err := gzip.NewReader(bytes.NewReader(z))
	if err != nil {
		return nil, fmt.Errorf("corpus: snapshot/%s.gz: %w", name, err)
	}
	b, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("corpus: snapshot/%s.gz: %w", name, err)
	}
	if sum := sha256.Sum256(b); len(b) != e.Size || hex.EncodeToString(sum[:]) != e.SHA256 {
		return nil, fmt.Errorf("corpus: snapshot/%s.gz holds %d bytes with sha256 %x; the manifest says %d bytes, %s",
			name, len(b), sum, e.Size, e.SHA256)
	}
	return b, nil
}

// License returns Go's licence notice (the BSD-style LICENSE of the Go
// distribution), which covers every file of the snapshot.
func License() string {
	b, err := snapshotFS.ReadFile("snapshot/LICENSE")
	if err != nil {
		panic("corpus: the embedded snapshot lacks its LICENSE: " + err.Error())
	}
	return string(b)
}

// GoSource returns one standard-library file of the embedded snapshot by
// its path under src/, for example GoSource("strings/strings.go").
func GoSource(name string) (string, error) {
	b, err := snapshotFile("src/" + name)
	if err != nil {
		return "", err
	}
	return string(b), nil
}

// GoSources returns the .go files (tests included) of one standard-library
// directory of the embedded snapshot, sorted by name, like
// GoSourcesFromGOROOT but pinned to SnapshotVersion. The snapshot holds
// only the directories the course reads (today "strings"); any other is an
// error that names them.
func GoSources(subdir string) ([]File, error) {
	entries, err := Manifest()
	if err != nil {
		return nil, err
	}
	dir := strings.Trim(subdir, "/")
	var files []File
	dirs := map[string]bool{} // for the error message
	for _, e := range entries {
		rel, ok := strings.CutPrefix(e.Path, "src/")
		if !ok {
			continue
		}
		d, name := path.Split(rel)
		d = strings.TrimSuffix(d, "/")
		dirs[d] = true
		if d != dir || !strings.HasSuffix(name, ".go") {
			continue
		}
		b, err := snapshotFile(e.Path)
		if err != nil {
			return nil, err
		}
		files = append(files, File{Name: name, Text: string(b)})
	}
	if len(files) == 0 {
		have := make([]string, 0, len(dirs))
		for d := range dirs {
			have = append(have, d)
		}
		slices.Sort(have)
		return nil, fmt.Errorf("corpus: the embedded snapshot of %s has no directory %q (it holds %s); "+
			"use GoSourcesFromGOROOT to read the installed Go's sources", SnapshotVersion, subdir, strings.Join(have, ", "))
	}
	return files, nil
}
