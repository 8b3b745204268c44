package generators_test

import (
	"bytes"
	"testing"

	"github.com/putdestination/conformance/contract"
	"github.com/putdestination/conformance/generators"
)

// wireForm is one encoding the wire property must send in every cycle of
// WireEach, and what the spec's contract notes say of a valid request so
// sent.
type wireForm struct {
	name   string
	is     func(c generators.Case) bool
	expect contract.Outcome
	alone  bool
	reason string
}

var wireForms = []wireForm{
	{"byte order mark", func(c generators.Case) bool { return bytes.HasPrefix(c.Body, []byte("\xef\xbb\xbf")) }, contract.Either, false,
		"RFC 8259 §8.1 lets a parser ignore it or refuse it; the contract is silent"},
	{"chunked in one chunk", func(c generators.Case) bool { return c.Wire == contract.Wire{Chunks: 1} }, contract.Accept, true,
		"RFC 9112 §7.1: every HTTP/1.1 recipient parses chunked"},
	{"chunked in many chunks", func(c generators.Case) bool { return c.Wire.Chunks > 1 && !c.Wire.Trailers }, contract.Accept, true, "as one chunk"},
	{"chunked in one chunk with trailers", func(c generators.Case) bool { return c.Wire == contract.Wire{Chunks: 1, Trailers: true} }, contract.Accept, true,
		"RFC 9112 §7.1.2: a recipient may discard trailers"},
	{"chunked in many chunks with trailers", func(c generators.Case) bool { return c.Wire.Chunks > 1 && c.Wire.Trailers }, contract.Accept, true, "as one chunk"},
	{"Expect: 100-continue", func(c generators.Case) bool { return c.Wire == contract.Wire{Expect100: true} }, contract.Accept, true,
		"RFC 9110 §10.1.1: the server answers 100 or a final status, the request is the same"},
	{"HTTP/1.0", func(c generators.Case) bool { return c.Wire == contract.Wire{HTTP10: true} }, contract.Unspecified, true,
		"the contract does not describe it: robustness only"},
	{"header names in lower case", func(c generators.Case) bool { return c.Wire == contract.Wire{HeaderCase: contract.HeaderLower} }, contract.Accept, false,
		"RFC 9110 §5.1: field names are case-insensitive"},
	{"header names in upper case", func(c generators.Case) bool { return c.Wire == contract.Wire{HeaderCase: contract.HeaderUpper} }, contract.Accept, false,
		"RFC 9110 §5.1"},
	{"Content-Type with charset", func(c generators.Case) bool { return c.Wire == contract.Wire{ContentType: contract.ContentTypeCharset} }, contract.Accept, false,
		"RFC 8259 §11: a charset has no effect on a compliant recipient; the media type is application/json"},
	{"no Content-Type", func(c generators.Case) bool { return c.Wire == contract.Wire{ContentType: contract.ContentTypeNone} }, contract.Either, false,
		"the contract is silent"},
}

// TestWireEachSendsEveryForm: whatever the seed, one cycle of WireEach
// holds every encoding once, a valid body sent in it, judged as its
// contract note says, on a connection of its own where its framing could
// leave one out of step; and WireKinds names the cycle.
func TestWireEachSendsEveryForm(t *testing.T) {
	s, g := newSet(t, generators.Options{Prefix: "ci-"})
	each := g.WireEach()
	if len(generators.WireKinds()) != len(each) {
		t.Fatalf("WireKinds: got %d names, want one per generator of WireEach (%d)", len(generators.WireKinds()), len(each))
	}
	for seed := range 50 {
		seen := map[string]int{}
		for i, gen := range each {
			c := gen.Example(seed*len(each) + i)
			for _, f := range wireForms {
				if !f.is(c) {
					continue
				}
				seen[f.name]++
				if c.Expect.Outcome != f.expect || c.Alone() != f.alone {
					t.Errorf("seed %d, %s (%s): got %v, alone %v; want %v, alone %v (%s)", seed, f.name, c.Label, c.Expect.Outcome, c.Alone(), f.expect, f.alone, f.reason)
				}
				body := bytes.TrimPrefix(c.Body, []byte("\xef\xbb\xbf"))
				if ps := s.ValidateRequest(nil, body); len(ps) > 0 {
					t.Errorf("seed %d, %s: body %s has problems %v, want a valid one", seed, f.name, contract.Excerpt(c.Body, 200), ps)
				}
				if f.expect == contract.Accept && c.Name == "" {
					t.Errorf("seed %d, %s: no name, want the body's (identity checks)", seed, f.name)
				}
			}
		}
		for _, f := range wireForms {
			if seen[f.name] != 1 {
				t.Errorf("seed %d: %s %d times in a cycle of WireEach, want once", seed, f.name, seen[f.name])
			}
		}
	}
}
