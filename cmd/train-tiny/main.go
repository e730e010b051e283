// Command train-tiny trains the course's tiny GPT (train.TinyConfig, nanoGPT's
// baby GPT, character level) on the default corpus, the Go specification
// (corpus.GoSpec), and writes it for the later chapters, which load it with
// train.LoadTiny:
//
//	go run ./cmd/train-tiny [-out models/tiny-gpt/model.safetensors] [-steps 3000] [-checkpoint run.safetensors]
//
// It prints a progress line every 50 steps, then the final validation loss,
// the training time and a greedy sample of 200 characters. The run is
// deterministic: the same flags give the same model file, bit for bit.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"llminternals/pkg/autograd"
	"llminternals/pkg/corpus"
	"llminternals/pkg/model"
	"llminternals/pkg/train"
)

func main() {
	out := flag.String("out", "models/tiny-gpt/model.safetensors", "where to write the trained model")
	steps := flag.Int("steps", train.TinyTrainConfig().Steps, "optimizer steps")
	ckpt := flag.String("checkpoint", "", "a training checkpoint to save every 250 steps and resume from if it exists")
	flag.Parse()
	if err := run(*out, *steps, *ckpt); err != nil {
		fmt.Fprintln(os.Stderr, "train-tiny:", err)
		os.Exit(1)
	}
}

func run(out string, steps int, ckpt string) error {
	text, err := corpus.GoSpec()
	if err != nil {
		return err
	}
	vocab, err := train.NewCharVocab(text)
	if err != nil {
		return err
	}
	ids, err := vocab.Encode(text)
	if err != nil {
		return err
	}
	data, err := train.NewDataset(ids, 0.1)
	if err != nil {
		return err
	}
	cfg := train.TinyTrainConfig()
	cfg.Steps = steps
	cfg.Warmup = min(cfg.Warmup, steps-1)
	if ckpt != "" {
		cfg.CheckpointPath, cfg.CheckpointEvery = ckpt, 250
		if err := os.MkdirAll(filepath.Dir(ckpt), 0o755); err != nil {
			return err
		}
	}
	m := model.New(train.TinyConfig(vocab.VocabSize()), 1)
	fmt.Printf("corpus: %d characters, %d distinct; train %d, val %d; model %d parameters\n",
		len(ids), vocab.VocabSize(), len(data.Train), len(data.Val), m.Params.NumScalars())

	var tr *train.Trainer
	if _, err := os.Stat(ckpt); ckpt != "" && err == nil {
		tr, err = train.Resume(ckpt, m, data, cfg)
		if err != nil {
			return err
		}
		fmt.Printf("resumed from %s at step %d\n", ckpt, tr.Step)
	} else if tr, err = train.New(m, data, cfg); err != nil {
		return err
	}
	tr.Out = os.Stdout
	start := time.Now()
	if err := tr.Run(); err != nil {
		return err
	}
	seconds := time.Since(start).Seconds()
	h := tr.History
	val := h.ValLoss[len(h.ValLoss)-1]
	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		return err
	}
	cfgJSON, err := json.Marshal(cfg)
	if err != nil {
		return err
	}
	histJSON, err := json.Marshal(h)
	if err != nil {
		return err
	}
	extra := map[string]string{
		train.MetaTrainConfig: string(cfgJSON),
		train.MetaHistory:     string(histJSON), // the loss curves, for chapter 11
		"train.steps":         strconv.Itoa(tr.Step),
		"train.val_loss":      strconv.FormatFloat(val, 'g', -1, 64),
		"train.seconds":       strconv.FormatFloat(seconds, 'f', 1, 64),
		"corpus":              "corpus.GoSpec, Go " + corpus.SnapshotVersion,
	}
	if err := train.SaveModel(out, m, vocab, extra); err != nil {
		return err
	}
	fmt.Printf("wrote %s: %d steps, final val loss %.4f, %.0f s (%.0f tokens/s)\n", out, tr.Step, val, seconds, tr.TokensPerSecond())

	prompt := "The "
	sample, err := greedy(m, vocab, prompt, 200)
	if err != nil {
		return err
	}
	fmt.Printf("greedy sample after %q:\n%s\n", prompt, sample)
	return nil
}

// greedy extends prompt by n characters, each the argmax of the model's
// next-token logits over the last Context characters. (The course's
// sampler, with temperature and top-k/p, is package sample.)
func greedy(m *model.Model, vocab *train.CharVocab, prompt string, n int) (string, error) {
	ids, err := vocab.Encode(prompt)
	if err != nil {
		return "", err
	}
	for range n {
		window := ids[max(0, len(ids)-m.Config.Context):]
		var next int
		autograd.NoGrad(func() {
			logits := m.Forward(window)
			row := logits.Data.RawRowView(len(window) - 1)
			for j, z := range row {
				if z > row[next] {
					next = j
				}
			}
		})
		ids = append(ids, next)
	}
	return vocab.Decode(ids)
}
