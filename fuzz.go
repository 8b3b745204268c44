package conformance

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"testing"

	"github.com/putdestination/conformance/fuzzing"
	"github.com/putdestination/conformance/rules"
)

// Fuzz fuzzes a Go implementation in process, with coverage guidance from
// its own code. A team adds to its own repository
//
//	func FuzzPutDestination(f *testing.F) { conformance.Fuzz(f, newHandler) }
//
// and `go test -fuzz=FuzzPutDestination` fuzzes its handler; `go test`
// alone runs the seeds and every input Go has kept under testdata/fuzz.
//
// The seeds are the harness's generated cases: valid requests across their
// edges, each broken constraint, wire malformations, other methods, identity
// pairs and mutated bodies. A fuzz input is a mode byte (method, one of a
// few header variations the contract allows, and whether a second request
// follows) and two bodies; newHandler is called for every input, so no
// state leaks from one input into the next. The handler is called directly
// (no socket), with a time limit (WithRequestTimeout) and a cap on the
// response body (WithMaxBody).
//
// The oracle is the spec's verdict on each body: a valid body must get the
// success envelope, an invalid one VALIDATION_ERROR, and where the
// contract is silent either will do; another method than POST is held to
// robustness only. Every answer is held to robustness (no panic, which
// net/http would answer by dropping the connection, no 5xx, no hang) and
// to the envelopes, and two requests of one input to identity. A failure
// is reported through t.Fatal as Test reports a finding: rule, pointer,
// got, want, and a curl line. Go keeps the failing input under
// testdata/fuzz/<FuzzName>: commit it, and it is a regression case that
// every `go test` runs.
//
// Reports: with a report directory (WithReportDir, or else the environment
// variable CONFORMANCE_REPORT_DIR, relative to the package's directory),
// every failing input is also a finding of the result model, with the
// command that reruns it alone (`go test -run='^FuzzName$/^<input>$'
// <package>`), and at the end of the target every report is written there
// as the CLI writes them. The directory is checked before any input runs.
// The process that runs the inputs as tests writes them (`go test`, `go
// test -run=FuzzName/<input>`); under `go test -fuzz` the inputs run in
// worker processes, and no report is written.
//
// Options that apply: WithSpecFile, WithNamePrefix, WithRules,
// WithRequestTimeout, WithMaxBody, WithSeed (which varies the seeds) and
// WithReportDir; WithHeader's values are only scrubbed from the reports
// (Fuzz sends no such header).
// It speaks the spec's JSON envelope (the default dialect) only.
func Fuzz(f *testing.F, newHandler func() http.Handler, opts ...Option) {
	f.Helper()
	cfg, err := fuzzConfig(newHandler, opts)
	if err != nil {
		f.Fatalf("conformance.Fuzz: %v", err)
	}
	fuzzing.Fuzz(f, newHandler, cfg)
}

// FuzzTarget is the fuzz entry point that builds both under `go test
// -fuzz` and under go-118-fuzz-build (ClusterFuzzLite, OSS-Fuzz): a fuzz
// function of one's own calls it with its data, instead of handing it a
// *testing.F (see NewFuzzTarget).
type FuzzTarget = fuzzing.Target

// NewFuzzTarget returns the fuzz target of the handlers newHandler makes,
// with the options of Fuzz. With no option, fuzzcheck.New is the same
// target (the same seeds, the same judgement) in a package that links only
// what judging needs, and fuzzes faster for it: Go's fuzzing engine copies
// every coverage counter of the binary after each input, and this package
// links the whole harness. A team adds to a test file of its handler's
// package (package gohandler, not gohandler_test: go-118-fuzz-build builds
// the fuzz file into the package itself)
//
//	var target = conformance.NewFuzzTarget(New)
//
//	func FuzzPutDestination(f *testing.F) {
//		for _, seed := range target.Seeds() {
//			f.Add(seed)
//		}
//		f.Fuzz(func(t *testing.T, data []byte) {
//			if err := target.Check(data); err != nil {
//				t.Fatal(err)
//			}
//		})
//	}
//
// Check judges an input as Fuzz does (the same seeds, the same oracle, a
// fresh handler for every input); an input is one byte string, the mode
// byte and the bodies of Fuzz's inputs (fuzzcheck.EncodeInput). Nothing is
// built until the first Seeds or Check; options that cannot run make
// every Check fail with one line saying why. Seeds are for f.Add;
// WriteSeedCorpus writes them as the seed-corpus zip go-118-fuzz-build
// needs instead (`conformance seed-corpus` does it from the command
// line). No report directory: a failing input is reported by the fuzz
// engine (testdata/fuzz for go test, a crash file for libFuzzer).
func NewFuzzTarget(newHandler func() http.Handler, opts ...Option) *FuzzTarget {
	return fuzzing.NewTarget(newHandler, func() (fuzzing.Config, error) { return fuzzConfig(newHandler, opts) })
}

// WriteSeedCorpus writes to w the seed corpus of NewFuzzTarget with the
// same options, as a libFuzzer seed-corpus zip (FuzzTarget.WriteSeedCorpus):
// the seeds depend on the options (WithSeed, WithNamePrefix, WithSpecFile),
// never on the handler.
func WriteSeedCorpus(w io.Writer, opts ...Option) error {
	// The handler is never called: writing the seeds only draws them.
	return NewFuzzTarget(http.NotFoundHandler, opts...).WriteSeedCorpus(w)
}

// FuzzChecker is what Fuzz is made of, for a fuzz target of one's own.
type FuzzChecker = fuzzing.Checker

// FuzzInput is one fuzz input: a mode byte and two bodies.
type FuzzInput = fuzzing.Input

// FuzzReport gathers what the inputs of one fuzz target found.
type FuzzReport = fuzzing.Report

// ReportDirEnv names the environment variable that gives Fuzz a report
// directory when no WithReportDir option does.
const ReportDirEnv = fuzzing.ReportDirEnv

// NewFuzzChecker returns a checker of the handlers newHandler makes, with
// the options of Fuzz; the error is for options it cannot run with.
func NewFuzzChecker(newHandler func() http.Handler, opts ...Option) (*FuzzChecker, error) {
	cfg, err := fuzzConfig(newHandler, opts)
	if err != nil {
		return nil, err
	}
	return fuzzing.NewChecker(newHandler, cfg)
}

// fuzzConfig is the fuzzing part of the configuration opts make.
func fuzzConfig(newHandler func() http.Handler, opts []Option) (fuzzing.Config, error) {
	cfg := DefaultConfig()
	for _, o := range opts {
		o(&cfg)
	}
	if newHandler == nil {
		return fuzzing.Config{}, errors.New("no handler (newHandler is nil)")
	}
	if err := cfg.Validate(); err != nil {
		return fuzzing.Config{}, err
	}
	if cfg.Dialect != "" && cfg.Dialect != rules.Envelope {
		return fuzzing.Config{}, fmt.Errorf("dialect %q: fuzzing speaks the spec's JSON envelope only", cfg.Dialect)
	}
	s, err := loadSpec(cfg.SpecFile)
	if err != nil {
		return fuzzing.Config{}, err
	}
	return fuzzing.Config{
		Spec: s, Seed: cfg.Seed, NamePrefix: cfg.NamePrefix, Rules: cfg.Rules,
		RequestTimeout: cfg.RequestTimeout, MaxBody: cfg.MaxBody,
		Headers: cfg.Headers.Header(), MaxFindings: cfg.MaxFindings, ReportDir: cfg.ReportDir,
	}, nil
}
