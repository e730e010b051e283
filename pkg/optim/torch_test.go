package optim

import (
	"math"
	"testing"

	"llminternals/pkg/autograd"
	"llminternals/pkg/internal/torchfix"
)

type fixMat = torchfix.Mat

type optimFixture struct {
	Torch   string            `json:"torch_version"`
	Order   []string          `json:"order"`
	X       fixMat            `json:"x"`
	Targets []int             `json:"targets"`
	Init    map[string]fixMat `json:"init"`
	Runs    []struct {
		Name  string   `json:"name"`
		Clip  *float64 `json:"clip"`
		Sched *struct {
			Warmup   int     `json:"warmup"`
			Total    int     `json:"total"`
			MinRatio float64 `json:"min_ratio"`
		} `json:"sched"`
		Steps []struct {
			Loss     float64           `json:"loss"`
			LR       float64           `json:"lr"`
			GradNorm *float64          `json:"grad_norm"`
			Params   map[string]fixMat `json:"params"`
		} `json:"steps"`
	} `json:"runs"`
}

// newOptimizer builds the Go counterpart of each run in gen.py's
// optim_fixtures, with the same hyperparameters.
var newOptimizer = map[string]func(ps []*autograd.Value) Optimizer{
	"sgd":          func(ps []*autograd.Value) Optimizer { return NewSGD(ps, 0.1, 0) },
	"sgd_momentum": func(ps []*autograd.Value) Optimizer { return NewSGD(ps, 0.1, 0.9) },
	"sgd_nesterov_wd": func(ps []*autograd.Value) Optimizer {
		o := NewSGD(ps, 0.05, 0.8)
		o.WeightDecay, o.Nesterov = 0.01, true
		return o
	},
	"sgd_momentum_dampening": func(ps []*autograd.Value) Optimizer {
		o := NewSGD(ps, 0.05, 0.8)
		o.Dampening = 0.3
		return o
	},
	"adam": func(ps []*autograd.Value) Optimizer { return NewAdam(ps, 0.01) },
	"adam_l2": func(ps []*autograd.Value) Optimizer {
		o := NewAdam(ps, 0.01)
		o.Beta1, o.Beta2, o.Eps, o.WeightDecay = 0.8, 0.95, 1e-6, 0.05
		return o
	},
	"adamw": func(ps []*autograd.Value) Optimizer { return NewAdamW(ps, 0.01, 0.1) },
	"adamw_clip_warmup_cosine": func(ps []*autograd.Value) Optimizer {
		o := NewAdamW(ps, 0.02, 0.1)
		o.Beta2 = 0.95
		return o
	},
	"sgd_clip_large": func(ps []*autograd.Value) Optimizer { return NewSGD(ps, 0.1, 0) },
}

// TestTorchOptimizers trains the fixture's MLP for five steps with each
// optimizer (plus clipping and the schedule where the run has them) and
// compares the loss, learning rate, gradient norm and every parameter
// after every step with PyTorch, to 1e-10.
func TestTorchOptimizers(t *testing.T) {
	var fx optimFixture
	torchfix.ReadJSON(t, "testdata/torch/optim.json", &fx)
	seen := map[string]bool{}
	for _, run := range fx.Runs {
		seen[run.Name] = true
		t.Run(run.Name, func(t *testing.T) {
			mk, ok := newOptimizer[run.Name]
			if !ok {
				t.Fatalf("no Go optimizer for run %q", run.Name)
			}
			var ps autograd.Params
			for _, name := range fx.Order {
				ps.Add(name, autograd.New(fx.Init[name].Dense()))
			}
			x := autograd.Const(fx.X.Dense())
			opt := mk(ps.Values())
			base := opt.LR()
			worst := 0.0
			for s, want := range run.Steps {
				if run.Sched != nil {
					w := WarmupCosine{Warmup: run.Sched.Warmup, Total: run.Sched.Total, MinRatio: run.Sched.MinRatio}
					opt.SetLR(base * w.Factor(s))
				}
				ps.ZeroGrad()
				h := autograd.Tanh(autograd.Add(autograd.MatMul(x, ps.Get("w1")), ps.Get("b1")))
				loss := autograd.CrossEntropy(autograd.Add(autograd.MatMul(h, ps.Get("w2")), ps.Get("b2")), fx.Targets)
				loss.Backward()
				if e := autograd.RelErr(loss.Item(), want.Loss); !(e < 1e-10) {
					t.Errorf("step %d: loss %v, torch %v", s, loss.Item(), want.Loss)
				}
				if e := autograd.RelErr(opt.LR(), want.LR); !(e < 1e-15) {
					t.Errorf("step %d: lr %v, torch %v", s, opt.LR(), want.LR)
				}
				if run.Clip != nil {
					n := ClipGradNorm(ps.Values(), *run.Clip)
					if e := autograd.RelErr(n, *want.GradNorm); !(e < 1e-10) {
						t.Errorf("step %d: grad norm %v, torch %v", s, n, *want.GradNorm)
					}
				}
				opt.Step()
				for name, p := range ps.All() {
					e := autograd.MaxRelErr(p.Data, want.Params[name].Dense())
					if !(e < 1e-10) {
						t.Errorf("step %d: %s differs from torch %s by %.3g", s, name, fx.Torch, e)
					}
					worst = math.Max(worst, e)
				}
			}
			t.Logf("max rel err over %d steps: %.3g", len(run.Steps), worst)
		})
	}
	for name := range newOptimizer {
		if !seen[name] {
			t.Errorf("optimizer %q has no fixture", name)
		}
	}
}
