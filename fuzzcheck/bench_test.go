package fuzzcheck_test

import (
	"net/http"
	"testing"

	"github.com/putdestination/conformance/emulator"
	"github.com/putdestination/conformance/fuzzcheck"
)

// BenchmarkCheck is the cost of one fuzz input of fuzzcheck.New on the
// reference emulator, the seeds in turn (uninstrumented; fuzzing
// instruments it: -gcflags=all=-d=libfuzzer).
func BenchmarkCheck(b *testing.B) {
	target := fuzzcheck.New(func() http.Handler { return emulator.New() })
	seeds := target.Seeds()
	total := 0
	for _, s := range seeds {
		total += len(s)
	}
	b.Logf("%d seeds, %d bytes on average", len(seeds), total/len(seeds))
	i := 0
	for b.Loop() {
		if err := target.Check(seeds[i%len(seeds)]); err != nil {
			b.Fatal(err)
		}
		i++
	}
}
