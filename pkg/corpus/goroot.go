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

// GOROOT returns the root of the Go installation, the first of these that
// holds a src directory: runtime.GOROOT() (where the running binary was
// built), the output of `go env GOROOT`, and the GOROOT environment variable.
// The first is right in tests and GoNB cells; the others cover binaries that
// were built elsewhere or with -trimpath.
func GOROOT() (string, error) {
	var tried []string
	ok := func(dir, how string) bool {
		if dir == "" {
			tried = append(tried, how+": empty")
			return false
		}
		if st, err := os.Stat(filepath.Join(dir, "src")); err != nil || !st.IsDir() {
			tried = append(tried, fmt.Sprintf("%s: %s has no src directory", how, dir))
			return false
		}
		return true
	}
	//lint:ignore SA1019 runtime.GOROOT is deprecated but is the cheapest first guess.
	if dir := runtime.GOROOT(); ok(dir, "runtime.GOROOT()") {
		return dir, nil
	}
	if out, err := exec.Command("go", "env", "GOROOT").Output(); err != nil {
		tried = append(tried, fmt.Sprintf("`go env GOROOT`: %v", err))
	} else if dir := strings.TrimSpace(string(out)); ok(dir, "`go env GOROOT`") {
		return dir, nil
	}
	if dir := os.Getenv("GOROOT"); ok(dir, "$GOROOT") {
		return dir, nil
	}
	return "", errors.New("corpus: cannot find the Go installation (GOROOT); tried " + strings.Join(tried, "; ") +
		". Install Go and put it on PATH, or set GOROOT to its directory (the one holding src/ and doc/)")
}
