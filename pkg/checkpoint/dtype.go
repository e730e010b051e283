package checkpoint

import (
	"encoding/binary"
	"math"
)

// DType is a safetensors element type, as spelled in the header ("F64",
// "BF16", …).
type DType string

// The element types this package widens to float64.
const (
	F64  DType = "F64"  // IEEE 754 binary64
	F32  DType = "F32"  // IEEE 754 binary32
	F16  DType = "F16"  // IEEE 754 binary16: 1 sign, 5 exponent, 10 fraction bits
	BF16 DType = "BF16" // bfloat16: the top 16 bits of a binary32
)

// dtypeSizes gives the byte size of every dtype the format defines, so
// that Open can check the layout of files holding types this package does
// not convert (integer buffers, 8-bit floats).
var dtypeSizes = map[DType]int64{
	"BOOL": 1, "U8": 1, "I8": 1, "F8_E5M2": 1, "F8_E4M3": 1, "F8_E8M0": 1,
	"I16": 2, "U16": 2, F16: 2, BF16: 2,
	"I32": 4, "U32": 4, F32: 4,
	"I64": 8, "U64": 8, F64: 8,
}

// Size returns the number of bytes of one element, or 0 for a dtype the
// format does not define.
func (d DType) Size() int { return int(dtypeSizes[d]) }

// widens reports whether Float64s can convert d.
func (d DType) widens() bool { return d == F64 || d == F32 || d == F16 || d == BF16 }

// decode widens the little-endian elements of b, of dtype d, into dst.
// len(b) must be len(dst)·d.Size().
func decode(dst []float64, b []byte, d DType) {
	switch d {
	case F64:
		for i := range dst {
			dst[i] = math.Float64frombits(binary.LittleEndian.Uint64(b[8*i:]))
		}
	case F32:
		for i := range dst {
			dst[i] = float64(math.Float32frombits(binary.LittleEndian.Uint32(b[4*i:])))
		}
	case BF16:
		for i := range dst {
			dst[i] = float64(math.Float32frombits(uint32(binary.LittleEndian.Uint16(b[2*i:])) << 16))
		}
	case F16:
		for i := range dst {
			dst[i] = halfToFloat64(binary.LittleEndian.Uint16(b[2*i:]))
		}
	}
}

// halfToFloat64 widens an IEEE binary16 value exactly. With sign s,
// exponent e (5 bits, bias 15) and fraction f (10 bits):
//
//	e = 0:      (−1)^s · f · 2^−24          (zero and subnormals)
//	0 < e < 31: (−1)^s · (1 + f/1024) · 2^(e−15)
//	e = 31:     ±Inf if f = 0, else NaN (the fraction kept as the payload)
func halfToFloat64(h uint16) float64 {
	sign := uint64(h>>15) << 63
	e := uint64(h>>10) & 0x1f
	f := uint64(h) & 0x3ff
	switch e {
	case 0:
		return math.Float64frombits(sign | math.Float64bits(math.Ldexp(float64(f), -24)))
	case 31:
		return math.Float64frombits(sign | 0x7ff<<52 | f<<42)
	}
	// Rebias the exponent (15 → 1023) and left-align the fraction (10 → 52 bits).
	return math.Float64frombits(sign | (e-15+1023)<<52 | f<<42)
}
