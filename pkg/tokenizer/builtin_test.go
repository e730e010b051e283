package tokenizer

import (
	"bytes"
	"compress/gzip"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	tiktoken "github.com/tiktoken-go/tokenizer"
)

var update = flag.Bool("update", false, "rewrite encodings/*.tiktoken.gz from github.com/tiktoken-go/tokenizer")

// oracleNames maps our encoding names to tiktoken-go's.
var oracleNames = map[string]tiktoken.Encoding{
	"r50k_base":   tiktoken.R50kBase,
	"cl100k_base": tiktoken.Cl100kBase,
	"o200k_base":  tiktoken.O200kBase,
}

// oracleRanks extracts the rank table of an encoding from tiktoken-go. Its
// vocabulary map is unexported, but Decode of a single id returns that
// token's bytes, and fails for ids that are not ranked tokens (special
// tokens included), so scanning ids recovers the whole table.
func oracleRanks(t testing.TB, name string) map[string]int {
	c, err := tiktoken.Get(oracleNames[name])
	if err != nil {
		t.Fatal(err)
	}
	ranks := map[string]int{}
	for id := 0; id < 210000; id++ {
		s, err := c.Decode([]uint{uint(id)})
		if err != nil {
			continue
		}
		ranks[s] = id
	}
	return ranks
}

// TestEmbeddedRanks checks that the embedded rank tables equal tiktoken-go's,
// token by token. With -update it regenerates them first:
//
//	go test ./pkg/tokenizer -run TestEmbeddedRanks -update
func TestEmbeddedRanks(t *testing.T) {
	for _, name := range EncodingNames() {
		t.Run(name, func(t *testing.T) {
			want := oracleRanks(t, name)
			if *update {
				var raw, gz bytes.Buffer
				if err := WriteRanks(&raw, want); err != nil {
					t.Fatal(err)
				}
				zw, _ := gzip.NewWriterLevel(&gz, gzip.BestCompression)
				zw.Write(raw.Bytes())
				if err := zw.Close(); err != nil {
					t.Fatal(err)
				}
				if err := writeFileAtomic(filepath.Join("encodings", name+".tiktoken.gz"), gz.Bytes()); err != nil {
					t.Fatal(err)
				}
				t.Logf("%s: %d ranks, %d bytes raw, %d gzipped", name, len(want), raw.Len(), gz.Len())
				return
			}
			e, err := Load(name)
			if err != nil {
				t.Fatal(err)
			}
			got := e.Ranks()
			if len(got) != len(want) {
				t.Fatalf("%d embedded ranks, tiktoken-go has %d", len(got), len(want))
			}
			for tok, id := range want {
				if got[tok] != id {
					t.Fatalf("token %q: embedded rank %d, tiktoken-go %d", tok, got[tok], id)
				}
			}
		})
	}
}

// TestSpecialTokenIDs checks our special-token table against tiktoken-go's
// source: the ids are unexported there, so the test reads the map literals
// in codec/<name>.go of the module.
func TestSpecialTokenIDs(t *testing.T) {
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/tiktoken-go/tokenizer").Output()
	if err != nil {
		t.Skipf("cannot locate tiktoken-go's source: %v", err)
	}
	dir := strings.TrimSpace(string(out))
	entry := regexp.MustCompile(`"(<\|[a-z_]+\|>)":\s*(\d+),`)
	for name, spec := range builtins {
		src, err := os.ReadFile(filepath.Join(dir, "codec", name+".go"))
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]int{}
		for _, m := range entry.FindAllStringSubmatch(string(src), -1) {
			want[m[1]], _ = strconv.Atoi(m[2])
		}
		if len(want) != len(spec.special) {
			t.Errorf("%s: tiktoken-go has %d special tokens %v, we have %v", name, len(want), want, spec.special)
		}
		for tok, id := range want {
			if spec.special[tok] != id {
				t.Errorf("%s: %s: tiktoken-go id %d, ours %d", name, tok, id, spec.special[tok])
			}
		}
	}
}
