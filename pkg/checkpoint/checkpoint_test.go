package checkpoint

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"maps"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"llminternals/pkg/autograd"
)

var update = flag.Bool("update", false, "rewrite testdata/go_written.safetensors")

// goWrittenParams is the registry behind testdata/go_written.safetensors.
// Registration order differs from name order on purpose: the file must be
// sorted by name. The values include −0, the smallest subnormal, the
// largest float64 and +Inf, which must all survive a round trip.
func goWrittenParams() *autograd.Params {
	var ps autograd.Params
	wte := mat.NewDense(3, 4, nil)
	for k := range 12 {
		wte.Set(k/4, k%4, float64(k-5)/7)
	}
	ps.Add("wte", autograd.New(wte))
	ps.Add("h0.w", autograd.New(mat.NewDense(2, 2, []float64{math.Copysign(0, -1), 5e-324, math.MaxFloat64, math.Inf(1)})))
	ps.Add("ln.g", autograd.New(mat.NewDense(1, 5, []float64{1, 0.5, 0.25, -0.125, 3})))
	return &ps
}

// goWrittenMetadata holds characters Go's JSON would escape (<, >, &) and
// non-ASCII, to check that the header is spelled as Python spells it.
var goWrittenMetadata = map[string]string{"format": "llminternals", "note": "<&> ünïcode", "step": "12"}

func hexBits(x float64) string { return fmt.Sprintf("%016x", math.Float64bits(x)) }

// TestGoWrittenFixture: Python's safetensors read the committed file that
// Save writes (python_read.json records what it saw) and saved the same
// arrays again with byte-identical output.
func TestGoWrittenFixture(t *testing.T) {
	ps := goWrittenParams()
	fixture := filepath.Join("testdata", "go_written.safetensors")
	path := filepath.Join(t.TempDir(), "go.safetensors")
	if err := Save(path, ps, goWrittenMetadata); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile(fixture, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(fixture)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("Save no longer writes the bytes of %s (rerun with -update and gen.py if the change is intended)", fixture)
	}

	var seen struct {
		Metadata       map[string]string `json:"metadata"`
		GoSHA256       string            `json:"go_sha256"`
		ResaveSHA256   string            `json:"python_resave_sha256"`
		ResaveIdentity bool              `json:"python_resave_identical"`
		Tensors        map[string]struct {
			DType string   `json:"dtype"`
			Shape []int    `json:"shape"`
			Bits  []string `json:"bits"`
		} `json:"tensors"`
	}
	readJSON(t, filepath.Join("testdata", "python_read.json"), &seen)
	sum := sha256.Sum256(got)
	if seen.GoSHA256 != hex.EncodeToString(sum[:]) {
		t.Fatalf("python_read.json was made from another go_written.safetensors (sha256 %s, ours %x): rerun gen.py", seen.GoSHA256, sum)
	}
	if !seen.ResaveIdentity || seen.ResaveSHA256 != seen.GoSHA256 {
		t.Errorf("Python's safetensors saves the same arrays as different bytes (sha256 %s)", seen.ResaveSHA256)
	}
	if !maps.Equal(seen.Metadata, goWrittenMetadata) {
		t.Errorf("Python read metadata %v, want %v", seen.Metadata, goWrittenMetadata)
	}
	if len(seen.Tensors) != ps.Len() {
		t.Errorf("Python saw %d tensors, we saved %d", len(seen.Tensors), ps.Len())
	}
	for name, p := range ps.All() {
		s, ok := seen.Tensors[name]
		r, c := p.Data.Dims()
		if !ok || s.DType != "float64" || !slices.Equal(s.Shape, []int{r, c}) || len(s.Bits) != r*c {
			t.Errorf("%s: Python saw %+v, we saved float64 %d×%d", name, s, r, c)
			continue
		}
		for k, b := range s.Bits {
			if want := hexBits(p.Data.At(k/c, k%c)); b != want {
				t.Errorf("%s[%d]: Python read bits %s, we wrote %s", name, k, b, want)
			}
		}
	}
}

func readJSON(t *testing.T, path string, v any) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}

type expectedTensor struct {
	DType string   `json:"dtype"`
	Shape []int    `json:"shape"`
	Bits  []string `json:"bits"`
}

type expectedFile struct {
	Metadata map[string]string         `json:"metadata"`
	SHA256   string                    `json:"sha256"`
	Tensors  map[string]expectedTensor `json:"tensors"`
}

func loadExpected(t *testing.T, name string) expectedFile {
	t.Helper()
	var all struct {
		Files map[string]expectedFile `json:"files"`
	}
	readJSON(t, filepath.Join("testdata", "expected.json"), &all)
	f, ok := all.Files[name]
	if !ok {
		t.Fatalf("expected.json has no %s", name)
	}
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	if sum := sha256.Sum256(data); hex.EncodeToString(sum[:]) != f.SHA256 {
		t.Fatalf("testdata/%s is not the file expected.json describes", name)
	}
	return f
}

// checkBits compares widened values with the float64 bits Python computed;
// a NaN only has to be a NaN (the payload of a widened NaN is not
// specified by either side).
func checkBits(t *testing.T, what string, got []float64, want []string) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d values, want %d", what, len(got), len(want))
	}
	for k, w := range want {
		var wb uint64
		fmt.Sscanf(w, "%x", &wb)
		if math.IsNaN(math.Float64frombits(wb)) && math.IsNaN(got[k]) {
			continue
		}
		if hexBits(got[k]) != w {
			t.Errorf("%s[%d] = %v (bits %s), Python %v (bits %s)", what, k, got[k], hexBits(got[k]), math.Float64frombits(wb), w)
		}
	}
}

// TestPythonFixtures reads every tensor safetensors wrote and compares each
// widened value with the float64 computed in Python.
func TestPythonFixtures(t *testing.T) {
	exp := loadExpected(t, "py_dtypes.safetensors")
	f, err := Open(filepath.Join("testdata", "py_dtypes.safetensors"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if !maps.Equal(f.Metadata(), exp.Metadata) {
		t.Errorf("metadata %v, want %v", f.Metadata(), exp.Metadata)
	}
	infos := f.Tensors()
	if len(infos) != len(exp.Tensors) {
		t.Fatalf("%d tensors, Python wrote %d", len(infos), len(exp.Tensors))
	}
	seenDTypes := map[DType]bool{}
	for _, info := range infos {
		e := exp.Tensors[info.Name]
		if string(info.DType) != e.DType || !slices.Equal(info.Shape, e.Shape) {
			t.Errorf("%s: %s %v, Python wrote %s %v", info.Name, info.DType, info.Shape, e.DType, e.Shape)
		}
		seenDTypes[info.DType] = true
		if !info.DType.widens() {
			if _, err := f.Float64s(info.Name); err == nil || !strings.Contains(err.Error(), `"`+info.Name+`" has dtype I64`) {
				t.Errorf("%s: Float64s on I64: %v", info.Name, err)
			}
			continue
		}
		got, err := f.Float64s(info.Name)
		if err != nil {
			t.Fatal(err)
		}
		checkBits(t, info.Name, got, e.Bits)
	}
	for _, d := range []DType{F64, F32, F16, BF16} {
		if !seenDTypes[d] {
			t.Errorf("the fixture has no %s tensor", d)
		}
	}
	// Matrices: 2-D as is, 1-D as 1×n, a scalar as 1×1; 3-D is refused.
	for name, want := range map[string][2]int{"f64.matrix": {2, 3}, "f32.bias": {1, 4}, "bf16.norm": {1, 5}, "f64.scalar": {1, 1}} {
		m, err := f.Tensor(name)
		if err != nil {
			t.Fatal(err)
		}
		if r, c := m.Dims(); r != want[0] || c != want[1] {
			t.Errorf("Tensor(%q) is %d×%d, want %d×%d", name, r, c, want[0], want[1])
		}
	}
	if m, _ := f.Tensor("f64.scalar"); m.At(0, 0) != 42.5 {
		t.Errorf("scalar = %v, want 42.5", m.At(0, 0))
	}
	if _, err := f.Tensor("f16.cube"); err == nil || !strings.Contains(err.Error(), `"f16.cube": shape [2 2 2] is 3-D`) {
		t.Errorf("Tensor(3-D): %v", err)
	}
	if _, err := f.Tensor("nope"); err == nil || !strings.Contains(err.Error(), `no tensor "nope"`) {
		t.Errorf("Tensor(missing): %v", err)
	}
}

// pyParams is a registry with the names and shapes of py_params.safetensors.
func pyParams() *autograd.Params {
	var ps autograd.Params
	ps.Add("layer.w", autograd.New(mat.NewDense(2, 3, nil)))
	ps.Add("layer.b", autograd.New(mat.NewDense(1, 3, nil)))
	ps.Add("norm.g", autograd.New(mat.NewDense(1, 4, nil)))
	ps.Add("head", autograd.New(mat.NewDense(3, 2, nil)))
	return &ps
}

func TestLoadPythonParams(t *testing.T) {
	exp := loadExpected(t, "py_params.safetensors")
	ps := pyParams()
	md, err := Load(filepath.Join("testdata", "py_params.safetensors"), ps)
	if err != nil {
		t.Fatal(err)
	}
	if !maps.Equal(md, map[string]string{"step": "7"}) {
		t.Errorf("metadata %v", md)
	}
	for name, p := range ps.All() {
		checkBits(t, name, p.Data.RawMatrix().Data, exp.Tensors[name].Bits)
	}
}

// randomParams makes a registry with deterministic, non-round values.
func randomParams(shapes map[string][2]int) *autograd.Params {
	var ps autograd.Params
	seed := uint64(1)
	for _, name := range slices.Sorted(maps.Keys(shapes)) {
		s := shapes[name]
		m := mat.NewDense(s[0], s[1], nil)
		for i := range s[0] {
			for j := range s[1] {
				seed = seed*6364136223846793005 + 1442695040888963407
				m.Set(i, j, float64(int64(seed>>11))/float64(1<<40))
			}
		}
		ps.Add(name, autograd.New(m))
	}
	return &ps
}

func TestSaveLoadRoundTrip(t *testing.T) {
	shapes := map[string][2]int{"a.w": {4, 3}, "a.b": {1, 3}, "z": {1, 1}, "emb": {7, 5}}
	ps := randomParams(shapes)
	dir := t.TempDir()
	p1, p2 := filepath.Join(dir, "one.safetensors"), filepath.Join(dir, "two.safetensors")
	if err := Save(p1, ps, map[string]string{"k": "v"}); err != nil {
		t.Fatal(err)
	}
	if err := Save(p2, ps, map[string]string{"k": "v"}); err != nil {
		t.Fatal(err)
	}
	b1, _ := os.ReadFile(p1)
	b2, _ := os.ReadFile(p2)
	if !bytes.Equal(b1, b2) {
		t.Error("two saves of the same parameters differ")
	}
	// Header length is a multiple of 8, as Python pads it.
	if n := binary.LittleEndian.Uint64(b1); n%8 != 0 {
		t.Errorf("header length %d is not a multiple of 8", n)
	}
	// The file size is 8 + header + 8 bytes per scalar.
	if n := binary.LittleEndian.Uint64(b1); int(8+n)+8*ps.NumScalars() != len(b1) {
		t.Errorf("file is %d bytes, want 8 + %d + 8·%d", len(b1), n, ps.NumScalars())
	}
	fresh := randomParams(map[string][2]int{"a.w": {4, 3}, "a.b": {1, 3}, "z": {1, 1}, "emb": {7, 5}})
	for _, p := range fresh.Values() {
		p.Data.Zero()
	}
	md, err := Load(p1, fresh)
	if err != nil {
		t.Fatal(err)
	}
	if md["k"] != "v" || len(md) != 1 {
		t.Errorf("metadata %v", md)
	}
	for name, p := range ps.All() {
		if !slices.Equal(p.Data.RawMatrix().Data, fresh.Get(name).Data.RawMatrix().Data) {
			t.Errorf("%s differs after the round trip", name)
		}
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 {
		t.Errorf("directory holds %d files, want 2 (no temporaries)", len(entries))
	}
	// Without metadata there is no __metadata__ entry and Load returns nil.
	if err := Save(p2, ps, nil); err != nil {
		t.Fatal(err)
	}
	if md, err := Load(p2, fresh); err != nil || md != nil {
		t.Errorf("Load without metadata = %v, %v", md, err)
	}
	// Bad names are refused and nothing is written.
	var bad autograd.Params
	bad.Add("__metadata__", autograd.New(mat.NewDense(1, 1, nil)))
	p3 := filepath.Join(dir, "bad.safetensors")
	if err := Save(p3, &bad, nil); err == nil {
		t.Error("Save of a parameter named __metadata__: no error")
	}
	if _, err := os.Stat(p3); !os.IsNotExist(err) {
		t.Error("a refused Save left a file")
	}
}

func TestLoadMismatch(t *testing.T) {
	ps := randomParams(map[string][2]int{"w": {2, 3}, "b": {1, 3}})
	path := filepath.Join(t.TempDir(), "m.safetensors")
	if err := Save(path, ps, nil); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name   string
		shapes map[string][2]int
		want   string
	}{
		{"missing", map[string][2]int{"w": {2, 3}, "b": {1, 3}, "c": {1, 1}}, `1 parameters are missing from the file: "c"`},
		{"extra", map[string][2]int{"w": {2, 3}}, `1 tensors are not parameters of this model: "b"`},
		{"shape", map[string][2]int{"w": {3, 2}, "b": {1, 3}}, `tensor "w" has shape [2 3], the parameter is 3×2`},
		{"1-D into a column", map[string][2]int{"w": {2, 3}, "b": {3, 1}}, `tensor "b" has shape [1 3], the parameter is 3×1`},
	}
	for _, c := range cases {
		target := randomParams(c.shapes)
		before := map[string][]float64{}
		for n, p := range target.All() {
			before[n] = slices.Clone(p.Data.RawMatrix().Data)
		}
		_, err := Load(path, target)
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), path) {
			t.Errorf("%s: err = %v, want it to name %s and say %q", c.name, err, path, c.want)
		}
		for n, p := range target.All() {
			if !slices.Equal(before[n], p.Data.RawMatrix().Data) {
				t.Errorf("%s: a failed Load changed %q", c.name, n)
			}
		}
	}
}

// safetensorsBytes assembles a file from a header string and a data buffer.
func safetensorsBytes(header string, data []byte) []byte {
	var b bytes.Buffer
	binary.Write(&b, binary.LittleEndian, uint64(len(header)))
	b.WriteString(header)
	b.Write(data)
	return b.Bytes()
}

func TestCorruptFiles(t *testing.T) {
	d16 := make([]byte, 16)
	cases := []struct {
		name string
		file []byte
		want string
	}{
		{"empty", nil, "0 bytes, shorter than the 8-byte header length"},
		{"length past EOF", safetensorsBytes("{}", nil)[:9], "header length 2 runs past the end of the file (1 bytes after the length field)"},
		{"not JSON", safetensorsBytes("{nope", nil), "header is not JSON"},
		{"not an object", safetensorsBytes("[1,2]", nil), "does not start with '{'"},
		{"trailing garbage", safetensorsBytes(`{}  x`, nil), "bytes after its JSON object"},
		{"unknown dtype", safetensorsBytes(`{"w":{"dtype":"F99","shape":[2],"data_offsets":[0,16]}}`, d16), `tensor "w": unknown dtype "F99"`},
		{"missing field", safetensorsBytes(`{"w":{"dtype":"F64","shape":[2]}}`, d16), `tensor "w": entry needs dtype, shape and data_offsets`},
		{"size mismatch", safetensorsBytes(`{"w":{"dtype":"F64","shape":[3],"data_offsets":[0,16]}}`, d16), `tensor "w": shape [3] of F64 needs 24 bytes, data_offsets [0, 16] hold 16`},
		{"offsets backwards", safetensorsBytes(`{"w":{"dtype":"F64","shape":[0],"data_offsets":[16,0]}}`, d16), `tensor "w": data_offsets [16 0]`},
		{"out of range", safetensorsBytes(`{"w":{"dtype":"F64","shape":[3],"data_offsets":[0,24]}}`, d16), `tensor "w": data_offsets [0, 24] run past the end of the data buffer, which holds 16 bytes: the file is truncated`},
		{"overlap", safetensorsBytes(`{"a":{"dtype":"F64","shape":[2],"data_offsets":[0,16]},"b":{"dtype":"F64","shape":[1],"data_offsets":[8,16]}}`, d16), `tensor "b": data_offsets [8, 16] overlap tensor "a", which ends at 16`},
		{"gap", safetensorsBytes(`{"a":{"dtype":"F64","shape":[1],"data_offsets":[8,16]}}`, d16), `leave bytes [0, 8) of the data buffer unused`},
		{"trailing data", safetensorsBytes(`{"a":{"dtype":"F64","shape":[1],"data_offsets":[0,8]}}`, d16), "8 bytes after the last tensor"},
		{"duplicate name", safetensorsBytes(`{"a":{"dtype":"F64","shape":[1],"data_offsets":[0,8]},"a":{"dtype":"F64","shape":[1],"data_offsets":[8,16]}}`, d16), `header names "a" twice`},
		{"metadata not strings", safetensorsBytes(`{"__metadata__":{"n":1}}`, nil), "__metadata__ must be an object of strings"},
		{"negative dim", safetensorsBytes(`{"a":{"dtype":"F64","shape":[-1],"data_offsets":[0,8]}}`, d16[:8]), `shape [-1] has a dimension outside`},
		{"huge shape", safetensorsBytes(`{"a":{"dtype":"F64","shape":[2147483647,2147483647,2147483647],"data_offsets":[0,8]}}`, d16[:8]), `is too large`},
		{"bad UTF-8", safetensorsBytes("{\"\xff\":1}", nil), "not valid UTF-8"},
	}
	dir := t.TempDir()
	for _, c := range cases {
		path := filepath.Join(dir, strings.ReplaceAll(c.name, " ", "_")+".safetensors")
		os.WriteFile(path, c.file, 0o644)
		_, err := Open(path)
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.HasPrefix(err.Error(), "checkpoint: "+path+": ") {
			t.Errorf("%s: err = %v\n  want \"checkpoint: %s: …%s…\"", c.name, err, path, c.want)
		}
	}
}

// Every proper prefix of a checkpoint fails to open, and every error names
// the file.
func TestTruncatedCheckpoint(t *testing.T) {
	ps := randomParams(map[string][2]int{"w": {3, 4}, "b": {1, 4}})
	dir := t.TempDir()
	full := filepath.Join(dir, "full.safetensors")
	if err := Save(full, ps, map[string]string{"epoch": "3"}); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(full)
	cut := filepath.Join(dir, "cut.safetensors")
	for n := range len(data) {
		os.WriteFile(cut, data[:n], 0o644)
		if _, err := Load(cut, ps); err == nil {
			t.Fatalf("a prefix of %d of %d bytes loaded", n, len(data))
		} else if !strings.Contains(err.Error(), cut) {
			t.Fatalf("prefix of %d bytes: error does not name the file: %v", n, err)
		}
	}
	// The buffer cut by one tensor value: the last tensor ("w", sorted
	// after "b") is named.
	os.WriteFile(cut, data[:len(data)-8], 0o644)
	if _, err := Open(cut); err == nil || !strings.Contains(err.Error(), `tensor "w": data_offsets [32, 128] run past the end of the data buffer, which holds 120 bytes: the file is truncated`) {
		t.Errorf("cut by 8 bytes: %v", err)
	}
}

// halfToFloat64 is checked value by value against numpy in the fixtures;
// here, exhaustively, that the 31,744 finite non-negative halves increase
// strictly from 0 to 65504 in steps that double at each binade, and that
// the sign bit only flips the sign.
func TestHalfToFloat64(t *testing.T) {
	prev := -1.0
	for h := range uint16(0x7c00) {
		v := halfToFloat64(h)
		if v <= prev {
			t.Fatalf("half 0x%04x = %v is not above 0x%04x = %v", h, v, h-1, prev)
		}
		// The step to the next value is 2^-24 in the subnormals and the
		// first binade, then 2^(e-25).
		if h > 0 {
			e := max(int((h-1)>>10), 1)
			if step := v - prev; step != math.Ldexp(1, e-25) {
				t.Fatalf("half 0x%04x: step %v, want 2^%d", h, step, e-25)
			}
		}
		if n := halfToFloat64(h | 0x8000); n != -v || !math.Signbit(n) {
			t.Fatalf("half 0x%04x = %v, want %v", h|0x8000, n, -v)
		}
		prev = v
	}
	if prev != 65504 || halfToFloat64(0x3c00) != 1 || !math.IsInf(halfToFloat64(0x7c00), 1) || !math.IsNaN(halfToFloat64(0x7e00)) {
		t.Errorf("max %v, 0x3c00 = %v, 0x7c00 = %v, 0x7e00 = %v", prev, halfToFloat64(0x3c00), halfToFloat64(0x7c00), halfToFloat64(0x7e00))
	}
}
