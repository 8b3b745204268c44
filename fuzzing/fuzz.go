// Package fuzzing is conformance.Fuzz: Go's native fuzzing of a Go
// handler, in process, judged by the harness's oracle and reported in the
// result model. The front door (package conformance) fills its Config from
// the options; Checker and Report are for fuzz targets of one's own.
package fuzzing

import (
	"errors"
	"net/http"
	"testing"

	"github.com/putdestination/conformance/fuzzcheck"
	"github.com/putdestination/conformance/generators"
	"github.com/putdestination/conformance/spec"
	"pgregory.net/rapid"
)

// Fuzz is conformance.Fuzz (see its doc), with its options resolved into
// cfg.
func Fuzz(f *testing.F, newHandler func() http.Handler, cfg Config) {
	f.Helper()
	c, err := NewChecker(newHandler, cfg)
	if err != nil {
		f.Fatalf("conformance.Fuzz: %v", err)
	}
	rep := reportFor(f, c) // nil: no report directory, or fuzzing mode
	for _, in := range c.Seeds() {
		f.Add(in.Mode, in.First, in.Second)
	}
	f.Fuzz(func(t *testing.T, mode uint8, first, second []byte) {
		in := Input{Mode: mode, First: first, Second: second}
		var msg string
		if rep != nil {
			msg = rep.Check(t.Name(), in)
		} else {
			msg = c.Check(in)
		}
		if msg != "" {
			t.Fatal(msg)
		}
	})
}

// Checker is what Fuzz is made of, for a fuzz target of one's own (other
// seeds, another corpus) or to replay a kept input outside `go test`:
// Seeds are Fuzz's seeds, and Check judges one input as Fuzz does.
type Checker struct {
	z    *fuzzer
	cfg  Config
	seed uint64
}

// NewChecker returns a checker of the handlers newHandler makes; the error
// is for a configuration it cannot run with.
func NewChecker(newHandler func() http.Handler, cfg Config) (*Checker, error) {
	z, err := newFuzzer(cfg, newHandler)
	if err != nil {
		return nil, err
	}
	return &Checker{z: z, cfg: cfg, seed: cfg.Seed}, nil
}

// Seeds are the seeds Fuzz adds (see Fuzz).
func (c *Checker) Seeds() []Input {
	var out []Input
	for _, s := range seeds(c.z.gen, c.seed) {
		out = append(out, Input{Mode: s.mode, First: s.first, Second: s.second})
	}
	return out
}

// Check runs one input against a fresh handler and returns what Fuzz
// fails the test with, or "" when the handler kept the contract. It is
// safe for concurrent use (calls run one at a time).
func (c *Checker) Check(in Input) string { return c.z.check(in) }

// Input is one input of Fuzz (fuzzcheck.Input).
type Input = fuzzcheck.Input

// fuzzer holds what every input of one Fuzz shares: the judge, and the
// spec and generators the seeds and reports come from.
type fuzzer struct {
	*fuzzcheck.Judge
	spec *spec.Spec
	gen  *generators.Set
}

func newFuzzer(cfg Config, newHandler func() http.Handler) (*fuzzer, error) {
	g, err := seedGenerators(cfg) // first: it says when there is no spec
	if err != nil {
		return nil, err
	}
	j, err := fuzzcheck.NewJudge(newHandler, judgeConfig(cfg))
	if err != nil {
		return nil, err
	}
	return &fuzzer{Judge: j, spec: cfg.Spec, gen: g}, nil
}

// judgeConfig is what the judge of cfg's inputs needs of it.
func judgeConfig(cfg Config) fuzzcheck.Config {
	return fuzzcheck.Config{Contract: cfg.Spec, RequestTimeout: cfg.RequestTimeout, MaxBody: cfg.MaxBody, Rules: cfg.Rules}
}

// seedGenerators are the generators cfg's seeds are drawn from.
func seedGenerators(cfg Config) (*generators.Set, error) {
	if cfg.Spec == nil {
		return nil, errors.New("no spec (Config.Spec is nil)")
	}
	return generators.New(cfg.Spec, generators.Options{Prefix: cfg.NamePrefix})
}

// fuzzSeed is one seed of the corpus.
type fuzzSeed struct {
	mode          uint8
	first, second []byte
}

// maxSeedBytes bounds the bodies of a seed: a fuzzer spends its time in
// proportion to the size of what it mutates, and minimizes every input
// that widens coverage in time quadratic in its size (go test stops
// counting executions meanwhile); it grows inputs by itself.
const maxSeedBytes = 512

// seeds are generated cases of every property, of at most maxSeedBytes:
// valid requests (their edges and spellings come with them), each broken
// constraint twice, wire malformations and other methods, upsert and
// distinct pairs, and each mutation four times; the header variations come
// in turn.
func seeds(g *generators.Set, seed uint64) []fuzzSeed {
	base := int(seed % 1_000_000)
	var out []fuzzSeed
	// draw adds up to want cases of g that fit, from the first 16*want.
	draw := func(g *rapid.Generator[generators.Case], want int) {
		for i, n := 0, 0; n < want && i < 16*want; i++ {
			c := g.Example(base + i)
			if len(c.Body) > maxSeedBytes {
				continue
			}
			out = append(out, fuzzSeed{mode: fuzzcheck.ModeFor(c.HTTPMethod(), n), first: c.Body})
			n++
		}
	}
	draw(g.Valid(), 32)
	for _, inv := range g.InvalidEach() {
		draw(inv, 2)
	}
	draw(g.Wire(), 24)
	for _, mut := range g.MutateEach() {
		draw(mut, 4)
	}
	for _, probes := range []*rapid.Generator[generators.Probe]{g.Upsert(), g.Distinct()} {
		for i, n := 0, 0; n < 8 && i < 128; i++ {
			p := probes.Example(base + i)
			if len(p.First.Body)+len(p.Second.Body) <= maxSeedBytes {
				out = append(out, fuzzSeed{mode: fuzzcheck.PairBit, first: p.First.Body, second: p.Second.Body})
				n++
			}
		}
	}
	return out
}

// check runs one input against a fresh handler and returns the failure
// message, or "" when the handler kept the contract.
func (z *fuzzer) check(in Input) string {
	return z.Explain(in, z.Judge.Judge(in), fuzzHeadline)
}

// fuzzHeadline is the headline of Fuzz's failure message of n findings.
func fuzzHeadline(n int) string {
	return "conformance.Fuzz: " + fuzzcheck.Findings(n) + "; Go keeps this input under testdata/fuzz as a regression case"
}
