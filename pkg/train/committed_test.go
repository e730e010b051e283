package train

import (
	"strconv"
	"testing"

	"llminternals/pkg/corpus"
	"llminternals/pkg/model"
)

// goSpecDataset is the committed model's data: the Go spec as characters,
// with its 10 % validation tail (cmd/train-tiny's).
func goSpecDataset(t *testing.T) (*CharVocab, *Dataset) {
	t.Helper()
	text, err := corpus.GoSpec()
	if err != nil {
		t.Fatal(err)
	}
	vocab, err := NewCharVocab(text)
	if err != nil {
		t.Fatal(err)
	}
	ids, err := vocab.Encode(text)
	if err != nil {
		t.Fatal(err)
	}
	d, err := NewDataset(ids, 0.1)
	if err != nil {
		t.Fatal(err)
	}
	return vocab, d
}

// TestCommittedModel: the committed file is what cmd/train-tiny makes with
// TinyTrainConfig on this machine too. Its vocabulary is the corpus's; its
// validation loss, recomputed here, equals the recorded one bit for bit; and
// the first 20 steps of a fresh run give the recorded training losses bit
// for bit (the run is deterministic on every CPU).
func TestCommittedModel(t *testing.T) {
	m, vocab, meta, err := LoadCommitted()
	if err != nil {
		t.Fatal(err)
	}
	wantVocab, d := goSpecDataset(t)
	if vocab.String() != wantVocab.String() {
		t.Fatalf("the committed vocabulary differs from the corpus's characters")
	}
	cfg := TinyTrainConfig()
	h, err := MetaHistoryOf(meta)
	if err != nil {
		t.Fatal(err)
	}
	if len(h.Loss) != cfg.Steps || meta["train.steps"] != strconv.Itoa(cfg.Steps) {
		t.Fatalf("the committed model ran %d steps (metadata %q), TinyTrainConfig has %d", len(h.Loss), meta["train.steps"], cfg.Steps)
	}
	recorded, err := strconv.ParseFloat(meta["train.val_loss"], 64)
	if err != nil {
		t.Fatal(err)
	}
	if last := h.ValLoss[len(h.ValLoss)-1]; last != recorded {
		t.Fatalf("train.val_loss %v is not the history's last validation loss %v", recorded, last)
	}
	tr, err := New(m, d, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if got := tr.EvalLoss(); got != recorded {
		t.Fatalf("validation loss of the committed model recomputed: %v, recorded %v", got, recorded)
	}

	fresh, err := New(model.New(TinyConfig(vocab.VocabSize()), 1), d, cfg)
	if err != nil {
		t.Fatal(err)
	}
	for s := range 20 {
		if got := fresh.TrainStep(); got != h.Loss[s] {
			t.Fatalf("step %d: loss %v, the committed run recorded %v", s, got, h.Loss[s])
		}
	}
}
