// Package conformancetest holds the conformance test of the handler, in a
// package of its own: the fuzz target next to the handler (../fuzz_test.go)
// then builds into a test binary without conformance.Test and the campaign
// behind it, whose coverage counters Go's fuzzing engine would otherwise
// clear, copy and count after every input.
package conformancetest_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"example.com/gohandler"
	"github.com/putdestination/conformance"
)

// TestPutDestination is all a team adds to its own repository.
func TestPutDestination(t *testing.T) {
	conformance.Test(t, conformance.Handler(gohandler.New))
}

// TestFaultyCopyIsCaught proves the check can fail: the faulty copy accepts
// ':' in names, and the failure names the rule and the command that reruns
// the same cases.
func TestFaultyCopyIsCaught(t *testing.T) {
	rec := &recorder{TB: t}
	conformance.Test(rec, conformance.Handler(gohandler.NewFaulty), conformance.WithSeed(1))
	if !rec.failed {
		t.Fatal("conformance.Test on a handler that accepts ':' in names: the test did not fail")
	}
	for _, want := range []string{"rejects-invalid /destinationName: got 200", "reproduce the run: CONFORMANCE_SEED=1 go test -run '^TestFaultyCopyIsCaught$' ./conformancetest"} {
		if !strings.Contains(rec.msg, want) {
			t.Errorf("failure message: want %q in\n%s", want, rec.msg)
		}
	}
}

// recorder is a testing.TB that records the failure instead of failing.
type recorder struct {
	testing.TB
	failed bool
	msg    string
}

func (r *recorder) Helper()                  {}
func (r *recorder) Context() context.Context { return context.Background() }
func (r *recorder) Logf(string, ...any)      {}
func (r *recorder) Fatal(args ...any)        { r.failed, r.msg = true, fmt.Sprint(args...) }
func (r *recorder) Fatalf(f string, args ...any) {
	r.failed, r.msg = true, fmt.Sprintf(f, args...)
}
