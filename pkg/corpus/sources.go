package corpus

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// File is one source file: its name relative to the directory, and its text.
type File struct {
	Name string
	Text string
}

// GoSources returns the .go files (tests included) directly in
// $GOROOT/src/subdir, sorted by name; subdirectories are not read. For
// example GoSources("net/http") returns server.go, transport.go, ...
func GoSources(subdir string) ([]File, error) {
	root, err := GOROOT()
	if err != nil {
		return nil, err
	}
	dir := filepath.Join(root, "src", filepath.FromSlash(subdir))
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("corpus: reading standard-library directory %q: %w", subdir, err)
	}
	var files []File
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".go") {
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			return nil, fmt.Errorf("corpus: %w", err)
		}
		files = append(files, File{Name: e.Name(), Text: string(b)})
	}
	slices.SortFunc(files, func(a, b File) int { return strings.Compare(a.Name, b.Name) })
	return files, nil
}
