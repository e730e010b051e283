package attention

import (
	"testing"

	"llminternals/pkg/autograd"
	"llminternals/pkg/internal/torchfix"
)

// TestTorchCausalSelfAttention compares CausalSelfAttention's output and
// the gradients of L = Σ out ⊙ U with PyTorch's, from the "attention"
// case of autograd's op fixtures (tools/torchfixtures), to 1e-10.
func TestTorchCausalSelfAttention(t *testing.T) {
	var fx struct {
		Cases []struct {
			Name     string                  `json:"name"`
			Inputs   map[string]torchfix.Mat `json:"inputs"`
			Attrs    map[string]float64      `json:"attrs"`
			Upstream torchfix.Mat            `json:"upstream"`
			Output   torchfix.Mat            `json:"output"`
			Grads    map[string]torchfix.Mat `json:"grads"`
		} `json:"cases"`
	}
	torchfix.ReadJSON(t, "../autograd/testdata/torch/ops.json", &fx)
	for _, c := range fx.Cases {
		if c.Name != "attention" {
			continue
		}
		in := map[string]*autograd.Value{}
		for k, m := range c.Inputs {
			in[k] = autograd.New(m.Dense())
		}
		h := int(c.Attrs["heads"])
		out := CausalSelfAttention(in["x"], in["wq"], in["wk"], in["wv"], in["wo"], h, h)
		if e := autograd.MaxRelErr(out.Data, c.Output.Dense()); !(e < 1e-10) {
			t.Errorf("output differs from torch by %.3g", e)
		}
		autograd.Sum(autograd.Mul(out, autograd.Const(c.Upstream.Dense()))).Backward()
		for k, want := range c.Grads {
			if e := autograd.MaxRelErr(in[k].Grad, want.Dense()); !(e < 1e-10) {
				t.Errorf("grad of %s differs from torch by %.3g", k, e)
			}
		}
		return
	}
	t.Fatal("no \"attention\" case in the fixture")
}
