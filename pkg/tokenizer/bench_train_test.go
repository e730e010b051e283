package tokenizer

import (
	"runtime"
	"testing"
	"time"

	"llminternals/pkg/corpus"
)

// BenchmarkTrain trains a byte-level BPE (cl100k pattern) to a vocabulary
// of 4096 on the Go spec, with TrainByteBPE and with naiveTrain (recount
// all pairs at every merge), both in full, alternating in the same run. It
// reports each side's seconds and the speedup. Run it with -benchtime=1x:
// the naive side takes tens of seconds.
func BenchmarkTrain(b *testing.B) {
	spec, err := corpus.GoSpec()
	if err != nil {
		b.Fatal(err)
	}
	const vocab = 4096
	TrainByteBPE(spec, vocab, PatternCL100k) // warm up caches and the heap size
	b.ResetTimer()
	var fast, naive time.Duration
	for range b.N {
		// Each side starts on a collected heap, so neither pays for the
		// other's garbage.
		runtime.GC()
		t0 := time.Now()
		bpe, err := TrainByteBPE(spec, vocab, PatternCL100k)
		if err != nil {
			b.Fatal(err)
		}
		fast += time.Since(t0)
		runtime.GC()
		t1 := time.Now()
		ref := naiveTrain(spec, vocab, PatternCL100k)
		naive += time.Since(t1)
		if len(ref) != len(bpe.merges) || ref[len(ref)-1] != bpe.merges[len(ref)-1] {
			b.Fatal("naive and incremental training disagree")
		}
	}
	n := float64(b.N)
	b.ReportMetric(fast.Seconds()/n, "incremental-s")
	b.ReportMetric(naive.Seconds()/n, "naive-s")
	b.ReportMetric(naive.Seconds()/fast.Seconds(), "speedup")
}
