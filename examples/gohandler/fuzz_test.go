package gohandler

import (
	"testing"

	"github.com/putdestination/conformance/fuzzcheck"
)

// target judges every input of FuzzPutDestination against a fresh handler
// from New, with the harness's judge and seeds; fuzzcheck links nothing
// else of the harness, so the fuzz binary stays near the handler's own
// size.
var target = fuzzcheck.New(New)

// FuzzPutDestination is all a team adds to fuzz its handler: `go test
// -fuzz=FuzzPutDestination` follows the handler's own coverage, and `go
// test` replays the seeds and every input kept under testdata/fuzz. The
// same function builds under go-118-fuzz-build, which ClusterFuzzLite runs
// (.clusterfuzzlite/build.sh): it takes the fuzz engine's data and hands
// it to the target, and the target takes no *testing.F. It is in package
// gohandler, not gohandler_test, because go-118-fuzz-build compiles the
// fuzz file into the package it fuzzes.
//
// It is alone in this package's tests on purpose: after every input, Go's
// fuzzing engine clears, copies and counts every coverage counter of the
// test binary, so conformance.Test, which links the whole campaign, lives
// in conformancetest/ (docs/performance.md, Fuzzing, has the figures).
func FuzzPutDestination(f *testing.F) {
	for _, seed := range target.Seeds() {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if err := target.Check(data); err != nil {
			t.Fatal(err)
		}
	})
}
