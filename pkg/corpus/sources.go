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

// GoSourcesFromGOROOT returns the .go files (tests included) directly in
// $GOROOT/src/subdir of the installed Go (see GOROOT), sorted by name;
// subdirectories are not read. For example GoSourcesFromGOROOT("net/http")
// returns server.go, transport.go, ... Unlike GoSources, the result changes
// with the Go release.
func GoSourcesFromGOROOT(subdir string) ([]File, error) {
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
