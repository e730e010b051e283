package autograd

import (
	"testing"

	"llminternals/pkg/internal/torchfix"
)

type fixMat = torchfix.Mat

type opFixture struct {
	Name     string             `json:"name"`
	Inputs   map[string]fixMat  `json:"inputs"`
	Ints     map[string][]int   `json:"ints"`
	Attrs    map[string]float64 `json:"attrs"`
	Upstream fixMat             `json:"upstream"`
	Output   fixMat             `json:"output"`
	Grads    map[string]fixMat  `json:"grads"`
}

var readJSON = torchfix.ReadJSON

// torchOps maps a fixture name to the same computation in this package.
var torchOps = map[string]func(v map[string]*Value, ints map[string][]int, attrs map[string]float64) *Value{
	"matmul": func(v map[string]*Value, _ map[string][]int, _ map[string]float64) *Value {
		return MatMul(v["a"], v["b"])
	},
	"add":           func(v map[string]*Value, _ map[string][]int, _ map[string]float64) *Value { return Add(v["a"], v["b"]) },
	"add_broadcast": func(v map[string]*Value, _ map[string][]int, _ map[string]float64) *Value { return Add(v["a"], v["b"]) },
	"sub_broadcast": func(v map[string]*Value, _ map[string][]int, _ map[string]float64) *Value { return Sub(v["a"], v["b"]) },
	"mul":           func(v map[string]*Value, _ map[string][]int, _ map[string]float64) *Value { return Mul(v["a"], v["b"]) },
	"mul_broadcast": func(v map[string]*Value, _ map[string][]int, _ map[string]float64) *Value { return Mul(v["a"], v["b"]) },
	"scale": func(v map[string]*Value, _ map[string][]int, a map[string]float64) *Value {
		return Scale(v["a"], a["s"])
	},
	"sum":       func(v map[string]*Value, _ map[string][]int, _ map[string]float64) *Value { return Sum(v["a"]) },
	"mean":      func(v map[string]*Value, _ map[string][]int, _ map[string]float64) *Value { return Mean(v["a"]) },
	"transpose": func(v map[string]*Value, _ map[string][]int, _ map[string]float64) *Value { return Transpose(v["a"]) },
	"concat_rows": func(v map[string]*Value, _ map[string][]int, _ map[string]float64) *Value {
		return ConcatRows(v["a"], v["b"], v["a"])
	},
	"softmax":     func(v map[string]*Value, _ map[string][]int, _ map[string]float64) *Value { return Softmax(v["a"]) },
	"log_softmax": func(v map[string]*Value, _ map[string][]int, _ map[string]float64) *Value { return LogSoftmax(v["a"]) },
	"causal_mask_softmax": func(v map[string]*Value, _ map[string][]int, _ map[string]float64) *Value {
		return Softmax(MaskFuture(v["a"]))
	},
	"causal_mask_rect_softmax": func(v map[string]*Value, _ map[string][]int, _ map[string]float64) *Value {
		return Softmax(MaskFuture(v["a"]))
	},
	"relu":       func(v map[string]*Value, _ map[string][]int, _ map[string]float64) *Value { return ReLU(v["a"]) },
	"gelu_tanh":  func(v map[string]*Value, _ map[string][]int, _ map[string]float64) *Value { return GELU(v["a"]) },
	"gelu_exact": func(v map[string]*Value, _ map[string][]int, _ map[string]float64) *Value { return GELUExact(v["a"]) },
	"silu":       func(v map[string]*Value, _ map[string][]int, _ map[string]float64) *Value { return SiLU(v["a"]) },
	"sigmoid":    func(v map[string]*Value, _ map[string][]int, _ map[string]float64) *Value { return Sigmoid(v["a"]) },
	"tanh":       func(v map[string]*Value, _ map[string][]int, _ map[string]float64) *Value { return Tanh(v["a"]) },
	"exp":        func(v map[string]*Value, _ map[string][]int, _ map[string]float64) *Value { return Exp(v["a"]) },
	"log":        func(v map[string]*Value, _ map[string][]int, _ map[string]float64) *Value { return Log(v["a"]) },
	"split_concat": func(v map[string]*Value, _ map[string][]int, _ map[string]float64) *Value {
		hs := SplitCols(v["a"], 3)
		return ConcatCols(Tanh(hs[2]), Scale(hs[1], 3), Mul(hs[0], hs[0]))
	},
	"slice_rows": func(v map[string]*Value, _ map[string][]int, a map[string]float64) *Value {
		return SliceRows(v["a"], int(a["lo"]), int(a["hi"]))
	},
	"slice_cols": func(v map[string]*Value, _ map[string][]int, a map[string]float64) *Value {
		return SliceCols(v["a"], int(a["lo"]), int(a["hi"]))
	},
	"cross_entropy": func(v map[string]*Value, i map[string][]int, _ map[string]float64) *Value {
		return CrossEntropy(v["a"], i["targets"])
	},
	"cross_entropy_large": func(v map[string]*Value, i map[string][]int, _ map[string]float64) *Value {
		return CrossEntropy(v["a"], i["targets"])
	},
	"embedding": func(v map[string]*Value, i map[string][]int, _ map[string]float64) *Value {
		return Embedding(v["table"], i["ids"])
	},
	"attention": func(v map[string]*Value, _ map[string][]int, a map[string]float64) *Value {
		return causalSelfAttention(v["x"], v["wq"], v["wk"], v["wv"], v["wo"], int(a["heads"]))
	},
	"layer_norm": func(v map[string]*Value, _ map[string][]int, a map[string]float64) *Value {
		return LayerNorm(v["x"], v["gain"], v["bias"], a["eps"])
	},
	"rms_norm": func(v map[string]*Value, _ map[string][]int, a map[string]float64) *Value {
		return RMSNorm(v["x"], v["gain"], a["eps"])
	},
	"matmul_t": func(v map[string]*Value, _ map[string][]int, _ map[string]float64) *Value {
		return MatMulT(v["a"], v["b"])
	},
	"rope_half": func(v map[string]*Value, i map[string][]int, a map[string]float64) *Value {
		return RoPE(v["x"], i["positions"], int(a["head"]), a["base"], RoPEHalf)
	},
	"rope_interleaved": func(v map[string]*Value, i map[string][]int, a map[string]float64) *Value {
		return RoPE(v["x"], i["positions"], int(a["head"]), a["base"], RoPEInterleaved)
	},
}

// TestTorchOps compares every op's output and the gradients of
// L = Σ out ⊙ U (U random, from the fixture) with PyTorch's, to 1e-10.
func TestTorchOps(t *testing.T) {
	var fx struct {
		Torch string      `json:"torch_version"`
		Cases []opFixture `json:"cases"`
	}
	readJSON(t, "testdata/torch/ops.json", &fx)
	seen := map[string]bool{}
	for _, c := range fx.Cases {
		seen[c.Name] = true
		t.Run(c.Name, func(t *testing.T) {
			op, ok := torchOps[c.Name]
			if !ok {
				t.Fatalf("no Go counterpart for fixture %q", c.Name)
			}
			in := map[string]*Value{}
			for k, m := range c.Inputs {
				in[k] = New(m.Dense())
			}
			out := op(in, c.Ints, c.Attrs)
			if e := MaxRelErr(out.Data, c.Output.Dense()); !(e < 1e-10) {
				t.Errorf("output differs from torch %s by %.3g", fx.Torch, e)
			}
			Sum(Mul(out, Const(c.Upstream.Dense()))).Backward()
			for k, want := range c.Grads {
				if e := MaxRelErr(in[k].Grad, want.Dense()); !(e < 1e-10) {
					t.Errorf("grad of %s differs from torch by %.3g", k, e)
				}
			}
		})
	}
	for name := range torchOps {
		if !seen[name] {
			t.Errorf("op %q has no fixture", name)
		}
	}
}

// TestTorchMLP compares a whole 2-layer MLP — hidden activations, logits,
// loss and every parameter gradient — with PyTorch.
func TestTorchMLP(t *testing.T) {
	var fx struct {
		MLP struct {
			X       fixMat            `json:"x"`
			Targets []int             `json:"targets"`
			Params  map[string]fixMat `json:"params"`
			Hidden  fixMat            `json:"hidden"`
			Logits  fixMat            `json:"logits"`
			Loss    float64           `json:"loss"`
			Grads   map[string]fixMat `json:"grads"`
		} `json:"mlp"`
	}
	readJSON(t, "testdata/torch/mlp.json", &fx)
	m := fx.MLP
	var ps Params
	for _, name := range []string{"w1", "b1", "w2", "b2"} {
		ps.Add(name, New(m.Params[name].Dense()))
	}
	h := Tanh(Add(MatMul(Const(m.X.Dense()), ps.Get("w1")), ps.Get("b1")))
	logits := Add(MatMul(h, ps.Get("w2")), ps.Get("b2"))
	loss := CrossEntropy(logits, m.Targets)
	loss.Backward()
	if e := MaxRelErr(h.Data, m.Hidden.Dense()); !(e < 1e-10) {
		t.Errorf("hidden differs by %.3g", e)
	}
	if e := MaxRelErr(logits.Data, m.Logits.Dense()); !(e < 1e-10) {
		t.Errorf("logits differ by %.3g", e)
	}
	if e := RelErr(loss.Item(), m.Loss); !(e < 1e-10) {
		t.Errorf("loss %v, torch %v", loss.Item(), m.Loss)
	}
	for name, p := range ps.All() {
		if e := MaxRelErr(p.Grad, m.Grads[name].Dense()); !(e < 1e-10) {
			t.Errorf("grad %s differs by %.3g", name, e)
		}
	}
}
