package train

import (
	"encoding/json"
	"fmt"

	"llminternals/pkg/checkpoint"
	"llminternals/pkg/model"
)

// The metadata of a model file written by SaveModel, besides MetaFormat,
// MetaModelConfig and MetaTrainConfig.
const (
	// ModelFormat is the "format" value of a model file.
	ModelFormat = "llminternals model 1"
	// MetaTokenizer holds a CharVocab's runes in id order (CharVocab.String).
	MetaTokenizer = "tokenizer.chars"
)

// TinyConfig is the course's tiny GPT, nanoGPT's CPU "baby GPT" for a
// character vocabulary of vocab runes: 4 pre-norm blocks of width 128 with
// 4 heads of 32, a GELU MLP of width 512, LayerNorm, 64 learned positions,
// biases, and the LM head tied to the token embeddings (no dropout: the engine
// has none in its model). About 0.8 M parameters for ~90 runes.
func TinyConfig(vocab int) model.Config {
	return model.Config{
		Vocab: vocab, Width: 128, Layers: 4, Heads: 4, KVHeads: 4,
		FFN: model.GELUMLP, Hidden: 512, Norm: model.LayerNorm, NormEps: 1e-5,
		Positions: model.Learned, Context: 64, TiedEmbeddings: true, Bias: true,
	}
}

// TinyTrainConfig is the run cmd/train-tiny makes: batches of 12 windows of
// 64 characters, each run as two micro-batches of 6 side by side (one per
// core on a 2-core machine), 3000 AdamW steps at a peak rate of 2e-3 after 100 warmup
// steps, decaying to 2e-4, weight decay 0.1, gradients clipped to norm 1,
// the validation loss on 8 fixed batches every 250 steps.
func TinyTrainConfig() Config {
	return Config{
		Steps: 3000, Batch: 12, MicroBatches: 2, Context: 64,
		LR: 2e-3, Warmup: 100, MinLRRatio: 0.1, WeightDecay: 0.1, ClipNorm: 1,
		EvalEvery: 250, EvalBatches: 8, Seed: 1337, LogEvery: 50,
	}
}

// SaveModel writes a trained model for later use, without optimizer state:
// its parameters as a safetensors file (atomically), with the model
// configuration, the character vocabulary and extra (training details) in the
// metadata. LoadTiny reads it back.
func SaveModel(path string, m *model.Model, vocab *CharVocab, extra map[string]string) error {
	mc, err := json.Marshal(m.Config)
	if err != nil {
		return fmt.Errorf("train: SaveModel: %w", err)
	}
	md := map[string]string{MetaFormat: ModelFormat, MetaModelConfig: string(mc), MetaTokenizer: vocab.String()}
	for k, v := range extra {
		if _, taken := md[k]; taken {
			return fmt.Errorf("train: SaveModel: metadata key %q is reserved", k)
		}
		md[k] = v
	}
	if err := checkpoint.Save(path, m.Params, md); err != nil {
		return fmt.Errorf("train: SaveModel: %w", err)
	}
	return nil
}

// LoadTiny reads a model file written by SaveModel (cmd/train-tiny's
// output): it builds the model from the configuration in the metadata, fills
// its parameters and rebuilds the character vocabulary. The metadata is
// returned too (steps, final validation loss, training time). Every problem
// is an error naming the file.
func LoadTiny(path string) (*model.Model, *CharVocab, map[string]string, error) {
	f, err := checkpoint.Open(path)
	if err != nil {
		return nil, nil, nil, err
	}
	md := f.Metadata()
	f.Close()
	if md[MetaFormat] != ModelFormat {
		return nil, nil, nil, fmt.Errorf("train: LoadTiny: %s: format %q, want %q (a file written by SaveModel)", path, md[MetaFormat], ModelFormat)
	}
	var mc model.Config
	if err := json.Unmarshal([]byte(md[MetaModelConfig]), &mc); err != nil {
		return nil, nil, nil, fmt.Errorf("train: LoadTiny: %s: metadata %q: %v", path, MetaModelConfig, err)
	}
	if err := mc.Validate(); err != nil {
		return nil, nil, nil, fmt.Errorf("train: LoadTiny: %s: %w", path, err)
	}
	vocab, err := NewCharVocab(md[MetaTokenizer])
	if err != nil {
		return nil, nil, nil, fmt.Errorf("train: LoadTiny: %s: metadata %q: %w", path, MetaTokenizer, err)
	}
	if vocab.String() != md[MetaTokenizer] {
		return nil, nil, nil, fmt.Errorf("train: LoadTiny: %s: metadata %q is not sorted distinct runes", path, MetaTokenizer)
	}
	if vocab.VocabSize() != mc.Vocab {
		return nil, nil, nil, fmt.Errorf("train: LoadTiny: %s: the vocabulary has %d runes, the model %d ids", path, vocab.VocabSize(), mc.Vocab)
	}
	m := model.New(mc, 0)
	if _, err := checkpoint.Load(path, m.Params); err != nil {
		return nil, nil, nil, fmt.Errorf("train: LoadTiny: %w", err)
	}
	return m, vocab, md, nil
}
