// Command nofma fails if the Go compiler fused a multiply and an add into
// one FMA instruction anywhere in the engine's own code, except in the
// functions that call math.FMA on purpose.
//
// Why: Go may compile x*y + z as one fused multiply-add on arm64 (and on
// amd64 with GOAMD64=v3), which rounds once instead of twice, so the same
// source would give different digits on a learner's laptop. Writing
// float64(x*y) + z forbids the fusion. This tool compiles every package of
// the module for both targets with the compiler's assembly listing (-S)
// and looks for FMA opcodes, naming the function and source line.
//
//	cd tools && go run ./nofma ..   (the argument is the engine's module root)
package main

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"strings"
)

// allowed lists the functions whose FMAs are the point: the gemm's
// pure-Go chain is defined as math.FMA.
var allowed = map[string]bool{
	"llminternals/pkg/internal/gemm.rowsFMA": true,
}

var (
	fnStart = regexp.MustCompile(`^(\S+) STEXT`)
	fmaOp   = regexp.MustCompile(`\((\S+:\d+)\)\s+(FN?M(ADD|SUB)[DS]|VFN?M(ADD|SUB)\w*)\s`)
)

func main() {
	root := "."
	if len(os.Args) > 1 {
		root = os.Args[1]
	}
	targets := [][]string{{"GOARCH=arm64"}, {"GOARCH=amd64", "GOAMD64=v3"}}
	bad := 0
	for _, env := range targets {
		cmd := exec.Command("go", "build", "-o", os.DevNull, "-gcflags=llminternals/...=-S", "./...")
		cmd.Dir = root
		cmd.Env = append(append(os.Environ(), "CGO_ENABLED=0"), env...)
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		if err := cmd.Run(); err != nil {
			fmt.Fprintf(os.Stderr, "nofma: go build %s: %v\n%s", strings.Join(env, " "), err, out.String())
			os.Exit(2)
		}
		fn, funcs := "", 0
		sc := bufio.NewScanner(&out)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			line := sc.Text()
			if m := fnStart.FindStringSubmatch(line); m != nil {
				fn = m[1]
				funcs++
				continue
			}
			if m := fmaOp.FindStringSubmatch(line); m != nil && !allowed[fn] {
				fmt.Printf("nofma: %s: %s fuses a multiply-add (%s) at %s; write float64(x*y) where the product must be rounded\n",
					strings.Join(env, " "), fn, m[2], m[1])
				bad++
			}
		}
		if funcs == 0 {
			fmt.Fprintf(os.Stderr, "nofma: %s: the compiler listed no functions (a cached build?); nothing was checked\n", strings.Join(env, " "))
			os.Exit(2)
		}
		fmt.Printf("nofma: %s: %d functions checked\n", strings.Join(env, " "), funcs)
	}
	if bad > 0 {
		fmt.Printf("nofma: %d accidental fused multiply-adds\n", bad)
		os.Exit(1)
	}
}
