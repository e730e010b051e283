package train

import (
	"fmt"
	"math"

	"llminternals/pkg/rng"
)

// Split names a part of a Dataset.
type Split int

const (
	// Train is the part the optimizer learns from.
	Train Split = iota
	// Val is the held-out tail, used only to measure the loss.
	Val
)

// String names the split.
func (s Split) String() string {
	switch s {
	case Train:
		return "train"
	case Val:
		return "val"
	}
	return fmt.Sprintf("Split(%d)", int(s))
}

// Dataset is a token stream cut in two: the first part for training and
// a held-out tail for validation. The tail is taken from the end rather than
// sampled, so no training window overlaps it (apart from the one boundary).
type Dataset struct {
	Train, Val []int
}

// NewDataset splits ids into a training head and a validation tail holding
// round(valFraction·len(ids)) ids. valFraction must be in [0, 1).
func NewDataset(ids []int, valFraction float64) (*Dataset, error) {
	if !(valFraction >= 0 && valFraction < 1) {
		return nil, fmt.Errorf("train: NewDataset: validation fraction %v is outside [0, 1)", valFraction)
	}
	nVal := int(math.Round(valFraction * float64(len(ids))))
	cut := len(ids) - nVal
	return &Dataset{Train: ids[:cut:cut], Val: ids[cut:]}, nil
}

// Ids returns the ids of split s.
func (d *Dataset) Ids(s Split) []int {
	if s == Val {
		return d.Val
	}
	return d.Train
}

// CheckWindow returns an error unless split s holds at least one window of
// context+1 ids (context inputs and the one more token the last of them
// predicts), naming both lengths.
func (d *Dataset) CheckWindow(s Split, context int) error {
	if n := len(d.Ids(s)); n < context+1 {
		return fmt.Errorf("train: the %s split holds %d ids, fewer than one window of context %d + 1 = %d", s, n, context, context+1)
	}
	return nil
}

// Batch draws batch windows of context+1 consecutive ids from split s, each
// starting at a position uniform in [0, n − context − 1] drawn from g, and
// returns them as inputs and targets shifted by one:
//
//	inputs[b]  = ids[p_b     : p_b+context]
//	targets[b] = ids[p_b + 1 : p_b+context+1]
//
// so targets[b][i] is the token that follows inputs[b][0..i]. A split shorter
// than one window is an error naming both lengths.
func (d *Dataset) Batch(s Split, batch, context int, g *rng.RNG) (inputs, targets [][]int, err error) {
	if err := d.CheckWindow(s, context); err != nil {
		return nil, nil, err
	}
	ids := d.Ids(s)
	inputs = make([][]int, batch)
	targets = make([][]int, batch)
	for b := range batch {
		p := g.IntN(len(ids) - context)
		inputs[b] = ids[p : p+context : p+context]
		targets[b] = ids[p+1 : p+context+1 : p+context+1]
	}
	return inputs, targets, nil
}

// BatchAt is Batch with its random source derived from (seed, s, step) alone:
// the batch of a given step is the same whenever it is asked for, so a run
// resumed from a checkpoint at step k draws exactly the batches the
// uninterrupted run would have, and the sampler needs no state of its own.
func (d *Dataset) BatchAt(s Split, batch, context int, seed uint64, step int) (inputs, targets [][]int, err error) {
	return d.Batch(s, batch, context, rng.New(stepSeed(seed, s, step)))
}

// stepSeed mixes (seed, split, step) into one seed with SplitMix64's
// finaliser, so that neighbouring steps get unrelated streams.
func stepSeed(seed uint64, s Split, step int) uint64 {
	z := mix64(seed) ^ mix64(uint64(step)<<1|uint64(s&1))
	return mix64(z)
}

func mix64(z uint64) uint64 {
	z += 0x9e3779b97f4a7c15
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	return z ^ z>>31
}
