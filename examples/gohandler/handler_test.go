package gohandler_test

import (
	"testing"

	"example.com/gohandler"
	"github.com/putdestination/conformance"
)

// FuzzPutDestination is all a team adds to fuzz its handler: `go test
// -fuzz=FuzzPutDestination` follows the handler's own coverage, and `go
// test` replays the seeds and every input kept under testdata/fuzz.
//
// It is alone in this package's tests on purpose: after every input, Go's
// fuzzing engine clears, copies and counts every coverage counter of the
// test binary, so conformance.Test, which links the whole campaign, lives
// in conformancetest/ (see the README's Fuzzing section, Speed).
func FuzzPutDestination(f *testing.F) {
	conformance.Fuzz(f, gohandler.New)
}
