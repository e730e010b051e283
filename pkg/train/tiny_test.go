package train

import (
	"math"
	"path/filepath"
	"strings"
	"testing"

	"llminternals/pkg/autograd"
	"llminternals/pkg/checkpoint"
)

func TestTinyConfig(t *testing.T) {
	// nanoGPT's baby GPT with its 65-character Shakespeare vocabulary has
	// 0.82 M parameters counting the 64×128 position table; by formula:
	// tok 65·128 + pos 64·128 + 4·(attn 4·128² + 4·128 + ffn 2·128·512 + 512 + 128
	// + norms 4·128) + final norm 2·128 = 8320 + 8192 + 4·198272 + 256 = 809856.
	c := TinyConfig(65)
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	if n := c.ParamCounts().Total; n != 809856 {
		t.Errorf("%d parameters, want 809856", n)
	}
	if err := TinyTrainConfig().Validate(); err != nil {
		t.Error(err)
	}
}

func TestSaveModelLoadTiny(t *testing.T) {
	m, d, v := testSetup(t, 16)
	tr, err := New(m, d, testConfig())
	if err != nil {
		t.Fatal(err)
	}
	for range 3 {
		tr.TrainStep()
	}
	path := filepath.Join(t.TempDir(), "tiny.safetensors")
	if err := SaveModel(path, m, v, map[string]string{"train.steps": "3"}); err != nil {
		t.Fatal(err)
	}
	got, vocab, md, err := LoadTiny(path)
	if err != nil {
		t.Fatal(err)
	}
	if vocab.String() != v.String() || md["train.steps"] != "3" || got.Config != m.Config {
		t.Errorf("vocab %q, metadata %v, config %+v", vocab.String(), md, got.Config)
	}
	ids, _ := v.Encode("the lazy")
	var a, b *autograd.Value
	autograd.NoGrad(func() { a, b = m.Forward(ids), got.Forward(ids) })
	for i, x := range a.Data.RawMatrix().Data {
		if math.Float64bits(x) != math.Float64bits(b.Data.RawMatrix().Data[i]) {
			t.Fatalf("logit %d: %v saved, %v loaded", i, x, b.Data.RawMatrix().Data[i])
		}
	}
	if err := SaveModel(path, m, v, map[string]string{MetaTokenizer: "abc"}); err == nil {
		t.Error("extra metadata replaced the vocabulary")
	}

	// A training checkpoint is not a model file.
	ck := filepath.Join(t.TempDir(), "run.safetensors")
	if err := tr.Save(ck, nil); err != nil {
		t.Fatal(err)
	}
	if _, _, _, err := LoadTiny(ck); err == nil || !strings.Contains(err.Error(), `format "llminternals train checkpoint 1"`) {
		t.Errorf("LoadTiny(training checkpoint): %v", err)
	}
	// A vocabulary that does not fit the model.
	bad := filepath.Join(t.TempDir(), "bad.safetensors")
	md2 := map[string]string{}
	for k, val := range md {
		md2[k] = val
	}
	md2[MetaTokenizer] = "ab"
	if err := checkpoint.Save(bad, m.Params, md2); err != nil {
		t.Fatal(err)
	}
	if _, _, _, err := LoadTiny(bad); err == nil || !strings.Contains(err.Error(), "the vocabulary has 2 runes, the model 28 ids") {
		t.Errorf("LoadTiny(wrong vocabulary): %v", err)
	}
}
