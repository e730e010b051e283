package checkpoint

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"strings"
	"unicode/utf8"

	"gonum.org/v1/gonum/mat"
)

// maxHeader bounds the JSON header, as Python's safetensors does (100 MB),
// so that a damaged length field cannot make Open allocate gigabytes.
const maxHeader = 100 << 20

// metadataKey is the header entry that holds the free-form string metadata.
const metadataKey = "__metadata__"

// TensorInfo describes one tensor of a safetensors file.
type TensorInfo struct {
	Name  string
	DType DType
	// Shape lists the dimensions, outermost first; [] is a scalar.
	Shape []int
	// Begin and End are the tensor's byte range in the data buffer
	// (the part of the file after the header).
	Begin, End int64
}

// NumElements returns the product of the dimensions (1 for a scalar).
func (t TensorInfo) NumElements() int {
	n := 1
	for _, d := range t.Shape {
		n *= d
	}
	return n
}

// File is an opened safetensors file whose header has been read and
// checked; tensor data is read on demand.
type File struct {
	source   string
	r        io.ReaderAt
	closer   io.Closer
	dataAt   int64 // file offset of the data buffer: 8 + N
	tensors  map[string]TensorInfo
	names    []string // sorted
	metadata map[string]string
}

// Open reads and checks the header of the safetensors file at path. The
// file stays open for Tensor and Float64s until Close.
func Open(path string) (*File, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("checkpoint: %w", err)
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("checkpoint: %w", err)
	}
	sf, err := NewReader(f, st.Size(), path)
	if err != nil {
		f.Close()
		return nil, err
	}
	sf.closer = f
	return sf, nil
}

// Close closes the underlying file if Open opened it.
func (f *File) Close() error {
	if f.closer == nil {
		return nil
	}
	return f.closer.Close()
}

// NewReader reads and checks a safetensors header from r, which holds size
// bytes; source names the data in error messages (a file name).
func NewReader(r io.ReaderAt, size int64, source string) (*File, error) {
	fail := func(format string, args ...any) error {
		return fmt.Errorf("checkpoint: %s: %s", source, fmt.Sprintf(format, args...))
	}
	var lenBuf [8]byte
	if size < 8 {
		return nil, fail("%d bytes, shorter than the 8-byte header length: the file is truncated or not safetensors", size)
	}
	if _, err := r.ReadAt(lenBuf[:], 0); err != nil {
		return nil, fail("reading the header length: %v", err)
	}
	n := binary.LittleEndian.Uint64(lenBuf[:])
	if n > uint64(size-8) {
		return nil, fail("header length %d runs past the end of the file (%d bytes after the length field): the file is truncated or not safetensors", n, size-8)
	}
	if n > maxHeader {
		return nil, fail("header length %d exceeds the %d-byte limit", n, maxHeader)
	}
	if n < 2 {
		return nil, fail("header length %d is too short for a JSON object", n)
	}
	header := make([]byte, n)
	if _, err := r.ReadAt(header, 8); err != nil {
		return nil, fail("reading the %d-byte header: %v", n, err)
	}
	f := &File{source: source, r: r, dataAt: 8 + int64(n), tensors: map[string]TensorInfo{}}
	if err := f.parseHeader(header); err != nil {
		return nil, fail("%v", err)
	}
	if err := f.checkLayout(size - f.dataAt); err != nil {
		return nil, fail("%v", err)
	}
	return f, nil
}

// rawInfo is one tensor entry as JSON spells it; pointers tell a missing
// field from an empty one.
type rawInfo struct {
	DType       *string  `json:"dtype"`
	Shape       *[]int64 `json:"shape"`
	DataOffsets *[]int64 `json:"data_offsets"`
}

// parseHeader decodes the JSON header into f.tensors and f.metadata. It
// walks the top-level object token by token so that a name given twice is
// an error (a map would keep only the last).
func (f *File) parseHeader(header []byte) error {
	if !utf8.Valid(header) {
		return errors.New("header is not valid UTF-8")
	}
	if header[0] != '{' {
		return fmt.Errorf("header does not start with '{' (starts with %q)", clip(string(header)))
	}
	dec := json.NewDecoder(bytes.NewReader(header))
	dec.UseNumber()
	if _, err := dec.Token(); err != nil {
		return fmt.Errorf("header is not JSON: %v", err)
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return fmt.Errorf("header is not JSON: %v", err)
		}
		name := tok.(string) // object keys are always strings
		if _, dup := f.tensors[name]; dup || (name == metadataKey && f.metadata != nil) {
			return fmt.Errorf("header names %q twice", name)
		}
		if name == metadataKey {
			var md map[string]string
			if err := dec.Decode(&md); err != nil {
				return fmt.Errorf("%s must be an object of strings: %v", metadataKey, err)
			}
			if md == nil {
				md = map[string]string{}
			}
			f.metadata = md
			continue
		}
		var raw rawInfo
		if err := dec.Decode(&raw); err != nil {
			return fmt.Errorf("tensor %q: bad entry: %v", name, err)
		}
		info, err := checkInfo(name, raw)
		if err != nil {
			return err
		}
		f.tensors[name] = info
		f.names = append(f.names, name)
	}
	if _, err := dec.Token(); err != nil {
		return fmt.Errorf("header is not JSON: %v", err)
	}
	// Only padding may follow the object: Python pads with spaces to a
	// multiple of 8 bytes.
	off := dec.InputOffset()
	if len(bytes.Trim(header[off:], " ")) != 0 {
		return fmt.Errorf("header has bytes after its JSON object (at header byte %d)", off)
	}
	slices.Sort(f.names)
	return nil
}

// checkInfo validates one tensor entry on its own.
func checkInfo(name string, raw rawInfo) (TensorInfo, error) {
	bad := func(format string, args ...any) (TensorInfo, error) {
		return TensorInfo{}, fmt.Errorf("tensor %q: %s", name, fmt.Sprintf(format, args...))
	}
	if raw.DType == nil || raw.Shape == nil || raw.DataOffsets == nil {
		return bad("entry needs dtype, shape and data_offsets")
	}
	d := DType(*raw.DType)
	if d.Size() == 0 {
		return bad("unknown dtype %q", *raw.DType)
	}
	offs := *raw.DataOffsets
	if len(offs) != 2 || offs[0] < 0 || offs[1] < offs[0] {
		return bad("data_offsets %v is not [begin, end] with 0 ≤ begin ≤ end", offs)
	}
	info := TensorInfo{Name: name, DType: d, Begin: offs[0], End: offs[1]}
	// The byte count bounds every dimension, so the product cannot
	// overflow once each step is checked against it.
	elems := int64(1)
	for _, dim := range *raw.Shape {
		if dim < 0 || dim > math.MaxInt32 {
			return bad("shape %v has a dimension outside [0, 2^31)", *raw.Shape)
		}
		info.Shape = append(info.Shape, int(dim))
		if elems != 0 && dim > (math.MaxInt64/8)/elems {
			return bad("shape %v is too large", *raw.Shape)
		}
		elems *= dim
	}
	if info.Shape == nil {
		info.Shape = []int{}
	}
	if want := elems * d.Size64(); offs[1]-offs[0] != want {
		return bad("shape %v of %s needs %d bytes, data_offsets [%d, %d] hold %d", info.Shape, d, want, offs[0], offs[1], offs[1]-offs[0])
	}
	return info, nil
}

// Size64 is Size as an int64.
func (d DType) Size64() int64 { return dtypeSizes[d] }

// checkLayout requires the tensors to tile the data buffer of dataLen
// bytes: no gap, no overlap, nothing after the last tensor.
func (f *File) checkLayout(dataLen int64) error {
	order := slices.Clone(f.names)
	slices.SortFunc(order, func(a, b string) int {
		ta, tb := f.tensors[a], f.tensors[b]
		return cmp.Or(cmp.Compare(ta.Begin, tb.Begin), cmp.Compare(ta.End, tb.End))
	})
	at, prev := int64(0), ""
	for _, name := range order {
		t := f.tensors[name]
		switch {
		case t.Begin < at:
			return fmt.Errorf("tensor %q: data_offsets [%d, %d] overlap tensor %q, which ends at %d", name, t.Begin, t.End, prev, at)
		case t.Begin > at:
			return fmt.Errorf("tensor %q: data_offsets [%d, %d] leave bytes [%d, %d) of the data buffer unused; the format requires the tensors to fill it contiguously", name, t.Begin, t.End, at, t.Begin)
		case t.End > dataLen:
			return fmt.Errorf("tensor %q: data_offsets [%d, %d] run past the end of the data buffer, which holds %d bytes: the file is truncated", name, t.Begin, t.End, dataLen)
		}
		at, prev = t.End, name
	}
	if at != dataLen {
		return fmt.Errorf("the data buffer holds %d bytes but the tensors end at byte %d: %d bytes after the last tensor", dataLen, at, dataLen-at)
	}
	return nil
}

// Tensors returns every tensor's description, sorted by name.
func (f *File) Tensors() []TensorInfo {
	out := make([]TensorInfo, len(f.names))
	for i, n := range f.names {
		t := f.tensors[n]
		t.Shape = slices.Clone(t.Shape)
		out[i] = t
	}
	return out
}

// Info returns the description of the tensor called name.
func (f *File) Info(name string) (TensorInfo, bool) {
	t, ok := f.tensors[name]
	t.Shape = slices.Clone(t.Shape)
	return t, ok
}

// Metadata returns a copy of the header's __metadata__ strings, or nil if
// the file has none.
func (f *File) Metadata() map[string]string {
	if f.metadata == nil {
		return nil
	}
	m := make(map[string]string, len(f.metadata))
	for k, v := range f.metadata {
		m[k] = v
	}
	return m
}

// Float64s reads the tensor called name, of any shape, widened to float64
// in row-major order. Only the tensor's own bytes are read.
func (f *File) Float64s(name string) ([]float64, error) {
	t, ok := f.tensors[name]
	if !ok {
		return nil, fmt.Errorf("checkpoint: %s: no tensor %q (the file has %s)", f.source, name, listNames(f.names))
	}
	if !t.DType.widens() {
		return nil, fmt.Errorf("checkpoint: %s: tensor %q has dtype %s; only F64, F32, F16 and BF16 are read as float64", f.source, name, t.DType)
	}
	b := make([]byte, t.End-t.Begin)
	if _, err := f.r.ReadAt(b, f.dataAt+t.Begin); err != nil {
		return nil, fmt.Errorf("checkpoint: %s: tensor %q: reading bytes [%d, %d) of the file: %v (truncated since it was opened?)",
			f.source, name, f.dataAt+t.Begin, f.dataAt+t.End, err)
	}
	out := make([]float64, t.NumElements())
	decode(out, b, t.DType)
	return out, nil
}

// Tensor reads the tensor called name as a matrix: shape [r, c] gives an
// r×c matrix, a 1-D tensor of n values gives 1×n and a scalar gives 1×1.
// Tensors of more dimensions, or with no elements (which a gonum matrix
// cannot hold), are errors; read those with Float64s.
func (f *File) Tensor(name string) (*mat.Dense, error) {
	t, ok := f.tensors[name]
	if !ok {
		return nil, fmt.Errorf("checkpoint: %s: no tensor %q (the file has %s)", f.source, name, listNames(f.names))
	}
	r, c, err := matrixShape(t.Shape)
	if err != nil {
		return nil, fmt.Errorf("checkpoint: %s: tensor %q: %v", f.source, name, err)
	}
	data, err := f.Float64s(name)
	if err != nil {
		return nil, err
	}
	return mat.NewDense(r, c, data), nil
}

// matrixShape maps a tensor shape to matrix dimensions (see Tensor).
func matrixShape(shape []int) (r, c int, err error) {
	switch len(shape) {
	case 0:
		r, c = 1, 1
	case 1:
		r, c = 1, shape[0]
	case 2:
		r, c = shape[0], shape[1]
	default:
		return 0, 0, fmt.Errorf("shape %v is %d-D; only 0-, 1- and 2-D tensors read as matrices", shape, len(shape))
	}
	if r == 0 || c == 0 {
		return 0, 0, fmt.Errorf("shape %v has no elements; a matrix cannot be empty", shape)
	}
	return r, c, nil
}

// listNames renders names for an error message, eliding a long list.
func listNames(names []string) string {
	if len(names) == 0 {
		return "no tensors"
	}
	const most = 8
	q := make([]string, 0, most)
	for i, n := range names {
		if i == most {
			return fmt.Sprintf("%s and %d more", strings.Join(q, ", "), len(names)-most)
		}
		q = append(q, fmt.Sprintf("%q", n))
	}
	return strings.Join(q, ", ")
}

func clip(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}
