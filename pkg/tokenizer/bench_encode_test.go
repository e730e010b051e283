package tokenizer

import (
	"runtime"
	"testing"
	"time"

	"llminternals/pkg/corpus"

	tiktoken "github.com/tiktoken-go/tokenizer"
)

// BenchmarkEncodeSpec encodes the Go spec with cl100k_base, ours and
// tiktoken-go's, alternating in the same run, and reports the throughput of
// each and their ratio (speedup > 1 means we are faster).
func BenchmarkEncodeSpec(b *testing.B) {
	spec, err := corpus.GoSpec()
	if err != nil {
		b.Fatal(err)
	}
	enc, err := Load("cl100k_base")
	if err != nil {
		b.Fatal(err)
	}
	codec, err := tiktoken.Get(tiktoken.Cl100kBase)
	if err != nil {
		b.Fatal(err)
	}
	// One untimed run of each side first: the first pass over a rank map
	// pays for page faults and cold caches.
	enc.EncodeOrdinary(spec)
	codec.Encode(spec)
	var ours, theirs time.Duration
	b.ResetTimer()
	for range b.N {
		runtime.GC()
		t0 := time.Now()
		enc.EncodeOrdinary(spec)
		ours += time.Since(t0)
		runtime.GC()
		t1 := time.Now()
		codec.Encode(spec)
		theirs += time.Since(t1)
	}
	mb := float64(len(spec)) * float64(b.N) / 1e6
	b.ReportMetric(mb/ours.Seconds(), "ours-MB/s")
	b.ReportMetric(mb/theirs.Seconds(), "tiktoken-go-MB/s")
	b.ReportMetric(theirs.Seconds()/ours.Seconds(), "speedup")
}
