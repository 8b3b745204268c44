package generators_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/putdestination/conformance/emulator"
	"github.com/putdestination/conformance/generators"
	"github.com/putdestination/conformance/oracle"
	"github.com/putdestination/conformance/spec"
	"pgregory.net/rapid"
)

func newSet(t testing.TB, opts generators.Options) (*spec.Spec, *generators.Set) {
	t.Helper()
	s, err := spec.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	g, err := generators.New(s, opts)
	if err != nil {
		t.Fatal(err)
	}
	return s, g
}

func problemKeys(ps []spec.Problem) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.Pointer+" "+p.Keyword)
	}
	return out
}

// Every valid request passes kin-openapi's request validation against the
// spec, and the emulator accepts it.
func TestValidRequestsAreValidBySpecAndEmulator(t *testing.T) {
	s, g := newSet(t, generators.Options{})
	rapid.Check(t, func(t *rapid.T) {
		c := g.Valid().Draw(t, "case")
		if ps := s.ValidateRequest(nil, c.Body); len(ps) > 0 {
			t.Fatalf("spec validation of %s: got %v, want no problems", c, ps)
		}
		if _, err := emulator.Parse(c.Body); err != nil {
			t.Fatalf("emulator.Parse of %s: got %v, want accepted", c, err)
		}
	})
}

// Every invalid request fails the spec's validation for exactly its
// labelled reason, and the emulator rejects it.
func TestInvalidRequestsBreakExactlyTheirLabel(t *testing.T) {
	s, g := newSet(t, generators.Options{})
	rapid.Check(t, func(t *rapid.T) {
		c := g.Invalid().Draw(t, "case")
		checkRejected(t, s, c)
	})
}

func checkRejected(t *rapid.T, s *spec.Spec, c generators.Case) {
	want := c.Expect.Breaks.Pointer + " " + c.Expect.Breaks.Keyword
	got := problemKeys(s.ValidateRequest(nil, c.Body))
	if len(got) != 1 || got[0] != want {
		t.Fatalf("spec validation of %s: got %q, want exactly [%q]", c, got, want)
	}
	if _, err := emulator.Parse(c.Body); err == nil {
		t.Fatalf("emulator.Parse of %s: got accepted, want rejected", c)
	}
}

func TestWireCasesAreLabelled(t *testing.T) {
	s, g := newSet(t, generators.Options{})
	rapid.Check(t, func(t *rapid.T) {
		c := g.Wire().Draw(t, "case")
		switch c.Expect.Outcome {
		case oracle.Reject:
			checkRejected(t, s, c)
		case oracle.Either:
		default:
			t.Fatalf("wire case %s: got outcome %v, want reject or either", c, c.Expect.Outcome)
		}
	})
}

func TestProbes(t *testing.T) {
	s, g := newSet(t, generators.Options{Prefix: "ci-"})
	rapid.Check(t, func(t *rapid.T) {
		p := rapid.OneOf(g.Upsert(), g.Distinct()).Draw(t, "probe")
		for _, c := range []generators.Case{p.First, p.Second} {
			if ps := s.ValidateRequest(nil, c.Body); len(ps) > 0 {
				t.Fatalf("%s: spec validation of %s: got %v, want none", p.Label, c, ps)
			}
			if !strings.HasPrefix(c.Name, "ci-") {
				t.Fatalf("%s: name %q: got no prefix, want ci-", p.Label, c.Name)
			}
		}
		if (p.First.Name == p.Second.Name) != p.Same {
			t.Fatalf("%s: names %q and %q: got same=%v, want %v", p.Label, p.First.Name, p.Second.Name, !p.Same, p.Same)
		}
	})
}

func ExampleSet_Invalid() {
	s, _ := spec.Embedded()
	g, _ := generators.New(s, generators.Options{})
	fmt.Println(len(g.Breakers()) > 10)
	// Output: true
}
