package checkpoint

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

func addSeeds(f *testing.F) {
	for _, name := range []string{"py_dtypes.safetensors", "py_params.safetensors", "go_written.safetensors"} {
		data, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add(safetensorsBytes(`{"a":{"dtype":"BF16","shape":[2,1],"data_offsets":[0,4]}}`, []byte{1, 2, 3, 4}))
	f.Add([]byte{})
}

// FuzzOpen: on any bytes Open returns an error or a File whose every
// tensor reads without panicking, with as many values as its shape says.
func FuzzOpen(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		sf, err := NewReader(bytes.NewReader(data), int64(len(data)), "fuzz")
		if err != nil {
			return
		}
		for _, info := range sf.Tensors() {
			if info.End > int64(len(data)) {
				t.Fatalf("tensor %q ends at %d, past the data", info.Name, info.End)
			}
			vals, err := sf.Float64s(info.Name)
			if err == nil && len(vals) != info.NumElements() {
				t.Fatalf("tensor %q: %d values for shape %v", info.Name, len(vals), info.Shape)
			}
			if m, err := sf.Tensor(info.Name); err == nil {
				if r, c := m.Dims(); r*c != info.NumElements() {
					t.Fatalf("tensor %q: %d×%d matrix for shape %v", info.Name, r, c, info.Shape)
				}
			}
		}
	})
}

// FuzzLoad: Load on any bytes never panics, and leaves the registry
// untouched when it fails.
func FuzzLoad(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(t.TempDir(), "f.safetensors")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		ps := pyParams()
		for _, p := range ps.Values() {
			p.Data.Apply(func(_, _ int, _ float64) float64 { return 7 }, p.Data)
		}
		if _, err := Load(path, ps); err != nil {
			for name, p := range ps.All() {
				for _, v := range p.Data.RawMatrix().Data {
					if v != 7 {
						t.Fatalf("failed Load changed %q", name)
					}
				}
			}
		}
	})
}
