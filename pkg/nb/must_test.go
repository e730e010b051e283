package nb

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"strings"
	"testing"
)

func TestMustPassesValuesThrough(t *testing.T) {
	if got := Must(42, nil); got != 42 {
		t.Errorf("Must(42, nil) = %d", got)
	}
	a, b := Must2("x", 2.5, nil)
	if a != "x" || b != 2.5 {
		t.Errorf("Must2 = %q, %v", a, b)
	}
	Must0(nil)
}

// TestMustExitsCleanly runs a real failing Must in a child process: the
// cell must end with status 1 and "✗ <error>" on stderr, without a panic
// or a goroutine trace.
func TestMustExitsCleanly(t *testing.T) {
	if os.Getenv("NB_MUST_CHILD") == "1" {
		Must(0, errors.New("corpus.txt: line 3: not UTF-8"))
		return
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestMustExitsCleanly$")
	cmd.Env = append(os.Environ(), "NB_MUST_CHILD=1")
	var errOut bytes.Buffer
	cmd.Stderr = &errOut
	err := cmd.Run()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 1 {
		t.Fatalf("child ended with %v, want exit status 1", err)
	}
	if got, want := errOut.String(), "✗ corpus.txt: line 3: not UTF-8\n"; got != want {
		t.Errorf("stderr = %q, want %q", got, want)
	}
	if strings.Contains(errOut.String(), "goroutine") {
		t.Error("stderr holds a stack trace")
	}
}

func TestMust0AndMust2Exit(t *testing.T) {
	var buf bytes.Buffer
	var codes []int
	stderr, exit = &buf, func(c int) { codes = append(codes, c) }
	defer func() { stderr, exit = os.Stderr, os.Exit }()
	Must0(errors.New("a"))
	Must2(1, 2, errors.New("b"))
	if buf.String() != "✗ a\n✗ b\n" || len(codes) != 2 || codes[0] != 1 || codes[1] != 1 {
		t.Errorf("stderr %q, exit codes %v", buf.String(), codes)
	}
}
