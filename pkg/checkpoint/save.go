package checkpoint

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"slices"

	"llminternals/pkg/autograd"
	"llminternals/pkg/internal/atomicfile"
)

// Save writes every parameter of ps to path as an F64 safetensors tensor
// of shape [rows, cols], with metadata (nil or empty for none) in the
// header's __metadata__. The write is atomic: path holds either its old
// content or the complete checkpoint.
//
// The bytes are deterministic and equal to what Python's
// safetensors.numpy.save writes for the same float64 arrays and metadata:
// metadata first, then the tensors sorted by name, their data in the same
// order, the header padded with spaces to a multiple of 8 bytes. (Python
// orders tensors by dtype first, and here all are F64; it writes metadata
// keys in hash order, which varies from run to run, and here they are
// sorted.)
//
// A parameter named "" or "__metadata__" cannot be saved and is an error.
func Save(path string, ps *autograd.Params, metadata map[string]string) error {
	names := ps.Names()
	for _, n := range names {
		if n == "" || n == metadataKey {
			return fmt.Errorf("checkpoint: cannot save %s: a tensor cannot be named %q", path, n)
		}
	}
	slices.Sort(names)
	header := encodeHeader(names, ps, metadata)
	err := atomicfile.Write(path, func(w io.Writer) error {
		bw := bufio.NewWriterSize(w, 1<<16)
		var lenBuf [8]byte
		binary.LittleEndian.PutUint64(lenBuf[:], uint64(len(header)))
		bw.Write(lenBuf[:])
		bw.Write(header)
		var b [8]byte
		for _, n := range names {
			d := ps.Get(n).Data
			r, c := d.Dims()
			for i := range r {
				for j := range c {
					binary.LittleEndian.PutUint64(b[:], math.Float64bits(d.At(i, j)))
					bw.Write(b[:])
				}
			}
		}
		return bw.Flush()
	})
	if err != nil {
		return fmt.Errorf("checkpoint: %w", err)
	}
	return nil
}

// encodeHeader builds the JSON header for names (sorted) of ps, padded
// with spaces to a multiple of 8 bytes.
func encodeHeader(names []string, ps *autograd.Params, metadata map[string]string) []byte {
	var h bytes.Buffer
	h.WriteByte('{')
	if len(metadata) > 0 {
		keys := make([]string, 0, len(metadata))
		for k := range metadata {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		writeJSONString(&h, metadataKey)
		h.WriteString(":{")
		for i, k := range keys {
			if i > 0 {
				h.WriteByte(',')
			}
			writeJSONString(&h, k)
			h.WriteByte(':')
			writeJSONString(&h, metadata[k])
		}
		h.WriteByte('}')
	}
	var at int64
	for i, n := range names {
		if i > 0 || len(metadata) > 0 {
			h.WriteByte(',')
		}
		r, c := ps.Get(n).Data.Dims()
		size := int64(r) * int64(c) * 8
		writeJSONString(&h, n)
		fmt.Fprintf(&h, `:{"dtype":"F64","shape":[%d,%d],"data_offsets":[%d,%d]}`, r, c, at, at+size)
		at += size
	}
	h.WriteByte('}')
	for h.Len()%8 != 0 {
		h.WriteByte(' ')
	}
	return h.Bytes()
}

// writeJSONString writes s as a JSON string without Go's HTML escaping of
// <, > and &, as Rust's serde_json (behind Python's safetensors) writes it.
func writeJSONString(h *bytes.Buffer, s string) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.Encode(s) // a string always encodes
	h.Write(bytes.TrimSuffix(b.Bytes(), []byte("\n")))
}
