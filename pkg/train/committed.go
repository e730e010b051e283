package train

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"

	"llminternals/pkg/model"
)

// CommittedModel is the repository path of the course's trained tiny GPT:
// cmd/train-tiny's output with TinyTrainConfig on the Go specification,
// committed so that every chapter from 11 on loads the same weights instead
// of training its own.
const CommittedModel = "models/tiny-gpt/model.safetensors"

// CommittedModelPath returns the absolute path of CommittedModel in the
// checkout this package was compiled from (found from this source file's
// own path, as GoNB and go test compile it), or an error saying where it
// looked and how to make the file.
func CommittedModelPath() (string, error) {
	_, file, _, ok := runtime.Caller(0)
	if !ok || !filepath.IsAbs(file) {
		return "", fmt.Errorf("train: cannot locate the repository (built with -trimpath?); the committed model is %s in the course's checkout", CommittedModel)
	}
	// file is <module>/pkg/train/committed.go.
	path := filepath.Join(filepath.Dir(filepath.Dir(filepath.Dir(file))), filepath.FromSlash(CommittedModel))
	if _, err := os.Stat(path); err != nil {
		return "", fmt.Errorf("train: the committed tiny GPT is missing: %v; it is part of the repository (git checkout %s), or rebuild it with go run ./cmd/train-tiny", err, CommittedModel)
	}
	return path, nil
}

// LoadCommitted loads the course's committed tiny GPT with its character
// vocabulary and metadata (LoadTiny on CommittedModelPath).
func LoadCommitted() (*model.Model, *CharVocab, map[string]string, error) {
	path, err := CommittedModelPath()
	if err != nil {
		return nil, nil, nil, err
	}
	return LoadTiny(path)
}

// MetaHistoryOf returns the training History recorded in a model file's
// metadata (cmd/train-tiny stores it under MetaHistory): the committed
// model's loss curves.
func MetaHistoryOf(meta map[string]string) (History, error) {
	var h History
	s, ok := meta[MetaHistory]
	if !ok {
		return h, fmt.Errorf("train: the model file's metadata has no %q (its training history)", MetaHistory)
	}
	if err := json.Unmarshal([]byte(s), &h); err != nil {
		return h, fmt.Errorf("train: metadata %q: %v", MetaHistory, err)
	}
	return h, nil
}
