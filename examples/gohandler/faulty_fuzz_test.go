//go:build faulty

package gohandler

import (
	"testing"

	"github.com/putdestination/conformance/fuzzcheck"
)

// faultyTarget judges the faulty copy (NewFaulty, which accepts ':' in
// names).
var faultyTarget = fuzzcheck.New(NewFaulty)

// FuzzFaulty is FuzzPutDestination on the faulty copy, built only with the
// tag faulty: the proof that a libFuzzer build of the fuzz target finds a
// bug from the seed corpus (the harness's .ci/libfuzzer-proof builds it
// with go-118-fuzz-build and clang and runs it on the seeds). `go test
// -tags faulty -run FuzzFaulty .` fails on the seeds.
func FuzzFaulty(f *testing.F) {
	for _, seed := range faultyTarget.Seeds() {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if err := faultyTarget.Check(data); err != nil {
			t.Fatal(err)
		}
	})
}
