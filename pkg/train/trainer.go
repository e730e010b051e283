package train

import (
	"fmt"
	"io"
	"llminternals/pkg/internal/vec"
	"llminternals/pkg/internal/workers"
	"time"

	"llminternals/pkg/autograd"
	"llminternals/pkg/model"
	"llminternals/pkg/optim"
)

// Config is a training run: its length, its batches, the AdamW optimizer and
// its learning-rate schedule, and when to evaluate, report and checkpoint.
type Config struct {
	Steps int // optimizer steps in the whole run
	Batch int // B, windows per step
	// MicroBatches splits each batch into this many equal parts, each run
	// forward and backward on its own replica of the model, side by side
	// when there are cores for them (data parallelism; see TrainStep).
	// 0 or 1: the whole batch in one pass.
	MicroBatches int
	Context      int // T, tokens per window; at most the model's context

	LR          float64 // peak learning rate, reached at the end of warmup
	Warmup      int     // steps of linear warmup
	MinLRRatio  float64 // the cosine decays the rate to MinLRRatio·LR at the last step
	WeightDecay float64 // AdamW's decoupled weight decay
	ClipNorm    float64 // gradients are rescaled to global norm ≤ ClipNorm; 0 turns clipping off

	EvalEvery   int // measure the validation loss every EvalEvery steps (and at 0 and at the end); 0: never
	EvalBatches int // K, the fixed validation batches the loss is averaged over

	Seed uint64 // draws every batch; the model's initial weights have their own seed

	LogEvery        int    // a progress line every LogEvery steps outside a notebook; 0: none
	CheckpointPath  string // where Run saves checkpoints; "" for none
	CheckpointEvery int    // save every CheckpointEvery steps (and at the end); 0: only at the end
}

// Validate reports the first setting of c that cannot run, naming its value.
func (c Config) Validate() error {
	switch {
	case c.Steps <= 0:
		return fmt.Errorf("train: config: Steps must be positive, got %d", c.Steps)
	case c.Batch <= 0:
		return fmt.Errorf("train: config: Batch must be positive, got %d", c.Batch)
	case c.MicroBatches < 0:
		return fmt.Errorf("train: config: MicroBatches must be ≥ 0, got %d", c.MicroBatches)
	case c.Batch%c.micro() != 0:
		return fmt.Errorf("train: config: Batch %d is not a multiple of MicroBatches %d", c.Batch, c.MicroBatches)
	case c.Context <= 0:
		return fmt.Errorf("train: config: Context must be positive, got %d", c.Context)
	case !(c.LR > 0):
		return fmt.Errorf("train: config: LR must be positive, got %v", c.LR)
	case c.Warmup < 0 || c.Warmup >= c.Steps:
		return fmt.Errorf("train: config: Warmup must be in [0, Steps) = [0, %d), got %d", c.Steps, c.Warmup)
	case !(c.MinLRRatio >= 0 && c.MinLRRatio <= 1):
		return fmt.Errorf("train: config: MinLRRatio must be in [0, 1], got %v", c.MinLRRatio)
	case !(c.WeightDecay >= 0):
		return fmt.Errorf("train: config: WeightDecay must be ≥ 0, got %v", c.WeightDecay)
	case !(c.ClipNorm >= 0):
		return fmt.Errorf("train: config: ClipNorm must be ≥ 0, got %v", c.ClipNorm)
	case c.EvalEvery < 0:
		return fmt.Errorf("train: config: EvalEvery must be ≥ 0, got %d", c.EvalEvery)
	case c.EvalEvery > 0 && c.EvalBatches <= 0:
		return fmt.Errorf("train: config: EvalBatches must be positive when EvalEvery is set, got %d", c.EvalBatches)
	case c.LogEvery < 0:
		return fmt.Errorf("train: config: LogEvery must be ≥ 0, got %d", c.LogEvery)
	case c.CheckpointEvery < 0:
		return fmt.Errorf("train: config: CheckpointEvery must be ≥ 0, got %d", c.CheckpointEvery)
	}
	return nil
}

// micro is the number of micro-batches: MicroBatches, with 0 meaning 1.
func (c Config) micro() int { return max(c.MicroBatches, 1) }

// Schedule returns the run's learning-rate schedule: linear warmup over
// Warmup steps, then a cosine decay to MinLRRatio·LR at step Steps.
func (c Config) Schedule() optim.WarmupCosine {
	return optim.WarmupCosine{Warmup: c.Warmup, Total: c.Steps, MinRatio: c.MinLRRatio}
}

// History is the deterministic record of a run: every number in it is a
// function of the model's initial weights, the data and the Config alone, so
// two runs (or a run and its resumption) can be compared bit for bit. Timings
// are kept apart, in Trainer.Elapsed.
type History struct {
	Loss    []float64 // Loss[s] is the training loss of step s (s = 0, 1, …), before its update
	LR      []float64 // LR[s] is the learning rate step s used
	ValStep []int     // the number of steps taken when each validation loss was measured
	ValLoss []float64 // mean validation loss over the fixed batches at ValStep[i]
}

// Trainer runs Config on a model with AdamW. Step counts the optimizer steps
// taken; Run continues from it, which is what makes a loaded checkpoint resume.
type Trainer struct {
	Config  Config
	Model   *model.Model
	Opt     *optim.Adam
	Data    *Dataset
	Step    int
	History History

	// Out receives the plain progress lines (every Config.LogEvery steps)
	// when not in a notebook; nil for none.
	Out io.Writer
	// Elapsed is the wall time spent in training steps, and Tokens the
	// tokens they processed, since this Trainer was made: they give the
	// tokens/s shown, and are not part of the History.
	Elapsed time.Duration
	Tokens  int

	replicas []*model.Model // for MicroBatches > 1: the model, then its replicas
}

// New returns a Trainer at step 0 for m on d. It checks c, that Context fits
// the model's position table, and that both splits hold at least one window
// (the validation split only when evaluation is on).
func New(m *model.Model, d *Dataset, c Config) (*Trainer, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	if m.Config.Positions == model.Learned && c.Context > m.Config.Context {
		return nil, fmt.Errorf("train: config: Context %d is longer than the model's %d learned positions", c.Context, m.Config.Context)
	}
	if err := d.CheckWindow(Train, c.Context); err != nil {
		return nil, err
	}
	if c.EvalEvery > 0 {
		if err := d.CheckWindow(Val, c.Context); err != nil {
			return nil, err
		}
	}
	for s, ids := range [][]int{d.Train, d.Val} {
		for i, id := range ids {
			if id < 0 || id >= m.Config.Vocab {
				return nil, fmt.Errorf("train: the %s split: id %d at position %d is outside the model's vocabulary [0, %d)", Split(s), id, i, m.Config.Vocab)
			}
		}
	}
	return &Trainer{
		Config: c,
		Model:  m,
		Opt:    optim.NewAdamW(m.Params.Values(), c.LR, c.WeightDecay),
		Data:   d,
	}, nil
}

// TrainStep takes one optimizer step on the batch of step t.Step and returns
// its loss (before the update):
//
//	zero the gradients
//	L = CrossEntropy(ForwardBatch(inputs), targets)      mean over B·T tokens
//	backpropagate; clip ‖g‖ to ClipNorm
//	lr = LR · WarmupCosine(step);  AdamW step
//
// With MicroBatches = k > 1 the B windows are cut into k consecutive groups
// of B/k. Group i runs forward and backward on its own replica of the model
// (model.Replica: the same weights, gradients of its own), on its own core
// when there is one, giving L_i and g_i; then
//
//	L = (L_0 + … + L_{k−1}) · (1/k)      g = (g_0 + … + g_{k−1}) · (1/k)
//
// summed in that order. Every group holds B·T/k tokens, so this is the same
// mean over B·T tokens, rounded differently: the bits depend on k, never on
// the number of cores (with one core the groups run one after the other).
func (t *Trainer) TrainStep() float64 {
	c := t.Config
	start := time.Now()
	x, y, err := t.Data.BatchAt(Train, c.Batch, c.Context, c.Seed, t.Step)
	if err != nil {
		panic(err) // New checked the split's length
	}
	loss := t.gradients(x, y)
	if c.ClipNorm > 0 {
		optim.ClipGradNorm(t.Opt.Params, c.ClipNorm)
	}
	lr := c.LR * c.Schedule().Factor(t.Step)
	t.Opt.SetLR(lr)
	t.Opt.Step()
	t.Step++
	t.History.Loss = append(t.History.Loss, loss)
	t.History.LR = append(t.History.LR, lr)
	t.Elapsed += time.Since(start)
	t.Tokens += c.Batch * c.Context
	return loss
}

// gradients fills the parameters' gradients for the batch (x, y) and
// returns its loss, in one pass or in micro-batches (TrainStep).
func (t *Trainer) gradients(x, y [][]int) float64 {
	k := t.Config.micro()
	if k == 1 {
		t.Model.Params.ZeroGrad()
		loss := autograd.CrossEntropy(t.Model.ForwardBatch(x), flatten(y))
		loss.Backward()
		l := loss.Item()
		loss.Release() // the step keeps nothing of its graph: its storage serves the next step
		return l
	}
	reps := t.replicasOf(k)
	per := len(x) / k
	losses := make([]float64, k)
	workers.Each(k, func(i int) {
		r := reps[i]
		r.Params.ZeroGrad()
		loss := autograd.CrossEntropy(r.ForwardBatch(x[i*per:(i+1)*per]), flatten(y[i*per:(i+1)*per]))
		loss.Backward()
		losses[i] = loss.Item()
		loss.Release()
	})
	// reps[0] is the model itself: its gradients are g_0; add the others in
	// order, then scale.
	inv := 1 / float64(k)
	others := make([][]*autograd.Value, 0, k-1)
	for _, r := range reps[1:] {
		others = append(others, r.Params.Values())
	}
	for j, p := range t.Model.Params.Values() {
		if p.Grad == nil { // no gradient reached it (Adam skips it too)
			continue
		}
		g := p.Grad.RawMatrix().Data
		for _, ps := range others {
			vec.Add(g, ps[j].Grad.RawMatrix().Data)
		}
		for e := range g {
			g[e] *= inv
		}
	}
	sum := losses[0]
	for _, l := range losses[1:] {
		sum += l
	}
	return sum * inv
}

// replicasOf returns k models over the trainer's weights: the model itself,
// then k−1 replicas, made once and made again if a weight matrix of the
// model was replaced (by code that swapped a Data pointer instead of
// copying into it).
func (t *Trainer) replicasOf(k int) []*model.Model {
	ps := t.Model.Params.Values()
	fresh := len(t.replicas) == k
	for _, r := range t.replicas {
		for j, p := range r.Params.Values() {
			fresh = fresh && p.Data == ps[j].Data
		}
	}
	if !fresh {
		t.replicas = []*model.Model{t.Model}
		for len(t.replicas) < k {
			t.replicas = append(t.replicas, t.Model.Replica())
		}
	}
	return t.replicas
}

// EvalLoss returns the validation loss: the mean of the cross-entropies of
// the K = EvalBatches fixed validation batches (batch i is drawn from
// (Seed, Val, i), the same at every evaluation), computed under NoGrad, so it
// builds no graph and leaves the gradients alone.
func (t *Trainer) EvalLoss() float64 {
	c := t.Config
	k := max(c.EvalBatches, 1)
	sum := 0.0
	autograd.NoGrad(func() {
		for i := range k {
			x, y, err := t.Data.BatchAt(Val, c.Batch, c.Context, c.Seed, i)
			if err != nil {
				panic(err)
			}
			sum += autograd.CrossEntropy(t.Model.ForwardBatch(x), flatten(y)).Item()
		}
	})
	return sum / float64(k)
}

// Run trains until Config.Steps, from the current Step: it measures the
// validation loss at step 0, every EvalEvery steps and at the end; shows
// progress (a live display in a notebook, lines to Out elsewhere); and saves a
// checkpoint every CheckpointEvery steps and at the end when CheckpointPath
// is set. A failed save stops the run with its error; the previous checkpoint
// is then still whole.
func (t *Trainer) Run() error {
	c := t.Config
	p := newProgress(t)
	if c.EvalEvery > 0 && t.Step == 0 && len(t.History.ValStep) == 0 {
		t.eval()
	}
	for t.Step < c.Steps {
		t.TrainStep()
		last := t.Step == c.Steps
		if c.EvalEvery > 0 && (t.Step%c.EvalEvery == 0 || last) {
			t.eval()
		}
		if c.CheckpointPath != "" && (last || c.CheckpointEvery > 0 && t.Step%c.CheckpointEvery == 0) {
			if err := t.Save(c.CheckpointPath, nil); err != nil {
				p.finish()
				return err
			}
		}
		p.update(last)
	}
	p.finish()
	return nil
}

func (t *Trainer) eval() {
	t.History.ValStep = append(t.History.ValStep, t.Step)
	t.History.ValLoss = append(t.History.ValLoss, t.EvalLoss())
}

// TokensPerSecond returns the training throughput of this Trainer so far,
// Tokens / Elapsed (0 before the first step).
func (t *Trainer) TokensPerSecond() float64 {
	if t.Elapsed <= 0 {
		return 0
	}
	return float64(t.Tokens) / t.Elapsed.Seconds()
}

func flatten(rows [][]int) []int {
	var out []int
	for _, r := range rows {
		out = append(out, r...)
	}
	return out
}
