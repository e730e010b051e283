package nb

import (
	"bytes"
	"crypto/sha256"
	"encoding/gob"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"sync"

	"llminternals/pkg/internal/atomicfile"
)

// engineVersion returns the engine's version hash and whether it could
// be computed; tests replace it.
var engineVersion = sourceVersion

var (
	sourceOnce sync.Once
	sourceHash string
	sourceOK   bool
)

// sourceVersion hashes the engine's sources once per process.
func sourceVersion() (string, bool) {
	sourceOnce.Do(func() {
		_, file, _, ok := runtime.Caller(0)
		if !ok || !filepath.IsAbs(file) {
			return // -trimpath: the path is not a file we can read
		}
		// file is <module>/pkg/nb/cache.go.
		pkg := filepath.Dir(filepath.Dir(file))
		sourceHash, sourceOK = hashSources(filepath.Dir(pkg), pkg)
	})
	return sourceHash, sourceOK
}

// hashSources returns SHA-256 over every file under pkgDir that can reach
// a built engine — Go sources, assembly (the gemm kernel), embedded data
// (the corpus snapshot, the rank files) — that is, every file but the
// *_test.go files and whatever lies in a testdata directory (by path
// relative to it, in sorted order: name, then content), and over the
// module's go.mod and go.sum. It reports false if pkgDir holds no Go file
// or a file cannot be read, so that nothing is cached.
func hashSources(module, pkgDir string) (string, bool) {
	var files []string
	goFiles := 0
	err := filepath.WalkDir(pkgDir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		switch {
		case d.IsDir() && d.Name() == "testdata":
			return filepath.SkipDir
		case d.IsDir() || strings.HasSuffix(path, "_test.go"):
		case strings.HasSuffix(path, ".go"):
			goFiles++
			files = append(files, path)
		case d.Type().IsRegular():
			files = append(files, path)
		}
		return nil
	})
	if err != nil || goFiles == 0 {
		return "", false
	}
	sort.Strings(files)
	files = append(files, filepath.Join(module, "go.mod"), filepath.Join(module, "go.sum"))
	h := sha256.New()
	for _, f := range files {
		b, err := os.ReadFile(f)
		if errors.Is(err, fs.ErrNotExist) && filepath.Dir(f) == module {
			b = nil // a module without dependencies has no go.sum
		} else if err != nil {
			return "", false
		}
		rel, _ := filepath.Rel(module, f)
		// Length-prefix name and content so no two file sets hash alike.
		fmt.Fprintf(h, "%d:%s%d:", len(rel), filepath.ToSlash(rel), len(b))
		h.Write(b)
	}
	return hex.EncodeToString(h.Sum(nil)), true
}

// CacheDir returns the directory cache entries are stored in:
// $LLMINTERNALS_CACHE if set, else os.UserCacheDir()/llminternals.
func CacheDir() (string, error) {
	if d := os.Getenv("LLMINTERNALS_CACHE"); d != "" {
		return d, nil
	}
	d, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("nb: no cache directory (set LLMINTERNALS_CACHE): %w", err)
	}
	return filepath.Join(d, "llminternals"), nil
}

var unsafeName = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// entryPath returns the cache file for (key, inputs, the result's type,
// the engine's version), with the given extension, or ok = false when
// the result must not be cached (no engine version). An input that JSON
// cannot encode is the caller's error.
func entryPath[T any](key string, inputs any, ext string) (path string, ok bool, err error) {
	version, ok := engineVersion()
	if !ok {
		return "", false, nil
	}
	in, err := json.Marshal(inputs)
	if err != nil {
		return "", false, fmt.Errorf("nb: cache %q: inputs cannot be encoded as JSON: %w", key, err)
	}
	dir, err := CacheDir()
	if err != nil {
		warn(key, err)
		return "", false, nil
	}
	h := sha256.New()
	for _, part := range []string{key, string(in), fmt.Sprintf("%T", *new(T)), version} {
		fmt.Fprintf(h, "%d:%s", len(part), part)
	}
	name := strings.Trim(unsafeName.ReplaceAllString(key, "-"), "-.")
	if len(name) > 64 {
		name = name[:64]
	}
	return filepath.Join(dir, name+"-"+hex.EncodeToString(h.Sum(nil))[:32]+ext), true, nil
}

// Cached returns the result of compute, stored on its first call and
// read back on later calls (in later cells, or later sessions) with the
// same key, the same inputs and the same engine sources.
//
// inputs must be JSON-encodable and should hold everything the result
// depends on besides the engine: e.g. struct{ CorpusSHA256 string;
// Vocab int }{…}. T is stored with encoding/gob, so it may be a basic
// type, a slice, map or array of storable types, a pointer to one, a
// struct whose exported fields are storable, or a type implementing
// gob.GobEncoder or encoding.BinaryMarshaler (*mat.Dense does). Gob
// drops unexported struct fields silently: a type holding its state in
// unexported fields belongs in CachedFile.
//
// An error from compute is returned and nothing is stored. A cache that
// cannot be written is reported on stderr, and the computed value is
// still returned.
func Cached[T any](key string, inputs any, compute func() (T, error)) (T, error) {
	var zero T
	path, ok, err := entryPath[T](key, inputs, ".gob")
	if err != nil {
		return zero, err
	}
	if !ok {
		return compute()
	}
	if v, err := readEntry[T](path); err == nil {
		return v, nil
	}
	v, err := compute()
	if err != nil {
		return zero, err
	}
	var payload bytes.Buffer
	if err := gob.NewEncoder(&payload).Encode(&v); err != nil {
		warn(key, fmt.Errorf("encoding %T with gob: %w", v, err))
		return v, nil
	}
	if err := writeEntry(path, payload.Bytes()); err != nil {
		warn(key, err)
	}
	return v, nil
}

// MustCached is Cached that stops the cell on an error, as Must does.
func MustCached[T any](key string, inputs any, compute func() (T, error)) T {
	return Must(Cached(key, inputs, compute))
}

// Saver is a type that writes itself to a file, as a tokenizer does.
type Saver interface {
	Save(path string) error
}

// CachedFile is Cached for a type that saves and loads itself (a
// tokenizer, a checkpoint): compute's result is written with its Save
// method to a temporary file that is renamed into place, and read back
// later with load. A file that load rejects is recomputed.
func CachedFile[T Saver](key string, inputs any, compute func() (T, error), load func(path string) (T, error)) (T, error) {
	var zero T
	path, ok, err := entryPath[T](key, inputs, ".file")
	if err != nil {
		return zero, err
	}
	if !ok {
		return compute()
	}
	if v, err := load(path); err == nil {
		return v, nil
	}
	v, err := compute()
	if err != nil {
		return zero, err
	}
	if err := saveEntry(path, v); err != nil {
		warn(key, err)
	}
	return v, nil
}

// MustCachedFile is CachedFile that stops the cell on an error, as Must does.
func MustCachedFile[T Saver](key string, inputs any, compute func() (T, error), load func(path string) (T, error)) T {
	return Must(CachedFile(key, inputs, compute, load))
}

// saveEntry lets v save itself under a private temporary name, then
// renames the file into place, so that a reader never loads half of it
// even if Save itself does not write atomically.
func saveEntry(path string, v Saver) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	tmpDir, err := os.MkdirTemp(filepath.Dir(path), ".tmp-*")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmpDir)
	tmp := filepath.Join(tmpDir, filepath.Base(path))
	if err := v.Save(tmp); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// An entry file is the SHA-256 of the payload followed by the payload,
// so that damaged bytes are detected rather than decoded into garbage.
func writeEntry(path string, payload []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	sum := sha256.Sum256(payload)
	return atomicfile.Write(path, func(w io.Writer) error {
		if _, err := w.Write(sum[:]); err != nil {
			return err
		}
		_, err := w.Write(payload)
		return err
	})
}

func readEntry[T any](path string) (T, error) {
	var v T
	b, err := os.ReadFile(path)
	if err != nil {
		return v, err
	}
	if len(b) < sha256.Size {
		return v, fmt.Errorf("%s: %d bytes, shorter than its checksum", path, len(b))
	}
	if sum := sha256.Sum256(b[sha256.Size:]); !bytes.Equal(sum[:], b[:sha256.Size]) {
		return v, fmt.Errorf("%s: checksum mismatch", path)
	}
	if err := gob.NewDecoder(bytes.NewReader(b[sha256.Size:])).Decode(&v); err != nil {
		return v, fmt.Errorf("%s: %w", path, err)
	}
	return v, nil
}

func warn(key string, err error) {
	fmt.Fprintf(stderr, "nb: cache %q not saved: %v\n", key, err)
}
