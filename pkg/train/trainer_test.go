package train

import (
	"bytes"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"

	"llminternals/pkg/autograd"
	"llminternals/pkg/model"
	"llminternals/pkg/optim"
)

const testText = "the quick brown fox jumps over the lazy dog. "

// testSetup returns a one-block model of width 16 over testText's runes and
// the text repeated 40 times, split 80/20.
func testSetup(t *testing.T, width int) (*model.Model, *Dataset, *CharVocab) {
	t.Helper()
	v, err := NewCharVocab(testText)
	if err != nil {
		t.Fatal(err)
	}
	ids, err := v.Encode(strings.Repeat(testText, 40))
	if err != nil {
		t.Fatal(err)
	}
	d, err := NewDataset(ids, 0.2)
	if err != nil {
		t.Fatal(err)
	}
	mc := model.Config{
		Vocab: v.VocabSize(), Width: width, Layers: 1, Heads: 2, KVHeads: 2,
		FFN: model.GELUMLP, Hidden: 2 * width, Norm: model.LayerNorm, NormEps: 1e-5,
		Positions: model.Learned, Context: 8, TiedEmbeddings: true, Bias: true,
	}
	return model.New(mc, 1), d, v
}

func testConfig() Config {
	return Config{
		Steps: 60, Batch: 4, Context: 8,
		LR: 1e-2, Warmup: 5, MinLRRatio: 0.1, WeightDecay: 0.01, ClipNorm: 1,
		EvalEvery: 20, EvalBatches: 2, Seed: 7,
	}
}

func TestLossDecreases(t *testing.T) {
	m, d, v := testSetup(t, 16)
	tr, err := New(m, d, testConfig())
	if err != nil {
		t.Fatal(err)
	}
	if err := tr.Run(); err != nil {
		t.Fatal(err)
	}
	h := tr.History
	// Weights drawn from N(0, 0.02²) give logits near 0, so the first loss is
	// close to that of the uniform distribution, ln V.
	lnV := math.Log(float64(v.VocabSize()))
	if math.Abs(h.Loss[0]-lnV) > 0.05 {
		t.Errorf("first loss %.4f, want ≈ ln %d = %.4f", h.Loss[0], v.VocabSize(), lnV)
	}
	if len(h.Loss) != 60 || len(h.LR) != 60 {
		t.Fatalf("history holds %d losses, %d rates; want 60", len(h.Loss), len(h.LR))
	}
	// Validation at 0, 20, 40, 60.
	if want := []int{0, 20, 40, 60}; len(h.ValStep) != 4 || h.ValStep[3] != 60 {
		t.Fatalf("validation at %v, want %v", h.ValStep, want)
	}
	// The text is one sentence repeated, so the next character is mostly
	// fixed by the few before it and the achievable loss is far below ln V;
	// after 60 small steps, ask for half of it.
	t.Logf("validation loss %v, ln V = %.4f", h.ValLoss, lnV)
	if last := h.ValLoss[3]; !(last < lnV/2) || !(last < h.ValLoss[0]) {
		t.Errorf("validation loss %v, want it below ln V / 2 = %.3f", h.ValLoss, lnV/2)
	}
	// The schedule: warmup 1/5, 2/5, … of LR, then the cosine down.
	if h.LR[0] != 1e-2/5 || h.LR[4] != 1e-2 || !(h.LR[59] < h.LR[30]) {
		t.Errorf("rates %v … %v, %v", h.LR[:5], h.LR[30], h.LR[59])
	}
	if tr.Tokens != 60*4*8 || tr.Elapsed <= 0 || tr.TokensPerSecond() <= 0 {
		t.Errorf("tokens %d, elapsed %v", tr.Tokens, tr.Elapsed)
	}
}

// TestEvalLossNoGrad computes the validation loss independently: each
// sequence through Forward alone (not ForwardBatch), the cross-entropy by its
// definition −log softmax(z)[y] with a log-sum-exp written here, averaged over
// all tokens of a batch and then over the batches.
func TestEvalLossNoGrad(t *testing.T) {
	m, d, _ := testSetup(t, 16)
	c := testConfig()
	tr, err := New(m, d, c)
	if err != nil {
		t.Fatal(err)
	}
	for range 3 {
		tr.TrainStep()
	}
	before := map[string][]float64{}
	for name, p := range m.Params.All() {
		before[name] = append([]float64(nil), p.Grad.RawMatrix().Data...)
	}
	got := tr.EvalLoss()

	want := 0.0
	for i := range c.EvalBatches {
		x, y, _ := d.BatchAt(Val, c.Batch, c.Context, c.Seed, i)
		sum := 0.0
		for b := range x {
			var z *autograd.Value
			autograd.NoGrad(func() { z = m.Forward(x[b]) })
			for r, target := range y[b] {
				row := z.Data.RawRowView(r)
				mx := math.Inf(-1)
				for _, v := range row {
					mx = math.Max(mx, v)
				}
				s := 0.0
				for _, v := range row {
					s += math.Exp(v - mx)
				}
				sum += mx + math.Log(s) - row[target]
			}
		}
		want += sum / float64(c.Batch*c.Context)
	}
	want /= float64(c.EvalBatches)
	if math.Abs(got-want) > 1e-12 {
		t.Errorf("EvalLoss = %.15f, by definition %.15f", got, want)
	}
	// No Backward ran and nothing was recorded: gradients are as they were.
	for name, p := range m.Params.All() {
		for i, g := range p.Grad.RawMatrix().Data {
			if g != before[name][i] {
				t.Fatalf("EvalLoss changed the gradient of %s", name)
			}
		}
	}
	if !autograd.GradEnabled() {
		t.Error("EvalLoss left gradient recording off")
	}
}

func TestResumeExact(t *testing.T) {
	c := testConfig()
	c.Steps, c.EvalEvery = 12, 4
	const k = 5

	mA, d, _ := testSetup(t, 16)
	straight, err := New(mA, d, c)
	if err != nil {
		t.Fatal(err)
	}
	if err := straight.Run(); err != nil {
		t.Fatal(err)
	}

	path := filepath.Join(t.TempDir(), "run.safetensors")
	mB, _, _ := testSetup(t, 16)
	first, _ := New(mB, d, c)
	for range k {
		first.TrainStep()
	}
	first.History.ValStep = append(first.History.ValStep, 0, 4) // as Run would have measured them
	first.History.ValLoss = append(first.History.ValLoss, straight.History.ValLoss[0], straight.History.ValLoss[1])
	if err := first.Save(path, nil); err != nil {
		t.Fatal(err)
	}

	// A fresh model from another seed: every number must come from the file.
	mC := model.New(mB.Config, 99)
	resumed, err := Resume(path, mC, d, c)
	if err != nil {
		t.Fatal(err)
	}
	if resumed.Step != k || resumed.Opt.Steps() != k {
		t.Fatalf("resumed at step %d (optimizer %d), want %d", resumed.Step, resumed.Opt.Steps(), k)
	}
	if err := resumed.Run(); err != nil {
		t.Fatal(err)
	}
	sameBits := func(what string, a, b []float64) {
		t.Helper()
		if len(a) != len(b) {
			t.Fatalf("%s: %d values straight, %d resumed", what, len(a), len(b))
		}
		for i := range a {
			if math.Float64bits(a[i]) != math.Float64bits(b[i]) {
				t.Fatalf("%s[%d]: %v straight, %v resumed", what, i, a[i], b[i])
			}
		}
	}
	sameBits("train loss", straight.History.Loss, resumed.History.Loss)
	sameBits("learning rate", straight.History.LR, resumed.History.LR)
	sameBits("validation loss", straight.History.ValLoss, resumed.History.ValLoss)
	for name, p := range mA.Params.All() {
		sameBits(name, p.Data.RawMatrix().Data, mC.Params.Get(name).Data.RawMatrix().Data)
	}
	sa, sr := straight.Opt.State(), resumed.Opt.State()
	for i := range sa.M {
		sameBits("adam m", sa.M[i], sr.M[i])
		sameBits("adam v", sa.V[i], sr.V[i])
	}
}

func TestResumeMismatch(t *testing.T) {
	c := testConfig()
	m, d, _ := testSetup(t, 16)
	tr, _ := New(m, d, c)
	tr.TrainStep()
	path := filepath.Join(t.TempDir(), "run.safetensors")
	if err := tr.Save(path, map[string]string{"note": "x"}); err != nil {
		t.Fatal(err)
	}

	// Another width: the first tensor in the model's order has another shape.
	wide, _, _ := testSetup(t, 32)
	before := wide.Params.Get("tok_emb").Data.At(0, 0)
	_, err := Resume(path, wide, d, c)
	if err == nil || !strings.Contains(err.Error(), `tensor "tok_emb" has shape [28 16]`) {
		t.Errorf("another width: %v; want the tensor named", err)
	} else {
		t.Logf("another width: %v", err)
	}
	if wide.Params.Get("tok_emb").Data.At(0, 0) != before {
		t.Error("a failed Resume changed the model")
	}

	// Same shapes, another schedule: the differing field is named.
	c2 := c
	c2.LR = 2e-2
	m2, _, _ := testSetup(t, 16)
	_, err = Resume(path, m2, d, c2)
	if err == nil || !strings.Contains(err.Error(), "LR = 0.01 (this one has 0.02)") {
		t.Errorf("another LR: %v", err)
	}
	// Progress and checkpoint settings may change.
	c3 := c
	c3.LogEvery, c3.CheckpointEvery = 3, 10
	if _, err := Resume(path, m2, d, c3); err != nil {
		t.Errorf("another LogEvery: %v", err)
	}
	if err := tr.Save(path, map[string]string{MetaStep: "9"}); err == nil {
		t.Error("extra metadata overrode the step")
	}
}

// TestFailedSaveKeepsCheckpoint makes a save fail after the first one
// succeeded (a parameter named "__metadata__" cannot be written), and checks
// that the file on disk is still the first checkpoint, byte for byte.
func TestFailedSaveKeepsCheckpoint(t *testing.T) {
	m, d, _ := testSetup(t, 16)
	c := testConfig()
	dir := t.TempDir()
	c.CheckpointPath = filepath.Join(dir, "run.safetensors")
	c.CheckpointEvery = 1
	c.Steps, c.Warmup = 4, 1
	tr, err := New(m, d, c)
	if err != nil {
		t.Fatal(err)
	}
	tr.TrainStep()
	if err := tr.Save(c.CheckpointPath, nil); err != nil {
		t.Fatal(err)
	}
	old, _ := os.ReadFile(c.CheckpointPath)
	m.Params.Add("__metadata__", autograd.New(m.Params.Get("norm.gain").Data))
	tr.Opt.Params = m.Params.Values()
	err = tr.Run()
	if err == nil {
		t.Fatal("Run saved a parameter named __metadata__")
	}
	now, _ := os.ReadFile(c.CheckpointPath)
	if !bytes.Equal(old, now) {
		t.Error("the failed save changed the checkpoint")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("directory holds %d files after the failed save, want 1", len(entries))
	}
}

func TestStatusLine(t *testing.T) {
	s := Status{Step: 50, Steps: 200, Loss: 2.34561, ValLoss: 2.40119, TokensPerSec: 1234.4, Left: 80*time.Second + 300*time.Millisecond}
	if got, want := s.Line(), "step  50/200  loss 2.3456  val 2.4012  1234 tok/s  left 1m20s"; got != want {
		t.Errorf("Line =\n%q, want\n%q", got, want)
	}
	s.ValLoss = math.NaN()
	if got := s.Line(); !strings.Contains(got, "val   -    ") {
		t.Errorf("no validation yet: %q", got)
	}
	if h := s.HTML(); !strings.Contains(h, `<progress value="50" max="200"`) || !strings.Contains(h, "25%") {
		t.Errorf("HTML %q", h)
	}
}

func TestProgressLines(t *testing.T) {
	m, d, _ := testSetup(t, 16)
	c := testConfig()
	c.Steps, c.LogEvery, c.EvalEvery = 12, 5, 5
	tr, _ := New(m, d, c)
	var out bytes.Buffer
	tr.Out = &out
	if err := tr.Run(); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	// Lines at steps 5, 10 and at the end, 12.
	re := regexp.MustCompile(`^step (..)/12  loss (\d\.\d{4})  val (\d\.\d{4})  \d+ tok/s  left \S+$`)
	steps := []string{" 5", "10", "12"}
	if len(lines) != 3 {
		t.Fatalf("%d lines, want 3:\n%s", len(lines), out.String())
	}
	for i, l := range lines {
		g := re.FindStringSubmatch(l)
		if g == nil || g[1] != steps[i] {
			t.Errorf("line %q, want step %s in the format %s", l, steps[i], re)
			continue
		}
		step := []int{5, 10, 12}[i]
		if want := fmt.Sprintf("%.4f", tr.History.Loss[step-1]); g[2] != want {
			t.Errorf("line %d shows loss %s, the history %s", i, g[2], want)
		}
	}
}

func TestConfigValidate(t *testing.T) {
	ok := testConfig()
	if err := ok.Validate(); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		edit func(*Config)
		want string
	}{
		{func(c *Config) { c.Steps = 0 }, "Steps must be positive, got 0"},
		{func(c *Config) { c.Batch = -1 }, "Batch must be positive, got -1"},
		{func(c *Config) { c.Context = 0 }, "Context must be positive, got 0"},
		{func(c *Config) { c.LR = math.NaN() }, "LR must be positive, got NaN"},
		{func(c *Config) { c.Warmup = 60 }, "Warmup must be in [0, Steps) = [0, 60), got 60"},
		{func(c *Config) { c.MinLRRatio = 1.5 }, "MinLRRatio must be in [0, 1], got 1.5"},
		{func(c *Config) { c.WeightDecay = -0.1 }, "WeightDecay must be ≥ 0, got -0.1"},
		{func(c *Config) { c.ClipNorm = -1 }, "ClipNorm must be ≥ 0, got -1"},
		{func(c *Config) { c.EvalBatches = 0 }, "EvalBatches must be positive when EvalEvery is set, got 0"},
		{func(c *Config) { c.CheckpointEvery = -2 }, "CheckpointEvery must be ≥ 0, got -2"},
		{func(c *Config) { c.MicroBatches = -1 }, "MicroBatches must be ≥ 0, got -1"},
		{func(c *Config) { c.MicroBatches = 3 }, "Batch 4 is not a multiple of MicroBatches 3"},
	}
	for _, tc := range cases {
		c := ok
		tc.edit(&c)
		if err := c.Validate(); err == nil || err.Error() != "train: config: "+tc.want {
			t.Errorf("got %v, want %q", err, tc.want)
		}
	}
	m, d, _ := testSetup(t, 16)
	c := ok
	c.Context = 9
	if _, err := New(m, d, c); err == nil || !strings.Contains(err.Error(), "Context 9 is longer than the model's 8 learned positions") {
		t.Errorf("long context: %v", err)
	}
	bad := &Dataset{Train: []int{0, 1, 2, 3, 4, 5, 6, 7, 99}, Val: d.Val}
	if _, err := New(m, bad, ok); err == nil || !strings.Contains(err.Error(), "the train split: id 99 at position 8 is outside the model's vocabulary [0, 28)") {
		t.Errorf("bad id: %v", err)
	}
	short := &Dataset{Train: d.Train, Val: d.Val[:5]}
	if _, err := New(m, short, ok); err == nil || !strings.Contains(err.Error(), "val split holds 5 ids, fewer than one window of context 8 + 1 = 9") {
		t.Errorf("short val: %v", err)
	}
}

func TestCurves(t *testing.T) {
	h := History{Loss: []float64{3, 2.5, 2.2, 2}, ValStep: []int{0, 4}, ValLoss: []float64{3.1, 2.1}}
	f := Curves("tiny run", h)
	png, err := f.PNG()
	if err != nil || len(png) < 1000 || string(png[1:4]) != "PNG" {
		t.Errorf("PNG: %d bytes, %v", len(png), err)
	}
}

// TestMicroBatchesByHand: a step with MicroBatches = 2 is, bit for bit, the
// two halves of the batch run through the model one after the other, their
// losses and gradients summed and halved, then clipping and AdamW: the
// formula of TrainStep's doc, written out here on a second model.
func TestMicroBatchesByHand(t *testing.T) {
	c := testConfig()
	c.MicroBatches = 2
	m, d, _ := testSetup(t, 16)
	tr, err := New(m, d, c)
	if err != nil {
		t.Fatal(err)
	}
	hand, _, _ := testSetup(t, 16)
	opt := hand.Params.Values()
	adam := optim.NewAdamW(opt, c.LR, c.WeightDecay)
	for s := range 3 {
		got := tr.TrainStep()

		x, y, err := d.BatchAt(Train, c.Batch, c.Context, c.Seed, s)
		if err != nil {
			t.Fatal(err)
		}
		var losses []float64
		sums := make([][]float64, len(opt))
		for half := range 2 {
			hand.Params.ZeroGrad()
			loss := autograd.CrossEntropy(hand.ForwardBatch(x[half*2:half*2+2]), flatten(y[half*2:half*2+2]))
			loss.Backward()
			losses = append(losses, loss.Item())
			for j, p := range opt {
				g := p.Grad.RawMatrix().Data
				if half == 0 {
					sums[j] = append([]float64(nil), g...)
				} else {
					for i := range g {
						sums[j][i] += g[i]
					}
				}
			}
		}
		for j, p := range opt {
			g := p.Grad.RawMatrix().Data
			for i := range g {
				g[i] = sums[j][i] * 0.5
			}
		}
		want := (losses[0] + losses[1]) * 0.5
		if math.Float64bits(got) != math.Float64bits(want) {
			t.Fatalf("step %d: TrainStep's loss %v, by hand %v", s, got, want)
		}
		optim.ClipGradNorm(opt, c.ClipNorm)
		adam.SetLR(c.LR * c.Schedule().Factor(s))
		adam.Step()
		for name, p := range hand.Params.All() {
			q := tr.Model.Params.Get(name).Data.RawMatrix().Data
			for i, v := range p.Data.RawMatrix().Data {
				if math.Float64bits(v) != math.Float64bits(q[i]) {
					t.Fatalf("step %d: %s[%d] = %v by hand, %v from TrainStep", s, name, i, v, q[i])
				}
			}
		}
	}
}

// TestMicroBatchesSameMean: in exact arithmetic two micro-batches give the
// full batch's mean loss and gradient; in float64 they agree to rounding.
func TestMicroBatchesSameMean(t *testing.T) {
	c := testConfig()
	m1, d, _ := testSetup(t, 16)
	m2, _, _ := testSetup(t, 16)
	one, _ := New(m1, d, c)
	c.MicroBatches = 2
	two, _ := New(m2, d, c)
	x, y, _ := d.BatchAt(Train, c.Batch, c.Context, c.Seed, 0)
	l1, l2 := one.gradients(x, y), two.gradients(x, y)
	if math.Abs(l1-l2) > 1e-14*math.Abs(l1) {
		t.Errorf("loss: one batch %v, two micro-batches %v", l1, l2)
	}
	for name, p := range m1.Params.All() {
		q := m2.Params.Get(name).Grad.RawMatrix().Data
		for i, g := range p.Grad.RawMatrix().Data {
			if math.Abs(g-q[i]) > 1e-12*(math.Abs(g)+1e-6) {
				t.Fatalf("%s[%d]: gradient %v in one batch, %v in two micro-batches", name, i, g, q[i])
			}
		}
	}
}

// TestMicroBatchesAnyCores: the bits of a micro-batched run do not depend on
// how many cores ran the micro-batches.
func TestMicroBatchesAnyCores(t *testing.T) {
	run := func(procs int) (*Trainer, []float64) {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
		c := testConfig()
		c.MicroBatches, c.Steps = 4, 6
		m, d, _ := testSetup(t, 16)
		tr, err := New(m, d, c)
		if err != nil {
			t.Fatal(err)
		}
		var losses []float64
		for range c.Steps {
			losses = append(losses, tr.TrainStep())
		}
		return tr, losses
	}
	a, la := run(1)
	b, lb := run(2)
	for i := range la {
		if math.Float64bits(la[i]) != math.Float64bits(lb[i]) {
			t.Fatalf("step %d: loss %v on 1 core, %v on 2", i, la[i], lb[i])
		}
	}
	for name, p := range a.Model.Params.All() {
		q := b.Model.Params.Get(name).Data.RawMatrix().Data
		for i, v := range p.Data.RawMatrix().Data {
			if math.Float64bits(v) != math.Float64bits(q[i]) {
				t.Fatalf("%s[%d]: %v on 1 core, %v on 2", name, i, v, q[i])
			}
		}
	}
}

// TestResumeMicroBatchesZeroIsOne: a checkpoint saved with MicroBatches 0
// (or from before the field existed) resumes under MicroBatches 1, and not
// under 2, which would change the numbers.
func TestResumeMicroBatchesZeroIsOne(t *testing.T) {
	c := testConfig()
	m, d, _ := testSetup(t, 16)
	tr, _ := New(m, d, c)
	tr.TrainStep()
	path := filepath.Join(t.TempDir(), "run.safetensors")
	if err := tr.Save(path, nil); err != nil {
		t.Fatal(err)
	}
	c.MicroBatches = 1
	m2, _, _ := testSetup(t, 16)
	if _, err := Resume(path, m2, d, c); err != nil {
		t.Errorf("MicroBatches 1 against a saved 0: %v", err)
	}
	c.MicroBatches = 2
	if _, err := Resume(path, m2, d, c); err == nil || !strings.Contains(err.Error(), "MicroBatches = 1 (this one has 2)") {
		t.Errorf("MicroBatches 2 against a saved 0: %v", err)
	}
}
