package checkpoint

import (
	"fmt"
	"slices"

	"gonum.org/v1/gonum/mat"

	"llminternals/pkg/autograd"
)

// Load fills every parameter of ps from the safetensors file at path and
// returns the file's metadata (nil if it has none). Each tensor may be
// F64, F32, F16 or BF16 (widened exactly); its shape must be the
// parameter's [rows, cols], or [n] for a 1×n parameter, or [] for 1×1.
//
// Load is strict: a parameter missing from the file, a wrong shape, and a
// tensor in the file that ps does not register are all errors, because
// each means the checkpoint belongs to another model. (To read a subset,
// or names that differ from ours, use Open and File.Tensor.) Every tensor
// is read and checked before any parameter changes, so on error ps is
// untouched.
func Load(path string, ps *autograd.Params) (metadata map[string]string, err error) {
	f, err := Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	names := ps.Names()
	registered := make(map[string]bool, len(names))
	for _, n := range names {
		registered[n] = true
	}
	var extra []string
	for _, n := range f.names {
		if !registered[n] {
			extra = append(extra, n)
		}
	}
	if len(extra) > 0 {
		return nil, fmt.Errorf("checkpoint: %s: %d tensors are not parameters of this model: %s", path, len(extra), listNames(extra))
	}
	var missing []string
	for _, n := range names {
		if _, ok := f.tensors[n]; !ok {
			missing = append(missing, n)
		}
	}
	if len(missing) > 0 {
		slices.Sort(missing)
		return nil, fmt.Errorf("checkpoint: %s: %d parameters are missing from the file: %s", path, len(missing), listNames(missing))
	}
	loaded := make([]*mat.Dense, len(names))
	for i, n := range names {
		wr, wc := ps.Get(n).Data.Dims()
		t := f.tensors[n]
		if r, c, err := matrixShape(t.Shape); err != nil || r != wr || c != wc {
			return nil, fmt.Errorf("checkpoint: %s: tensor %q has shape %v, the parameter is %d×%d (want shape [%d, %d])", path, n, t.Shape, wr, wc, wr, wc)
		}
		if loaded[i], err = f.Tensor(n); err != nil {
			return nil, err
		}
	}
	for i, n := range names {
		ps.Get(n).Data.Copy(loaded[i])
	}
	return f.Metadata(), nil
}
