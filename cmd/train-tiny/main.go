// Command train-tiny trains the course's tiny GPT (train.TinyConfig, nanoGPT's
// baby GPT, character level) on the default corpus, the Go specification
// (corpus.GoSpec), and writes it for the later chapters, which load it with
// train.LoadTiny:
//
//	go run ./cmd/train-tiny [-out models/tiny-gpt/model.safetensors] [-steps 3000] [-checkpoint run.safetensors]
//
// Two flags serve tools/torchfixtures/bench_train.py, which trains PyTorch
// on the same data: -corpus-out FILE writes the training text (the corpus
// as the vocabulary reads it) and exits; -target LOSS trains with the same
// settings, measuring the validation loss every 50 steps, stops at the first
// measurement ≤ LOSS and prints the step and the wall time, writing no
// model.
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
	corpusOut := flag.String("corpus-out", "", "write the training text to this file and exit")
	target := flag.Float64("target", 0, "train until the validation loss (every 50 steps) is at most this, then report the time; writes no model")
	flag.Parse()
	var err error
	switch {
	case *corpusOut != "":
		err = writeCorpus(*corpusOut)
	case *target > 0:
		err = untilTarget(*target, *steps)
	default:
		err = run(*out, *steps, *ckpt)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "train-tiny:", err)
		os.Exit(1)
	}
}

// goSpecData is the corpus as characters: the vocabulary, the ids and the
// dataset with its 10 % validation tail.
func goSpecData() (*train.CharVocab, []int, *train.Dataset, error) {
	text, err := corpus.GoSpec()
	if err != nil {
		return nil, nil, nil, err
	}
	vocab, err := train.NewCharVocab(text)
	if err != nil {
		return nil, nil, nil, err
	}
	ids, err := vocab.Encode(text)
	if err != nil {
		return nil, nil, nil, err
	}
	data, err := train.NewDataset(ids, 0.1)
	return vocab, ids, data, err
}

func writeCorpus(path string) error {
	text, err := corpus.GoSpec()
	if err != nil {
		return err
	}
	return os.WriteFile(path, []byte(text), 0o644)
}

// untilTarget trains TinyTrainConfig (steps at most) from a fresh model and
// stops at the first validation loss ≤ target, measured every 50 steps on
// the usual fixed validation batches.
func untilTarget(target float64, steps int) error {
	vocab, _, data, err := goSpecData()
	if err != nil {
		return err
	}
	cfg := train.TinyTrainConfig()
	cfg.Steps = steps
	m := model.New(train.TinyConfig(vocab.VocabSize()), 1)
	tr, err := train.New(m, data, cfg)
	if err != nil {
		return err
	}
	start := time.Now()
	for tr.Step < cfg.Steps {
		tr.TrainStep()
		if tr.Step%50 == 0 {
			if v := tr.EvalLoss(); v <= target {
				fmt.Printf("reached validation loss %.4f ≤ %.4f at step %d in %.1f s\n", v, target, tr.Step, time.Since(start).Seconds())
				return nil
			}
		}
	}
	return fmt.Errorf("validation loss still above %.4f after %d steps (%.1f s)", target, tr.Step, time.Since(start).Seconds())
}

func run(out string, steps int, ckpt string) error {
	vocab, ids, data, err := goSpecData()
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
	// Where this run kept its checkpoints is not part of the model.
	recorded := cfg
	recorded.CheckpointPath, recorded.CheckpointEvery = "", 0
	cfgJSON, err := json.Marshal(recorded)
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
