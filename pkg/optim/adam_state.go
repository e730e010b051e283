package optim

import "fmt"

// AdamState is what Adam remembers between steps, the part of a training run
// that a checkpoint must keep besides the parameters: the step count t and,
// per parameter (in the order of Adam.Params), the first and second moment
// estimates m and v, flattened row-major. A parameter that no Step has
// updated yet has nil moments, which Step treats as zeros.
type AdamState struct {
	T    int
	M, V [][]float64
}

// State returns a copy of the optimizer's step count and moments, so that the
// run can be resumed later with SetState on an optimizer over the same
// parameters.
func (o *Adam) State() AdamState {
	s := AdamState{T: o.t, M: make([][]float64, len(o.Params)), V: make([][]float64, len(o.Params))}
	for k := range o.Params {
		if k < len(o.m) && o.m[k] != nil {
			s.M[k] = append([]float64(nil), o.m[k]...)
			s.V[k] = append([]float64(nil), o.v[k]...)
		}
	}
	return s
}

// SetState replaces the optimizer's step count and moments with copies of
// s's. The state usually comes from a file, so a mismatch with Params (the
// number of parameters, or a moment whose length is not its parameter's
// rows·cols) is returned as an error naming the parameter, and then o is
// unchanged.
func (o *Adam) SetState(s AdamState) error {
	if s.T < 0 {
		return fmt.Errorf("optim: Adam.SetState: step count %d is negative", s.T)
	}
	if len(s.M) != len(o.Params) || len(s.V) != len(o.Params) {
		return fmt.Errorf("optim: Adam.SetState: state holds %d first and %d second moments for %d parameters",
			len(s.M), len(s.V), len(o.Params))
	}
	for k, p := range o.Params {
		r, c := p.Data.Dims()
		if (s.M[k] == nil) != (s.V[k] == nil) {
			return fmt.Errorf("optim: Adam.SetState: parameter %d (%s) has only one of its two moments", k, p.Label)
		}
		if s.M[k] != nil && (len(s.M[k]) != r*c || len(s.V[k]) != r*c) {
			return fmt.Errorf("optim: Adam.SetState: parameter %d (%s) is %d×%d = %d values, its moments hold %d and %d",
				k, p.Label, r, c, r*c, len(s.M[k]), len(s.V[k]))
		}
	}
	o.t = s.T
	o.m = make([][]float64, len(o.Params))
	o.v = make([][]float64, len(o.Params))
	for k := range o.Params {
		if s.M[k] != nil {
			o.m[k] = append([]float64(nil), s.M[k]...)
			o.v[k] = append([]float64(nil), s.V[k]...)
		}
	}
	return nil
}
