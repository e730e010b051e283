package train

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"

	"gonum.org/v1/gonum/mat"

	"llminternals/pkg/autograd"
	"llminternals/pkg/checkpoint"
	"llminternals/pkg/model"
	"llminternals/pkg/optim"
)

// The metadata keys of a training checkpoint.
const (
	MetaFormat      = "format"       // CheckpointFormat
	MetaStep        = "step"         // steps taken, decimal
	MetaModelConfig = "model.config" // model.Config as JSON
	MetaTrainConfig = "train.config" // Config as JSON
	MetaHistory     = "train.history"
)

// CheckpointFormat is the value of the "format" metadata of a checkpoint that
// Trainer.Save writes.
const CheckpointFormat = "llminternals train checkpoint 1"

// Moment tensors are stored beside the parameters under these prefixes:
// "adam.m.tok_emb" is the first moment of "tok_emb".
const (
	momentM = "adam.m."
	momentV = "adam.v."
)

// Save writes everything needed to continue the run exactly to path,
// a safetensors file, atomically (the old file stays whole if anything fails):
//
//   - the model's parameters under their own names;
//   - AdamW's moments under "adam.m.<name>" and "adam.v.<name>" (zeros for a
//     parameter not yet updated, which Adam treats the same as none);
//   - in the metadata: the step count (which is also Adam's t), the model
//     and training configurations and the History, as JSON (Go's float
//     formatting round-trips every float64 exactly), plus extra.
//
// No sampler state is needed: the batch of step s is a pure function of
// (Config.Seed, s) (Dataset.BatchAt), so a resumed run at step k draws the
// batches the uninterrupted run would. Extra may not reuse the keys above.
func (t *Trainer) Save(path string, extra map[string]string) error {
	md, err := t.metadata()
	if err != nil {
		return err
	}
	for k, v := range extra {
		if _, taken := md[k]; taken {
			return fmt.Errorf("train: Save: metadata key %q is the trainer's own", k)
		}
		md[k] = v
	}
	st := t.Opt.State()
	if st.T != t.Step {
		return fmt.Errorf("train: Save: the optimizer has taken %d steps, the trainer %d", st.T, t.Step)
	}
	var ps autograd.Params
	for name, p := range t.Model.Params.All() {
		ps.Add(name, p)
	}
	for k, name := range t.Model.Params.Names() {
		r, c := t.Opt.Params[k].Data.Dims()
		ps.Add(momentM+name, autograd.New(mat.NewDense(r, c, orZeros(st.M[k], r*c))))
		ps.Add(momentV+name, autograd.New(mat.NewDense(r, c, orZeros(st.V[k], r*c))))
	}
	if err := checkpoint.Save(path, &ps, md); err != nil {
		return fmt.Errorf("train: Save: %w", err)
	}
	return nil
}

func orZeros(x []float64, n int) []float64 {
	if x == nil {
		return make([]float64, n)
	}
	return x
}

func (t *Trainer) metadata() (map[string]string, error) {
	md := map[string]string{MetaFormat: CheckpointFormat, MetaStep: strconv.Itoa(t.Step)}
	for key, v := range map[string]any{MetaModelConfig: t.Model.Config, MetaTrainConfig: t.Config, MetaHistory: t.History} {
		b, err := json.Marshal(v)
		if err != nil {
			return nil, fmt.Errorf("train: Save: %s: %w", key, err)
		}
		md[key] = string(b)
	}
	return md, nil
}

// Resume returns a Trainer that continues the run saved at path: m gets the
// saved parameters, the optimizer the saved moments and step count, and the
// Trainer the saved Step and History. m must be built from the same
// model.Config and c must equal the saved Config (apart from LogEvery and the
// checkpoint settings, which do not change the numbers); d must be the same
// data, which is the caller's to ensure.
//
// Every check happens before anything changes: a tensor the model lacks or
// has in another shape is an error naming that tensor (from checkpoint.Load),
// then a differing configuration is an error naming the first differing
// field; on error m is untouched.
func Resume(path string, m *model.Model, d *Dataset, c Config) (*Trainer, error) {
	t, err := New(m, d, c)
	if err != nil {
		return nil, err
	}
	// Load into a scratch registry of the same shapes, so that nothing in m
	// changes unless every check passes.
	var scratch autograd.Params
	names := m.Params.Names()
	for _, name := range names {
		r, cc := m.Params.Get(name).Data.Dims()
		scratch.Add(name, autograd.New(mat.NewDense(r, cc, nil)))
	}
	for _, prefix := range []string{momentM, momentV} {
		for _, name := range names {
			r, cc := m.Params.Get(name).Data.Dims()
			scratch.Add(prefix+name, autograd.New(mat.NewDense(r, cc, nil)))
		}
	}
	md, err := checkpoint.Load(path, &scratch)
	if err != nil {
		return nil, fmt.Errorf("train: Resume: %w", err)
	}
	if md[MetaFormat] != CheckpointFormat {
		return nil, fmt.Errorf("train: Resume: %s: format %q, want %q", path, md[MetaFormat], CheckpointFormat)
	}
	var savedModel model.Config
	var savedTrain Config
	var h History
	for key, v := range map[string]any{MetaModelConfig: &savedModel, MetaTrainConfig: &savedTrain, MetaHistory: &h} {
		if err := json.Unmarshal([]byte(md[key]), v); err != nil {
			return nil, fmt.Errorf("train: Resume: %s: metadata %q: %v", path, key, err)
		}
	}
	if f := firstDiff(savedModel, m.Config, nil); f != "" {
		return nil, fmt.Errorf("train: Resume: %s was saved from a model with %s", path, f)
	}
	// A run saved before MicroBatches existed has 0 there, which means 1.
	savedTrain.MicroBatches, c.MicroBatches = savedTrain.micro(), c.micro()
	if f := firstDiff(savedTrain, c, map[string]bool{"LogEvery": true, "CheckpointPath": true, "CheckpointEvery": true}); f != "" {
		return nil, fmt.Errorf("train: Resume: %s was saved by a run with %s", path, f)
	}
	step, err := strconv.Atoi(md[MetaStep])
	if err != nil || step < 0 || step > c.Steps {
		return nil, fmt.Errorf("train: Resume: %s: step %q is not in [0, %d]", path, md[MetaStep], c.Steps)
	}
	if len(h.Loss) != step || len(h.LR) != step || len(h.ValStep) != len(h.ValLoss) {
		return nil, fmt.Errorf("train: Resume: %s: the history holds %d losses, %d rates and %d/%d validation entries for %d steps",
			path, len(h.Loss), len(h.LR), len(h.ValStep), len(h.ValLoss), step)
	}
	st := optim.AdamState{T: step, M: make([][]float64, len(names)), V: make([][]float64, len(names))}
	for k, name := range names {
		st.M[k] = scratch.Get(momentM + name).Data.RawMatrix().Data
		st.V[k] = scratch.Get(momentV + name).Data.RawMatrix().Data
	}
	if err := t.Opt.SetState(st); err != nil {
		return nil, fmt.Errorf("train: Resume: %s: %w", path, err)
	}
	for _, name := range names {
		m.Params.Get(name).Data.Copy(scratch.Get(name).Data)
	}
	t.Step = step
	t.History = h
	return t, nil
}

// firstDiff returns "Field = saved (here: current)" for the first exported
// field of two structs of the same type that differs, skipping those in
// ignore; "" if none does.
func firstDiff(saved, current any, ignore map[string]bool) string {
	a, b := reflect.ValueOf(saved), reflect.ValueOf(current)
	for i := range a.NumField() {
		f := a.Type().Field(i)
		if !f.IsExported() || ignore[f.Name] {
			continue
		}
		if !reflect.DeepEqual(a.Field(i).Interface(), b.Field(i).Interface()) {
			return fmt.Sprintf("%s = %v (this one has %v)", f.Name, a.Field(i).Interface(), b.Field(i).Interface())
		}
	}
	return ""
}
