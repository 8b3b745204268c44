package parity_test

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/putdestination/conformance"
	"github.com/putdestination/conformance/emulator"
	"github.com/putdestination/conformance/emulator/mutants"
	"github.com/putdestination/conformance/result"
	"github.com/putdestination/conformance/rules"
)

// TestParityLive: the live form (conformance.ParityLive, no cassette
// file) finds the emulator at parity with itself in both dialects, each
// run under a prefix of its own, and finds a mutant's divergence at the
// field it breaks; the result lists the table it used.
func TestParityLive(t *testing.T) {
	wrongCode, ok := mutants.Named("wrong-error-code")
	if !ok {
		t.Fatal("mutant wrong-error-code: not in the zoo")
	}
	var omitsRole mutants.Mutant
	for _, m := range mutants.AWS() {
		if m.Name == "aws-omits-role-arn" {
			omitsRole = m
		}
	}
	for _, tt := range []struct {
		dialect string
		server  func() http.Handler
		mutant  func() http.Handler
		pointer string
		opts    []conformance.Option
	}{
		{rules.Envelope, emulator.ForDialect(rules.Envelope), wrongCode.New, "/error/code", nil},
		{rules.AWS, awsEmulator, omitsRole.New, "/destination/roleArn", []conformance.Option{conformance.WithDialect(rules.AWS), testCreds}},
	} {
		opts := append([]conformance.Option{conformance.WithSeed(9), conformance.WithBudget(8)}, tt.opts...)
		checked := emulator.NewAWS()
		candidate := tt.server
		if tt.dialect == rules.AWS {
			candidate = func() http.Handler { return checked }
		}
		res, err := conformance.ParityLive(t.Context(), conformance.Handler(tt.server), conformance.Handler(candidate), nil, opts...)
		if err != nil {
			t.Fatal(err)
		}
		if res.Verdict != result.Conformant || res.Rule(rules.Parity).Cases == 0 || len(res.Normalization) == 0 {
			t.Errorf("%s live, the emulator against itself: %s, %d findings, %d cases, table %d rows; want conformant with cases and the table",
				tt.dialect, res.Verdict, len(res.Findings), res.Rule(rules.Parity).Cases, len(res.Normalization))
		}
		if tt.dialect == rules.AWS && (res.AWS == nil || len(res.AWS.Cleanup.Leftovers) > 0 || res.AWS.Cleanup.Error != "" || checked.Store().Len() != 0) {
			t.Errorf("aws live: cleanup %+v, %d destinations stored; want nothing left", res.AWS, checked.Store().Len())
		}
		res, err = conformance.ParityLive(t.Context(), conformance.Handler(tt.server), conformance.Handler(tt.mutant), nil, opts...)
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, f := range res.Findings {
			for _, v := range f.Violations {
				found = found || v.Pointer == tt.pointer
			}
		}
		if !found {
			t.Errorf("%s live, a mutant: %d findings, none at %s; want one there", tt.dialect, len(res.Findings), tt.pointer)
		}
	}
}

// TestParityLiveRefusesAForeignReportDir: a report directory holding a
// conformance.json the harness did not write is refused before the
// reference sees a request.
func TestParityLiveRefusesAForeignReportDir(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "conformance.json"), []byte("someone's file"), 0o644); err != nil {
		t.Fatal(err)
	}
	var seen atomic.Int64
	reference := func() http.Handler {
		h := emulator.New()
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			seen.Add(1)
			h.ServeHTTP(w, r)
		})
	}
	_, err := conformance.ParityLive(t.Context(), conformance.Handler(reference), conformance.Handler(emulator.ForDialect(rules.Envelope)), nil,
		conformance.WithSeed(1), conformance.WithBudget(2), conformance.WithReportDir(dir))
	if err == nil || !strings.Contains(err.Error(), "conformance.json") || seen.Load() != 0 {
		t.Errorf("live parity into a foreign report directory: error %v, %d requests to the reference; want a refusal naming the file and none", err, seen.Load())
	}
}
