package fuzzing

import (
	"net/http"
	"testing"
	"time"

	"github.com/putdestination/conformance/emulator"
	"github.com/putdestination/conformance/spec"
)

// BenchmarkFuzzCheck is the cost of one fuzz input (uninstrumented) on
// the reference emulator: the seeds of at most 1 KiB in turn.
func BenchmarkFuzzCheck(b *testing.B) {
	s, err := spec.Embedded()
	if err != nil {
		b.Fatal(err)
	}
	z, err := newFuzzer(Config{Spec: s, RequestTimeout: 2 * time.Second, MaxBody: 1 << 20}, func() http.Handler { return emulator.New() })
	if err != nil {
		b.Fatal(err)
	}
	var seeds []fuzzSeed
	total := 0
	for _, s := range z.seeds(0) {
		if len(s.first)+len(s.second) <= 1024 {
			seeds = append(seeds, s)
			total += len(s.first) + len(s.second)
		}
	}
	b.Logf("%d seeds, %d bytes on average", len(seeds), total/len(seeds))
	b.ResetTimer()
	i := 0
	for b.Loop() {
		s := seeds[i%len(seeds)]
		i++
		_ = z.check(Input{Mode: s.mode, First: s.first, Second: s.second})
	}
}
