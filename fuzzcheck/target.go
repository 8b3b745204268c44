package fuzzcheck

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"sync"
)

// Target is the fuzz entry point a fuzz function of one's own calls with
// its data: Seeds for f.Add, Check for each input. It takes no
// *testing.F, so the same fuzz function builds both under `go test -fuzz`
// and under go-118-fuzz-build (ClusterFuzzLite, OSS-Fuzz), which rewrites
// the fuzz file's "testing" import to a package of its own: a helper of
// another package that takes the standard *testing.F does not compile
// against that type, and F.Add is ignored there (the seeds come as a seed
// corpus).
//
// An input is one byte string (EncodeInput, DecodeInput): the mode byte
// and the bodies.
type Target struct {
	newHandler func() http.Handler
	build      func() (Config, [][]byte, error)

	once  sync.Once
	judge *Judge
	seeds [][]byte // made once: under go-118-fuzz-build the fuzz function, and so Seeds, runs for every input
	err   error
}

// NewTarget returns a target of the handlers newHandler makes; build
// gives the configuration and the seeds (encoded inputs). Nothing is
// built until the first Seeds or Check (so that a package-level target
// costs nothing in the tests that do not use it); a configuration that
// cannot run is the error of every Check.
func NewTarget(newHandler func() http.Handler, build func() (Config, [][]byte, error)) *Target {
	return &Target{newHandler: newHandler, build: build}
}

// Judge is the target's judge, built on first use.
func (t *Target) Judge() (*Judge, error) {
	t.once.Do(func() {
		cfg, seeds, err := t.build()
		if err == nil {
			t.judge, err = NewJudge(t.newHandler, cfg)
		}
		if err != nil {
			t.err = fmt.Errorf("conformance fuzz target: %w", err)
			return
		}
		t.seeds = seeds
	})
	return t.judge, t.err
}

// Seeds are the target's seeds, each one encoded input, for f.Add; each
// call returns copies. A target whose configuration cannot run has one
// seed, an empty POST, so that `go test` calls Check once and fails with
// the error.
func (t *Target) Seeds() [][]byte {
	if _, err := t.Judge(); err != nil {
		return [][]byte{{0}}
	}
	out := make([][]byte, len(t.seeds))
	for i, s := range t.seeds {
		out[i] = bytes.Clone(s)
	}
	return out
}

// Check runs one input (DecodeInput) against a fresh handler and returns
// nil when the handler kept the contract, else an error whose text is
// each violation (rule, pointer, got, want) and a curl line. It is safe
// for concurrent use.
func (t *Target) Check(data []byte) error {
	j, err := t.Judge()
	if err != nil {
		return err
	}
	in := DecodeInput(data)
	// No word on where the input is kept: the engine that runs the target
	// (go test, libFuzzer) says it.
	if msg := j.Explain(in, j.Judge(in), targetHeadline); msg != "" {
		return errors.New(msg)
	}
	return nil
}

// targetHeadline is the headline of Check's error of n findings.
func targetHeadline(n int) string { return "conformance fuzz target: " + Findings(n) }
