package corpus

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
)

// rootSource is one way of finding GOROOT: a description for the error
// message and a function that returns a candidate directory.
type rootSource struct {
	how  string
	find func() (string, error)
}

// rootSources are tried in order by GOROOT.
var rootSources = []rootSource{
	//lint:ignore SA1019 runtime.GOROOT is deprecated but is the cheapest first guess.
	{"runtime.GOROOT()", func() (string, error) { return runtime.GOROOT(), nil }},
	{"`go env GOROOT`", func() (string, error) {
		out, err := exec.Command("go", "env", "GOROOT").Output()
		return strings.TrimSpace(string(out)), err
	}},
	{"$GOROOT", func() (string, error) { return os.Getenv("GOROOT"), nil }},
}

// GOROOT returns the root of the Go installation, the first of these that
// holds a src directory: runtime.GOROOT() (where the running binary was
// built), the output of `go env GOROOT`, and the GOROOT environment variable.
// The first is right in tests and GoNB cells; the others cover binaries that
// were built elsewhere or with -trimpath.
func GOROOT() (string, error) {
	return findRoot(rootSources)
}

func findRoot(sources []rootSource) (string, error) {
	var tried []string
	for _, s := range sources {
		dir, err := s.find()
		switch {
		case err != nil:
			tried = append(tried, fmt.Sprintf("%s: %v", s.how, err))
		case dir == "":
			tried = append(tried, s.how+": empty")
		default:
			if st, err := os.Stat(filepath.Join(dir, "src")); err != nil || !st.IsDir() {
				tried = append(tried, fmt.Sprintf("%s: %s has no src directory", s.how, dir))
				continue
			}
			return dir, nil
		}
	}
	return "", errors.New("corpus: cannot find the Go installation (GOROOT); tried " + strings.Join(tried, "; ") +
		". Install Go and put it on PATH, or set GOROOT to its directory (the one holding src/ and doc/)")
}
