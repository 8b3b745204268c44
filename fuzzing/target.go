package fuzzing

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
// corpus, WriteSeedCorpus).
//
// An input is one byte string (EncodeInput, DecodeInput): the mode byte
// and the bodies of Fuzz's inputs. Check judges it exactly as Fuzz judges
// its inputs (the same Checker).
type Target struct {
	newHandler func() http.Handler
	cfg        func() (Config, error)

	once  sync.Once
	c     *Checker
	seeds [][]byte // encoded once: under go-118-fuzz-build the fuzz function, and so Seeds, runs for every input
	err   error
}

// NewTarget returns a target of the handlers newHandler makes; cfg
// resolves the configuration. Nothing is built until the first Seeds or
// Check (so that a package-level target costs nothing in the tests that do
// not use it); a configuration that cannot run is the error of every
// Check.
func NewTarget(newHandler func() http.Handler, cfg func() (Config, error)) *Target {
	return &Target{newHandler: newHandler, cfg: cfg}
}

func (t *Target) checker() (*Checker, error) {
	t.once.Do(func() {
		cfg, err := t.cfg()
		if err != nil {
			t.err = fmt.Errorf("conformance fuzz target: %w", err)
			return
		}
		t.c, t.err = NewChecker(t.newHandler, cfg)
		if t.err != nil {
			t.err = fmt.Errorf("conformance fuzz target: %w", t.err)
			return
		}
		for _, in := range t.c.Seeds() {
			if data, err := EncodeInput(in); err == nil { // always: seeds are small (maxSeedBytes)
				t.seeds = append(t.seeds, data)
			}
		}
	})
	return t.c, t.err
}

// Seeds are Fuzz's seeds, each encoded as one input (EncodeInput), for
// f.Add; they are drawn once, and each call returns copies. A target whose
// configuration cannot run has one seed, an empty POST, so that `go test`
// calls Check once and fails with the error.
func (t *Target) Seeds() [][]byte {
	if _, err := t.checker(); err != nil {
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
// what Fuzz fails the test with: each violation (rule, pointer, got,
// want) and a curl line. It is safe for concurrent use.
func (t *Target) Check(data []byte) error {
	c, err := t.checker()
	if err != nil {
		return err
	}
	// Checker.Check's judgment, under a headline without Fuzz's word on
	// testdata/fuzz: the engine that runs the target (go test, libFuzzer)
	// says where it keeps the input.
	in := DecodeInput(data)
	j := c.z.judge(in)
	if msg := c.z.explain(in, j.exchanges, j.identity, targetHeadline); msg != "" {
		return errors.New(msg)
	}
	return nil
}

// targetHeadline is the headline of Check's error of n findings.
func targetHeadline(n int) string { return "conformance fuzz target: " + findings(n) }

// maxPairFirst is the longest first body of a pair an input can carry:
// its length is two bytes.
const maxPairFirst = 1<<16 - 1

// EncodeInput is in as one fuzz input: the mode byte, then the first body;
// with the pair bit, the first body's length in two bytes (big-endian)
// before it, and the second body after it. The error is for a pair whose
// first body is over 65,535 bytes, which the two bytes cannot say.
func EncodeInput(in Input) ([]byte, error) {
	if !in.pair() {
		return append([]byte{in.Mode}, in.First...), nil
	}
	if len(in.First) > maxPairFirst {
		return nil, fmt.Errorf("a pair's first body of %d bytes: an input carries at most %d", len(in.First), maxPairFirst)
	}
	out := make([]byte, 0, 3+len(in.First)+len(in.Second))
	out = append(out, in.Mode, byte(len(in.First)>>8), byte(len(in.First)))
	out = append(out, in.First...)
	return append(out, in.Second...), nil
}

// DecodeInput reads one fuzz input; every byte string is one: the empty
// one is a POST with an empty body, and a pair's length past the end of
// the data takes what there is.
func DecodeInput(data []byte) Input {
	if len(data) == 0 {
		return Input{}
	}
	in := Input{Mode: data[0]}
	rest := data[1:]
	if !in.pair() {
		in.First = rest
		return in
	}
	n := 0
	for i := 0; i < 2 && i < len(rest); i++ {
		n = n<<8 | int(rest[i])
	}
	rest = rest[min(2, len(rest)):]
	n = min(n, len(rest))
	in.First, in.Second = rest[:n], rest[n:]
	return in
}
