package corpus

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

func TestSpecText(t *testing.T) {
	src := `<!--{
	"Title": "x"
}-->
<h2 id="Intro">Introduction</h2>

<p>
This is <i>the</i>
reference   manual, see <a href="/">go.dev</a>.
x &lt; y &amp;&amp; <code>a&gt;b</code>.
</p>
<pre class="grammar">
Syntax      = { Production } .
	indented
</pre>
<ul>
<li>one</li>
<li>two</li>
</ul>
`
	want := "x\n\nIntroduction\n\nThis is the reference manual, see go.dev. x < y && a>b.\n\n" +
		"Syntax      = { Production } .\n\tindented\n\none\ntwo\n"
	if got := SpecText(src); got != want {
		t.Errorf("SpecText:\ngot  %q\nwant %q", got, want)
	}
}

// checkSpec checks text that any Go spec's plain text must have.
func checkSpec(t *testing.T, spec string) {
	t.Helper()
	for _, s := range []string{
		"The Go Programming Language Specification",
		"This is the reference manual for the Go programming language.",
		"Production  = production_name \"=\" [ Expression ] \".\" .",
		"x < y",
	} {
		if !strings.Contains(spec, s) {
			t.Errorf("spec text lacks %q", s)
		}
	}
	for _, s := range []string{"<p>", "<code>", "&lt;", "&amp;", "<!--"} {
		if strings.Contains(spec, s) {
			t.Errorf("spec text still holds %q", s)
		}
	}
	if len(spec) < 100_000 {
		t.Errorf("spec text is only %d bytes", len(spec))
	}
}

func TestGoSpec(t *testing.T) {
	spec, err := GoSpec()
	if err != nil {
		t.Fatal(err)
	}
	checkSpec(t, spec)
	// The snapshot is Go 1.26's spec: its subtitle, from the page's
	// metadata, names the language version and its date.
	if head := "The Go Programming Language Specification\n\nLanguage version go1.26 (Jan 12, 2026)\n\n"; !strings.HasPrefix(spec, head) {
		t.Errorf("spec starts %q, want %q", spec[:min(len(spec), 120)], head)
	}
}

func TestGoSpecFromGOROOT(t *testing.T) {
	spec, err := GoSpecFromGOROOT()
	if err != nil {
		t.Skip("no installed spec:", err)
	}
	checkSpec(t, spec)
}

func TestGoSources(t *testing.T) {
	files, err := GoSources("strings")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range files {
		names = append(names, f.Name)
		if !strings.Contains(f.Text, "package strings") {
			t.Errorf("%s lacks its package clause", f.Name)
		}
	}
	// `ls $GOROOT/src/strings` in Go 1.26.8: every file is a .go file.
	want := []string{"builder.go", "builder_test.go", "clone.go", "clone_test.go", "compare.go", "compare_test.go",
		"example_test.go", "export_test.go", "iter.go", "iter_test.go", "reader.go", "reader_test.go",
		"replace.go", "replace_test.go", "search.go", "search_test.go", "strings.go", "strings_test.go"}
	if !slices.Equal(names, want) {
		t.Errorf("GoSources(strings) = %q, want %q", names, want)
	}
	one, err := GoSource("strings/strings.go")
	if err != nil {
		t.Fatal(err)
	}
	if one != files[slices.Index(names, "strings.go")].Text || !strings.Contains(one, "func Fields(s string) []string") {
		t.Error("GoSource(strings/strings.go) differs from GoSources or lacks Fields")
	}
	_, err = GoSources("net/http")
	if err == nil || !strings.Contains(err.Error(), `no directory "net/http" (it holds strings)`) ||
		!strings.Contains(err.Error(), "GoSourcesFromGOROOT") {
		t.Errorf("directory outside the snapshot: err = %v", err)
	}
	if _, err := GoSource("strings/nosuch.go"); err == nil || !strings.Contains(err.Error(), "src/strings/nosuch.go is not in the embedded snapshot of go1.26.8") {
		t.Errorf("missing file: err = %v", err)
	}
}

func TestGoSourcesFromGOROOT(t *testing.T) {
	files, err := GoSourcesFromGOROOT("net/http")
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for k, f := range files {
		if k > 0 && files[k-1].Name >= f.Name {
			t.Errorf("files not sorted: %s before %s", files[k-1].Name, f.Name)
		}
		if f.Name == "server.go" {
			found = strings.Contains(f.Text, "package http")
		}
		if strings.Contains(f.Name, "/") {
			t.Errorf("GoSourcesFromGOROOT is not recursive, got %s", f.Name)
		}
	}
	if !found {
		t.Errorf("net/http/server.go missing or wrong among %d files", len(files))
	}
	if _, err := GoSourcesFromGOROOT("no/such/dir"); err == nil || !strings.Contains(err.Error(), "no/such/dir") {
		t.Errorf("missing directory: err = %v", err)
	}
}

// manifestSHA256 pins the manifest itself: regenerating the snapshot must
// be a deliberate change to this line too.
const manifestSHA256 = "b830e082282ef19ae2502d25bbf9739e1df7acd02b6a60b3d9c7e2e639cae354"

// TestSnapshotMatchesManifest recomputes, from the embedded bytes, the size
// and sha256 of every file, and checks that the manifest lists exactly the
// embedded files.
func TestSnapshotMatchesManifest(t *testing.T) {
	raw, err := snapshotFS.ReadFile("snapshot/MANIFEST")
	if err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprintf("%x", sha256.Sum256(raw)); got != manifestSHA256 {
		t.Errorf("MANIFEST sha256 = %s, pinned %s", got, manifestSHA256)
	}
	entries, err := Manifest()
	if err != nil {
		t.Fatal(err)
	}
	listed := map[string]Entry{}
	total := 0
	for _, e := range entries {
		listed[e.Path] = e
		total += e.Size
	}
	seen := map[string]bool{}
	err = fs.WalkDir(snapshotFS, "snapshot", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		switch p {
		case "snapshot/MANIFEST", "snapshot/LICENSE", "snapshot/VERSION":
			return nil
		}
		name, ok := strings.CutSuffix(strings.TrimPrefix(p, "snapshot/"), ".gz")
		e, listedOK := listed[name]
		if !ok || !listedOK {
			t.Errorf("%s is embedded but not in the manifest", p)
			return nil
		}
		seen[name] = true
		z, err := snapshotFS.ReadFile(p)
		if err != nil {
			return err
		}
		r, err := gzip.NewReader(bytes.NewReader(z))
		if err != nil {
			return fmt.Errorf("%s: %w", p, err)
		}
		b, err := io.ReadAll(r)
		if err != nil {
			return fmt.Errorf("%s: %w", p, err)
		}
		if len(b) != e.Size {
			t.Errorf("%s: %d bytes, manifest says %d", name, len(b), e.Size)
		}
		if got := fmt.Sprintf("%x", sha256.Sum256(b)); got != e.SHA256 {
			t.Errorf("%s: sha256 %s, manifest says %s", name, got, e.SHA256)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if !seen[e.Path] {
			t.Errorf("%s is in the manifest but not embedded", e.Path)
		}
	}
	// 1 spec + 18 files of src/strings; sizes as `wc -c` prints them.
	if len(entries) != 19 || listed["doc/go_spec.html"].Size != 293469 || listed["src/strings/strings.go"].Size != 33374 {
		t.Errorf("manifest has %d entries, spec %d bytes, strings.go %d bytes; want 19, 293469, 33374",
			len(entries), listed["doc/go_spec.html"].Size, listed["src/strings/strings.go"].Size)
	}
	if total > 1<<20 {
		t.Errorf("snapshot is %d bytes uncompressed; keep it modest", total)
	}
}

func TestSnapshotVersionAndLicense(t *testing.T) {
	v, err := snapshotFS.ReadFile("snapshot/VERSION")
	if err != nil {
		t.Fatal(err)
	}
	if first, _, _ := strings.Cut(string(v), "\n"); first != SnapshotVersion {
		t.Errorf("snapshot/VERSION says %q, SnapshotVersion is %q", first, SnapshotVersion)
	}
	lic := License()
	for _, s := range []string{"Copyright 2009 The Go Authors.", "Redistribution and use in source and binary forms",
		"Neither the name of Google LLC nor the names of its"} {
		if !strings.Contains(lic, s) {
			t.Errorf("LICENSE lacks %q", s)
		}
	}
}

// TestSnapshotEqualsGOROOT compares the snapshot byte for byte with the
// installed Go when that is the release it was copied from: an independent
// check that the files are Go's, unchanged.
func TestSnapshotEqualsGOROOT(t *testing.T) {
	root, err := GOROOT()
	if err != nil {
		t.Skip(err)
	}
	v, err := os.ReadFile(filepath.Join(root, "VERSION"))
	if first, _, _ := strings.Cut(string(v), "\n"); err != nil || first != SnapshotVersion {
		t.Skipf("installed Go at %s is %q, not %s", root, first, SnapshotVersion)
	}
	entries, err := Manifest()
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range append(entries, Entry{Path: "LICENSE"}) {
		want, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(e.Path)))
		if err != nil {
			t.Error(err)
			continue
		}
		var got []byte
		if e.Path == "LICENSE" {
			got = []byte(License())
		} else if got, err = snapshotFile(e.Path); err != nil {
			t.Error(err)
			continue
		}
		if !bytes.Equal(got, want) {
			t.Errorf("snapshot %s differs from %s", e.Path, root)
		}
	}
}

func gz(t *testing.T, s string) []byte {
	var b bytes.Buffer
	z := gzip.NewWriter(&b)
	io.WriteString(z, s)
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestTamperedSnapshotIsAnError(t *testing.T) {
	// sha256("abc") is the FIPS 180-2 test vector.
	const abc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
	entries := []Entry{{Path: "a.txt", Size: 3, SHA256: abc}}
	fsys := fstest.MapFS{"snapshot/a.txt.gz": {Data: gz(t, "abc")}}
	if b, err := readVerified(fsys, entries, "a.txt"); err != nil || string(b) != "abc" {
		t.Fatalf("intact file: %q, %v", b, err)
	}
	fsys["snapshot/a.txt.gz"] = &fstest.MapFile{Data: gz(t, "abd")}
	if _, err := readVerified(fsys, entries, "a.txt"); err == nil || !strings.Contains(err.Error(), "holds 3 bytes with sha256") {
		t.Errorf("changed byte: err = %v", err)
	}
	fsys["snapshot/a.txt.gz"] = &fstest.MapFile{Data: []byte("abc, but not gzipped")}
	if _, err := readVerified(fsys, entries, "a.txt"); err == nil || !strings.Contains(err.Error(), "snapshot/a.txt.gz: gzip") {
		t.Errorf("not gzip: err = %v", err)
	}
}

func TestParseManifestErrors(t *testing.T) {
	h := strings.Repeat("ab", 32)
	for _, c := range []struct{ text, want string }{
		{h + " 3\n", "line 1: want 3 fields"},
		{"# c\n" + h[:62] + " 3 a\n", "line 2: the hash is not 64 lowercase hex digits"},
		{strings.ToUpper(h) + " 3 a\n", "the hash is not 64 lowercase"},
		{h + " -1 a\n", "the size is not a non-negative integer"},
		{h + " 1 b\n" + h + " 1 a\n", "line 2: paths are not sorted and unique"},
		{h + " 1 a\n" + h + " 1 a\n", "paths are not sorted and unique"},
	} {
		if _, err := parseManifest(c.text); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("parseManifest(%q): err = %v, want %q", c.text, err, c.want)
		}
	}
	got, err := parseManifest("# x\n" + h + " 7 doc/a\n")
	if err != nil || !slices.Equal(got, []Entry{{Path: "doc/a", Size: 7, SHA256: h}}) {
		t.Errorf("parseManifest: %v, %v", got, err)
	}
}

func TestGOROOTError(t *testing.T) {
	empty := t.TempDir()
	_, err := findRoot([]rootSource{
		{"first", func() (string, error) { return "", nil }},
		{"second", func() (string, error) { return "", errors.New("exec: \"go\": not found") }},
		{"third", func() (string, error) { return empty, nil }},
	})
	if err == nil {
		t.Fatal("no error")
	}
	for _, want := range []string{"first: empty", "second: exec", "third: " + empty + " has no src", "set GOROOT"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}
	if _, err := GOROOT(); err != nil {
		t.Fatal(err)
	}
}
