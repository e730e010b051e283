package nb

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// useCache points the cache at a fresh directory and fixes the engine
// version to *version, restoring both afterwards.
func useCache(t *testing.T, version *string) string {
	t.Helper()
	dir := t.TempDir()
	t.Setenv("LLMINTERNALS_CACHE", dir)
	old := engineVersion
	engineVersion = func() (string, bool) { return *version, *version != "" }
	t.Cleanup(func() { engineVersion = old })
	return dir
}

// counter returns a compute function that counts its calls.
func counter(n *int, v []float64) func() ([]float64, error) {
	return func() ([]float64, error) { *n++; return v, nil }
}

func entries(t *testing.T, dir string) []string {
	t.Helper()
	names, _ := filepath.Glob(filepath.Join(dir, "*"))
	return names
}

func TestCachedComputesOnceThenLoads(t *testing.T) {
	version := "v1"
	dir := useCache(t, &version)
	in := map[string]any{"vocab": 300, "corpus": "ab12"}
	calls := 0
	for range 3 {
		got, err := Cached("bpe", in, counter(&calls, []float64{1, 2.5}))
		if err != nil || len(got) != 2 || got[1] != 2.5 {
			t.Fatalf("Cached = %v, %v", got, err)
		}
	}
	if calls != 1 {
		t.Errorf("computed %d times, want 1", calls)
	}
	if n := len(entries(t, dir)); n != 1 {
		t.Errorf("%d cache entries, want 1", n)
	}
}

func TestCachedRecomputesWhenAnythingChanges(t *testing.T) {
	version := "v1"
	useCache(t, &version)
	calls := 0
	get := func(key string, in any) {
		if _, err := Cached(key, in, counter(&calls, []float64{1})); err != nil {
			t.Fatal(err)
		}
	}
	get("bpe", map[string]int{"vocab": 300})
	get("bpe", map[string]int{"vocab": 300}) // loaded
	get("bpe", map[string]int{"vocab": 301}) // changed input
	get("bpe2", map[string]int{"vocab": 300})
	version = "v2" // one line of the engine changed
	get("bpe", map[string]int{"vocab": 300})
	get("bpe", map[string]int{"vocab": 300}) // loaded
	if calls != 4 {
		t.Errorf("computed %d times, want 4", calls)
	}
	// The same key and inputs with another result type is another entry.
	n, err := Cached("bpe", map[string]int{"vocab": 300}, func() (int, error) { return 7, nil })
	if err != nil || n != 7 {
		t.Errorf("int result under a []float64 key: %v, %v", n, err)
	}
}

func TestCachedMapInputsAreCanonical(t *testing.T) {
	version := "v1"
	useCache(t, &version)
	calls := 0
	a := map[string]int{}
	b := map[string]int{}
	for i := range 50 { // filled in opposite orders
		a[fmt.Sprint(i)] = i
		b[fmt.Sprint(49-i)] = 49 - i
	}
	Cached("m", a, counter(&calls, nil))
	Cached("m", b, counter(&calls, nil))
	if calls != 1 {
		t.Errorf("equal maps gave different entries (%d computations)", calls)
	}
}

func TestCachedWithoutEngineSourcesNeverCaches(t *testing.T) {
	version := "" // sources not found
	dir := useCache(t, &version)
	calls := 0
	for range 2 {
		Cached("k", 1, counter(&calls, []float64{1}))
	}
	if calls != 2 || len(entries(t, dir)) != 0 {
		t.Errorf("%d computations and %d entries, want 2 and 0", calls, len(entries(t, dir)))
	}
}

func TestCachedRecomputesCorruptEntries(t *testing.T) {
	version := "v1"
	dir := useCache(t, &version)
	calls := 0
	want := []float64{3, 1, 4, 1, 5}
	Cached("pi", 0, counter(&calls, want))
	path := entries(t, dir)[0]
	good, _ := os.ReadFile(path)
	flipped := bytes.Clone(good)
	flipped[len(flipped)-1] ^= 1
	for name, damaged := range map[string][]byte{
		"empty":     {},
		"truncated": good[:len(good)/2],
		"flipped":   flipped,
		"garbage":   bytes.Repeat([]byte{0xff}, 100),
	} {
		os.WriteFile(path, damaged, 0o644)
		before := calls
		got, err := Cached("pi", 0, counter(&calls, want))
		if err != nil || calls != before+1 || fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%s entry: got %v, %v after %d computations", name, got, err, calls-before)
		}
		if repaired, _ := os.ReadFile(path); !bytes.Equal(repaired, good) {
			t.Errorf("%s entry was not rewritten", name)
		}
	}
}

func TestCachedComputeErrorIsReturnedAndNotStored(t *testing.T) {
	version := "v1"
	dir := useCache(t, &version)
	_, err := Cached("e", 0, func() (int, error) { return 0, errors.New("no corpus") })
	if err == nil || err.Error() != "no corpus" {
		t.Errorf("err = %v", err)
	}
	if len(entries(t, dir)) != 0 {
		t.Error("a failed computation was stored")
	}
	if _, err := Cached("e", func() {}, func() (int, error) { return 1, nil }); err == nil || !strings.Contains(err.Error(), "JSON") {
		t.Errorf("unencodable inputs: err = %v", err)
	}
}

func TestCachedStoresMatrices(t *testing.T) {
	version := "v1"
	useCache(t, &version)
	m := mat.NewDense(2, 3, []float64{1, -2, 3.25, 0, 5e-300, -6})
	for range 2 {
		got, err := Cached("m", 0, func() (*mat.Dense, error) { return m, nil })
		if err != nil || !mat.Equal(got, m) {
			t.Fatalf("got %v, %v", got, err)
		}
	}
}

func TestCachedConcurrentWriters(t *testing.T) {
	version := "v1"
	dir := useCache(t, &version)
	want := make([]float64, 1<<16) // large enough that writes overlap
	for i := range want {
		want[i] = float64(i) / 3
	}
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	for range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got, err := Cached("big", 0, func() ([]float64, error) { return want, nil })
			if err == nil && (len(got) != len(want) || got[len(got)-1] != want[len(want)-1]) {
				err = fmt.Errorf("got %d values", len(got))
			}
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	if n := entries(t, dir); len(n) != 1 {
		t.Errorf("entries after concurrent writes: %v", n)
	}
	calls := 0
	if _, err := Cached("big", 0, counter(&calls, nil)); err != nil || calls != 0 {
		t.Errorf("the entry left by concurrent writers did not load: %v, %d computations", err, calls)
	}
}

// saved is a Saver whose state is unexported, as a tokenizer's is.
type saved struct{ merges []string }

func (s *saved) Save(path string) error {
	return os.WriteFile(path, []byte(strings.Join(s.merges, "\n")), 0o644)
}

func loadSaved(path string) (*saved, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if !bytes.HasPrefix(b, []byte("m:")) {
		return nil, fmt.Errorf("%s: not a merge list", path)
	}
	return &saved{strings.Split(string(b), "\n")}, nil
}

func TestCachedFile(t *testing.T) {
	version := "v1"
	dir := useCache(t, &version)
	calls := 0
	compute := func() (*saved, error) { calls++; return &saved{[]string{"m:t h", "m:th e"}}, nil }
	for range 2 {
		s, err := CachedFile("tok", 300, compute, loadSaved)
		if err != nil || len(s.merges) != 2 || s.merges[1] != "m:th e" {
			t.Fatalf("got %v, %v", s, err)
		}
	}
	if calls != 1 {
		t.Errorf("computed %d times, want 1", calls)
	}
	files := entries(t, dir)
	if len(files) != 1 {
		t.Fatalf("cache holds %v, want one file and no temporary directory", files)
	}
	os.WriteFile(files[0], []byte("junk"), 0o644) // load rejects it
	if _, err := CachedFile("tok", 300, compute, loadSaved); err != nil || calls != 2 {
		t.Errorf("corrupt file: %v, %d computations", err, calls)
	}
}

func TestEngineVersionHashesTheSources(t *testing.T) {
	v, ok := sourceVersion()
	if !ok || len(v) != 64 {
		t.Fatalf("sourceVersion() = %q, %v; the test runs from the sources, so they must be found", v, ok)
	}
	// Build a little module and check that editing any non-test source
	// changes the hash, and editing a test file does not.
	mod := t.TempDir()
	write := func(rel, s string) {
		p := filepath.Join(mod, rel)
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, []byte(s), 0o644)
	}
	write("go.mod", "module m\n")
	write("pkg/a/a.go", "package a\n")
	write("pkg/a/a_test.go", "package a\n")
	write("pkg/b/b.go", "package b\n")
	hash := func() string {
		h, ok := hashSources(mod, filepath.Join(mod, "pkg"))
		if !ok {
			t.Fatal("hashSources failed")
		}
		return h
	}
	h0 := hash()
	write("pkg/a/a_test.go", "package a // edited\n")
	if hash() != h0 {
		t.Error("editing a test file changed the engine version")
	}
	write("pkg/b/b.go", "package b // edited\n")
	h1 := hash()
	if h1 == h0 {
		t.Error("editing pkg/b/b.go left the engine version unchanged")
	}
	write("pkg/c/c.go", "package c\n")
	h2 := hash()
	if h2 == h1 {
		t.Error("adding a file left the engine version unchanged")
	}
	// The kernel's assembly and embedded data change the numbers too.
	write("pkg/b/kernel_amd64.s", "// TEXT ·k(SB)\n")
	h3 := hash()
	if h3 == h2 {
		t.Error("adding an assembly file left the engine version unchanged")
	}
	write("pkg/b/snapshot/spec.html.gz", "\x1f\x8b")
	h4 := hash()
	if h4 == h3 {
		t.Error("adding embedded data left the engine version unchanged")
	}
	write("pkg/b/testdata/fixture.json", "{}")
	if hash() != h4 {
		t.Error("a testdata file changed the engine version")
	}
	if _, ok := hashSources(mod, filepath.Join(mod, "nowhere")); ok {
		t.Error("a missing pkg directory gave a version")
	}
}
