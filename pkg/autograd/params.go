package autograd

import (
	"iter"
	"llminternals/pkg/internal/panics"
)

// Params is an ordered registry of named parameters: what a model exposes
// to an optimizer, a checkpoint and a parameter count. The zero value is
// an empty registry ready to use.
type Params struct {
	names  []string
	values []*Value
	index  map[string]int
}

// Add registers v under name and returns v, so a model can write
// w := ps.Add("w1", autograd.New(m)). It sets v.Label to name if v has no
// label. A repeated name, or a value that does not require a gradient,
// panics.
func (ps *Params) Add(name string, v *Value) *Value {
	if ps.index == nil {
		ps.index = map[string]int{}
	}
	if _, dup := ps.index[name]; dup {
		panics.Panicf("autograd", "Params.Add", "parameter %q is already registered", name)
	}
	if !v.requiresGrad {
		panics.Panicf("autograd", "Params.Add", "parameter %q (%s) does not require a gradient; create it with New", name, v)
	}
	if v.Label == "" {
		v.Label = name
	}
	ps.index[name] = len(ps.values)
	ps.names = append(ps.names, name)
	ps.values = append(ps.values, v)
	return v
}

// Get returns the parameter registered under name, or nil.
func (ps *Params) Get(name string) *Value {
	i, ok := ps.index[name]
	if !ok {
		return nil
	}
	return ps.values[i]
}

// Len returns the number of registered parameters (matrices).
func (ps *Params) Len() int { return len(ps.values) }

// Names returns the parameter names in registration order.
func (ps *Params) Names() []string { return append([]string(nil), ps.names...) }

// Values returns the parameters in registration order, the slice an
// optimizer takes.
func (ps *Params) Values() []*Value { return append([]*Value(nil), ps.values...) }

// All iterates over (name, parameter) pairs in registration order:
//
//	for name, p := range ps.All() { ... }
func (ps *Params) All() iter.Seq2[string, *Value] {
	return func(yield func(string, *Value) bool) {
		for i, v := range ps.values {
			if !yield(ps.names[i], v) {
				return
			}
		}
	}
}

// NumScalars returns the total number of scalar entries, Σ rows·cols:
// the "parameter count" of a model.
func (ps *Params) NumScalars() int {
	n := 0
	for _, v := range ps.values {
		r, c := v.Dims()
		n += r * c
	}
	return n
}

// ZeroGrad sets every parameter's gradient to zero.
func (ps *Params) ZeroGrad() {
	for _, v := range ps.values {
		v.ZeroGrad()
	}
}
