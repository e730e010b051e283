package corpus

import (
	"errors"
	"os"
	"strings"
	"testing"
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

func TestGoSpec(t *testing.T) {
	spec, err := GoSpec()
	if err != nil {
		t.Fatal(err)
	}
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

func TestGoSources(t *testing.T) {
	files, err := GoSources("net/http")
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
			t.Errorf("GoSources is not recursive, got %s", f.Name)
		}
	}
	if !found {
		t.Errorf("net/http/server.go missing or wrong among %d files", len(files))
	}
	if _, err := GoSources("no/such/dir"); err == nil || !strings.Contains(err.Error(), "no/such/dir") {
		t.Errorf("missing directory: err = %v", err)
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
	root, err := GOROOT()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(root + "/doc/go_spec.html"); err != nil {
		t.Error(err)
	}
}
