// Command crossarch checks that the engine computes the same bits on
// every target the course promises: it builds the probe (crossarch/probe)
// for amd64, amd64 with -tags purego (no assembly), amd64 with GOAMD64=v3
// (the compiler may use FMA instructions) and arm64, runs each (arm64
// under qemu-aarch64 user-mode emulation, amd64 also with GOMAXPROCS=1
// and 2), and compares the per-computation SHA-256 lines. It fails naming
// every computation whose bits differ and the targets that disagree.
//
//	cd tools && go run ./crossarch ..   (the argument is the engine's module root)
//
// Without qemu-aarch64 on the PATH the arm64 leg is skipped with a loud
// message (scripts/test.sh installs qemu-user when it can); set
// CROSSARCH_REQUIRE_ARM64=1 to make that an error instead.
//
// The probe imports the engine's internal packages, which Go allows only
// from under llminternals/pkg, so it is compiled in the engine's module
// (with the engine's own go.sum) through go build -overlay, as package
// llminternals/pkg/internal/crossarchprobe; nothing is written into the
// engine's tree.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"time"
)

// target is one way of building the probe.
type target struct {
	name   string
	goarch string
	env    []string // extra build environment
	tags   string   // extra build tags
}

// run is one execution of a built target.
type run struct {
	name   string
	target string
	env    []string // extra run environment
}

var targets = []target{
	{name: "amd64", goarch: "amd64"},
	{name: "amd64-purego", goarch: "amd64", tags: "purego"},
	{name: "amd64-v3", goarch: "amd64", env: []string{"GOAMD64=v3"}},
	{name: "arm64", goarch: "arm64"},
}

var runs = []run{
	{"amd64", "amd64", nil},
	{"amd64 GOMAXPROCS=1", "amd64", []string{"GOMAXPROCS=1"}},
	{"amd64 GOMAXPROCS=2", "amd64", []string{"GOMAXPROCS=2"}},
	{"amd64-purego", "amd64-purego", nil},
	{"amd64-v3", "amd64-v3", nil},
	{"arm64 (qemu)", "arm64", nil},
}

// knownDiffer lists computations known to differ across targets, each
// with why and where the fix belongs. They are reported on every run; the
// check fails if one of them stops differing, so the entry is removed
// when its cause is fixed.
var knownDiffer = map[string]string{}

// qemuNames maps GOARCH to the user-mode emulator that runs it.
var qemuNames = map[string][]string{
	"arm64": {"qemu-aarch64", "qemu-aarch64-static"},
	"amd64": {"qemu-x86_64", "qemu-x86_64-static"},
}

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "crossarch: "+format+"\n", args...)
	os.Exit(2)
}

func main() {
	start := time.Now()
	root := "."
	if len(os.Args) > 1 {
		root = os.Args[1]
	}
	root, err := filepath.Abs(root)
	if err != nil {
		fail("%v", err)
	}
	probeSrc := filepath.Join(root, "tools", "crossarch", "probe", "probe.go")
	if _, err := os.Stat(probeSrc); err != nil {
		fail("no probe source at %s (is %s the engine's root?)", probeSrc, root)
	}
	tmp, err := os.MkdirTemp("", "crossarch-")
	if err != nil {
		fail("%v", err)
	}
	defer os.RemoveAll(tmp)
	overlay, err := json.Marshal(map[string]map[string]string{"Replace": {
		filepath.Join(root, "pkg", "internal", "crossarchprobe", "main.go"): probeSrc,
	}})
	if err != nil {
		fail("%v", err)
	}
	overlayFile := filepath.Join(tmp, "overlay.json")
	if err := os.WriteFile(overlayFile, overlay, 0o644); err != nil {
		fail("%v", err)
	}

	// Where each target runs: natively, under qemu, or not at all.
	launcher := map[string][]string{}
	for _, t := range targets {
		if t.goarch == runtime.GOARCH {
			launcher[t.name] = nil
			continue
		}
		emu := ""
		for _, q := range qemuNames[t.goarch] {
			if p, err := exec.LookPath(q); err == nil {
				emu = p
				break
			}
		}
		if emu == "" {
			msg := fmt.Sprintf("no %s on the PATH: the %s leg is SKIPPED and this check proves nothing about %s (Debian/Ubuntu: apt-get install qemu-user)",
				strings.Join(qemuNames[t.goarch], " or "), t.name, t.goarch)
			if os.Getenv("CROSSARCH_REQUIRE_ARM64") != "" {
				fail("%s", msg)
			}
			fmt.Printf("\n!!!!!!!! crossarch: %s !!!!!!!!\n\n", msg)
			continue
		}
		launcher[t.name] = []string{emu}
	}

	bins := map[string]string{}
	for _, t := range targets {
		if _, ok := launcher[t.name]; !ok {
			continue
		}
		t0 := time.Now()
		bin := filepath.Join(tmp, "probe-"+t.name)
		tags := "crossarchprobe"
		if t.tags != "" {
			tags += "," + t.tags
		}
		cmd := exec.Command("go", "build", "-overlay", overlayFile, "-tags", tags, "-o", bin, "./pkg/internal/crossarchprobe")
		cmd.Dir = root
		cmd.Env = append(append(os.Environ(), "CGO_ENABLED=0", "GOOS=linux", "GOARCH="+t.goarch), t.env...)
		if out, err := cmd.CombinedOutput(); err != nil {
			fail("building the probe for %s: %v\n%s", t.name, err, out)
		}
		bins[t.name] = bin
		fmt.Printf("built %-14s %5.1fs\n", t.name, time.Since(t0).Seconds())
	}

	type result struct {
		name   string
		names  []string          // computation names, in order
		hashes map[string]string // name → "sha256 count"
	}
	var results []result
	for _, r := range runs {
		bin, ok := bins[r.target]
		if !ok {
			continue
		}
		t0 := time.Now()
		argv := append(append([]string{}, launcher[r.target]...), bin)
		cmd := exec.Command(argv[0], argv[1:]...)
		cmd.Env = append(os.Environ(), r.env...)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			fail("running the probe for %s: %v\n%s", r.name, err, stderr.String())
		}
		res := result{name: r.name, hashes: map[string]string{}}
		sc := bufio.NewScanner(bytes.NewReader(out))
		for sc.Scan() {
			f := strings.Fields(sc.Text())
			if len(f) != 3 {
				fail("%s: malformed probe line %q", r.name, sc.Text())
			}
			if _, dup := res.hashes[f[0]]; dup {
				fail("%s: computation %s printed twice", r.name, f[0])
			}
			res.names = append(res.names, f[0])
			res.hashes[f[0]] = f[1] + " " + f[2]
		}
		results = append(results, res)
		fmt.Printf("ran   %-20s %5.1fs  %d computations\n", r.name, time.Since(t0).Seconds(), len(res.names))
	}
	if len(results) == 0 {
		fail("nothing ran")
	}

	// Compare every run with the first, computation by computation.
	ref := results[0]
	bad := 0
	for _, name := range ref.names {
		var differ []string
		for _, res := range results[1:] {
			if res.hashes[name] != ref.hashes[name] {
				differ = append(differ, res.name)
			}
		}
		why, known := knownDiffer[name]
		switch {
		case differ != nil && known:
			fmt.Printf("KNOWN   %-40s %s vs %s\n        %s\n", name, ref.name, strings.Join(differ, ", "), why)
		case differ != nil:
			bad++
			fmt.Printf("DIFFERS %-40s %s vs %s\n", name, ref.name, strings.Join(differ, ", "))
		case known && len(results) > 1:
			bad++
			fmt.Printf("FIXED?  %-40s is now the same everywhere: remove it from knownDiffer\n", name)
		}
	}
	for _, res := range results[1:] {
		if len(res.names) != len(ref.names) {
			bad++
			fmt.Printf("DIFFERS %s printed %d computations, %s %d\n", res.name, len(res.names), ref.name, len(ref.names))
		}
	}
	var ranNames []string
	for _, res := range results {
		ranNames = append(ranNames, res.name)
	}
	if bad > 0 {
		fmt.Printf("crossarch: %d of %d computations differ across targets (%.0fs)\n", bad, len(ref.names), time.Since(start).Seconds())
		os.Exit(1)
	}
	fmt.Printf("crossarch: %d computations bit-identical on %s (%.0fs)\n", len(ref.names), strings.Join(ranNames, "; "), time.Since(start).Seconds())
}
