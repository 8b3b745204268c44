package generators_test

import (
	"bytes"
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"github.com/putdestination/conformance/contract"
	"github.com/putdestination/conformance/generators"
	"github.com/putdestination/conformance/verdict"
	"pgregory.net/rapid"
)

// TestMutateIsDeterministic: the same seed gives the same mutated case,
// byte for byte, label included (a campaign regenerates a case from its
// seed to shrink and re-send it).
func TestMutateIsDeterministic(t *testing.T) {
	_, g := newSet(t, generators.Options{})
	for i := range 200 {
		a, b := g.Mutate().Example(i), g.Mutate().Example(i)
		if !bytes.Equal(a.Body, b.Body) || a.Label != b.Label || a.Expect != b.Expect {
			t.Fatalf("seed %d: got %s then %s, want the same case", i, a, b)
		}
	}
}

// TestMutateJudgesWithTheSpec: every mutated case carries the spec's
// verdict on its body (openapi3filter's, through the compiled schema), or
// says why the contract is silent; its label names its mutation.
func TestMutateJudgesWithTheSpec(t *testing.T) {
	s, g := newSet(t, generators.Options{})
	each := g.MutateEach()
	names := generators.Mutations()
	outcomes := map[string]map[contract.Outcome]int{}
	for k, gen := range each {
		outcomes[names[k]] = map[contract.Outcome]int{}
		for i := range 60 {
			c := gen.Example(i)
			if !strings.HasPrefix(c.Label, "mutate "+names[k]+": ") {
				t.Errorf("case %d of %s: label %q, want it to start with %q", i, names[k], c.Label, "mutate "+names[k]+": ")
			}
			outcomes[names[k]][c.Expect.Outcome]++
			ps := s.ValidateRequest(nil, c.Body)
			silent := s.RequestVerdict(c.Body).Silent // a silence, or a parser limit of a valid body
			switch c.Expect.Outcome {
			case contract.Accept:
				if len(ps) > 0 || silent != "" {
					t.Errorf("%s: expect accept, but openapi3filter finds %v (silence %q)", c, problemKeys(ps), silent)
				}
				if name, ok := contract.Identity(c.Body); !ok || name != c.Name {
					t.Errorf("%s: Name %q, want the body's destinationName %q", c, c.Name, name)
				}
			case contract.Reject:
				if len(ps) == 0 || silent != "" {
					t.Errorf("%s: expect reject, but openapi3filter finds no problem (silence %q)", c, silent)
				}
				if got := c.Expect.Breaks.Pointer + " " + c.Expect.Breaks.Keyword; !contains(problemKeys(ps), got) {
					t.Errorf("%s: breaks %q, want one of openapi3filter's %v", c, got, problemKeys(ps))
				}
			case contract.Either:
				if silent == "" && !strings.Contains(c.Label, "(silent: made U+") {
					t.Errorf("%s: expect either, but the contract is not silent on it", c)
				}
			default:
				t.Errorf("%s: expect %v, want accept, reject or either", c, c.Expect.Outcome)
			}
		}
	}
	// Every mutation but duplication (always silent) must make bodies to
	// reject; those that can keep a
	// body valid must do so too, or the property would say less than it
	// seems to.
	for _, name := range names {
		if name != "member duplicated" && outcomes[name][contract.Reject] == 0 {
			t.Errorf("mutation %s: got no body to reject in 60, want some (%v)", name, outcomes[name])
		}
	}
	for _, name := range []string{"type swapped", "escape corrupted", "number stretched", "nesting deepened", "bytes inserted between tokens", "bytes inserted around the text"} {
		if outcomes[name][contract.Accept] == 0 {
			t.Errorf("mutation %s: got no body to accept in 60, want some (%v)", name, outcomes[name])
		}
	}
	if outcomes["member duplicated"][contract.Either] == 0 {
		t.Errorf("mutation member duplicated: got no silent body, want duplicates (%v)", outcomes["member duplicated"])
	}
}

// notJSONEscape matches a label naming an escape JSON does not have (nor
// \', which the escape mutant takes).
var notJSONEscape = regexp.MustCompile("`[^`]*\\\\[^\"\\\\/bfnrtu'][^`]*` (became|put)")

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// TestMutateKeepsAcceptableNamesUnderThePrefix: against a shared endpoint,
// no mutated body a server could accept creates a destination outside the
// name prefix, whatever member spelling a lax parser matches.
func TestMutateKeepsAcceptableNamesUnderThePrefix(t *testing.T) {
	const prefix = "ci-harness-"
	_, g := newSet(t, generators.Options{Prefix: prefix})
	rapid.Check(t, func(t *rapid.T) {
		c := g.Mutate().Draw(t, "case")
		if c.Expect.Outcome == contract.Reject {
			return
		}
		var members map[string]json.RawMessage
		if json.Unmarshal(c.Body, &members) != nil {
			return
		}
		for k, raw := range members {
			var name string
			isString := len(raw) > 0 && raw[0] == '"'
			if strings.EqualFold(k, contract.IdentityMember) && isString && json.Unmarshal(raw, &name) == nil && !strings.HasPrefix(name, prefix) {
				t.Fatalf("%s (expect %v): member %q is %q, want the prefix %q", c, c.Expect.Outcome, k, name, prefix)
			}
		}
	})
}

// TestMutateReachesTheByteLevelFaults guards the mutations the byte-level
// mutants of the zoo need (emulator/mutants/bytelevel.go): escapes JSON
// does not have, a huge exponent in an unknown member, Unicode white space
// around the text. A default campaign makes about ten cases of each; this
// holds the rate of each, and the kill matrix (internal/killmatrix) holds
// the mutants themselves to being found.
func TestMutateReachesTheByteLevelFaults(t *testing.T) {
	_, g := newSet(t, generators.Options{})
	each := g.MutateEach()
	index := map[string]int{}
	for i, name := range generators.Mutations() {
		index[name] = i
	}
	for _, tc := range []struct {
		mutation string
		hit      func(c generators.Case) bool
		reason   string
	}{
		{"escape corrupted", func(c generators.Case) bool {
			return c.Expect.Breaks.Keyword == "json" && notJSONEscape.MatchString(c.Label)
		}, "an escape JSON does not have"},
		{"number stretched", func(c generators.Case) bool {
			return c.Expect.Outcome != contract.Reject && (bytes.Contains(c.Body, []byte("e999")) || bytes.Contains(c.Body, []byte("E+400")) || bytes.Contains(c.Body, []byte("1E400")) || bytes.Contains(c.Body, []byte("0000000000")))
		}, "a valid body with a number out of float64's range"},
		{"bytes inserted around the text", func(c generators.Case) bool {
			trimmed := bytes.TrimSpace(c.Body)
			return c.Expect.Outcome == contract.Reject && len(trimmed) < len(c.Body) && json.Valid(trimmed)
		}, "a body that bytes.TrimSpace would make valid JSON"},
	} {
		// Forty draws, so that the rate is measured rather than the luck
		// of ten seeds: at least one in five must hit.
		hits := 0
		for i := range 40 {
			if tc.hit(each[index[tc.mutation]].Example(i)) {
				hits++
			}
		}
		if hits < 8 {
			t.Errorf("%s: got %d of 40 cases with %s, want at least 8", tc.mutation, hits, tc.reason)
		}
	}
}

// TestExpectBodyPastAParserLimit: a valid body past a parser limit of the
// contract notes expects either envelope, within them acceptance, and an
// invalid one past a limit its rejection still, for the constraint it
// breaks: a parser that refuses it answers VALIDATION_ERROR as wanted.
func TestExpectBodyPastAParserLimit(t *testing.T) {
	s, _ := newSet(t, generators.Options{})
	deep := func(n int) string { return strings.Repeat("[", n) + strings.Repeat("]", n) }
	body := func(name, extra string) string {
		return `{"destinationName":"` + name + `","targetArn":"t","roleArn":"r","x":` + extra + `}`
	}
	for _, tc := range []struct {
		body   string
		want   contract.Expectation
		reason string
	}{
		{body("a", deep(verdict.MaxDepth-1)), contract.Expectation{Outcome: contract.Accept}, "as deep as the limit allows"},
		{body("a", deep(verdict.MaxDepth)), contract.Expectation{Outcome: contract.Either}, "one level past it"},
		{body("a", "1e400"), contract.Expectation{Outcome: contract.Either}, "a number beyond a double's range"},
		{body("a", strings.Repeat("1", 4301)), contract.Expectation{Outcome: contract.Either}, "an integer Python refuses"},
		{body("a:b", deep(verdict.MaxDepth)), contract.Expectation{Outcome: contract.Reject, Breaks: contract.Constraint{Pointer: "/destinationName", Keyword: "pattern"}}, "invalid, past the limit or not"},
	} {
		if got := generators.ExpectBody(s, []byte(tc.body)); got != tc.want {
			t.Errorf("ExpectBody (%s): got %+v, want %+v", tc.reason, got, tc.want)
		}
	}
}
