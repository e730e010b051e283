// Package checkpoint reads and writes model parameters in the safetensors
// format, the one Hugging Face checkpoints (model.safetensors) use.
//
// # The format
//
// A safetensors file is three parts:
//
//	[8 bytes]  N, the header length, a little-endian uint64
//	[N bytes]  a JSON object, possibly padded with trailing spaces:
//	           {"__metadata__": {"key": "value", …},
//	            "name": {"dtype": "F64", "shape": [r, c], "data_offsets": [begin, end]}, …}
//	[rest]     the data buffer; tensor "name" is bytes [begin, end) of it,
//	           row-major, little-endian
//
// The tensors must tile the buffer exactly: sorted by offset, each begins
// where the previous one ends, the first at 0 and the last at the end of
// the file, and each holds exactly (product of shape) × (dtype size) bytes.
// Open checks all of it, which is what makes a truncated file or a damaged
// header an error rather than a silently shorter model.
//
// # What this package does
//
//   - Save writes a *autograd.Params registry as F64 tensors, atomically
//     (package atomicfile: a crash never leaves half a checkpoint), with
//     deterministic bytes equal to what Python's safetensors writes for the
//     same float64 arrays and metadata.
//   - Load fills every registered parameter from a file. It is strict: a
//     missing tensor, a wrong shape or a tensor the registry does not have
//     is an error, and on any error no parameter is changed.
//   - Open and File give the lower-level view a Hugging Face loader needs:
//     the tensors with their dtype and shape, and any one tensor read on
//     demand (only its bytes are read, so files of hundreds of MB are fine).
//
// Reading widens F64, F32, F16 and BF16 to float64 exactly: every value of
// those formats is a float64 value. Matrices are gonum *mat.Dense; a 1-D
// tensor of n values (a bias, a norm's gain) reads as 1×n and a 0-D scalar
// as 1×1.
//
// Errors follow the engine's policy (see package tensor): a bad file returns
// an error that names the file and, where there is one, the tensor.
package checkpoint
