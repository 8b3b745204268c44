package generators_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/putdestination/conformance/contract"
	"github.com/putdestination/conformance/emulator"
	"github.com/putdestination/conformance/generators"
	"github.com/putdestination/conformance/spec"
	"github.com/putdestination/conformance/verdict"
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

// InvalidEach has one generator per constraint, in the order of Breakers,
// each breaking exactly its own; a name's few refused characters are one
// constraint each.
func TestInvalidEachBreaksItsOwnConstraint(t *testing.T) {
	s, g := newSet(t, generators.Options{})
	each, names := g.InvalidEach(), g.Breakers()
	if len(each) != len(names) {
		t.Fatalf("InvalidEach: got %d generators, want one per constraint (%d)", len(each), len(names))
	}
	for _, want := range []string{"/destinationName pattern ':'", "/destinationName pattern '*'"} {
		if !slices.Contains(names, want) {
			t.Errorf("Breakers: got %q, want %q among them", names, want)
		}
	}
	rapid.Check(t, func(t *rapid.T) {
		k := rapid.IntRange(0, len(each)-1).Draw(t, "constraint")
		c := each[k].Draw(t, "case")
		if want := "breaks " + names[k]; len(c.Edges) != 3 || c.Edges[0] != want || !strings.HasPrefix(c.Edges[1], "cell ") || c.Edges[2] != "spelling "+c.Spelling() {
			t.Fatalf("InvalidEach()[%d] drew %s: got edges %q, want [%q \"cell ...\" \"spelling %s\"]", k, c, c.Edges, want, c.Spelling())
		}
		checkRejected(t, s, c)
	})
}

// InvalidAfter is the schedule past its first pass: the same cells but
// those far past a bound, which give way to another way of breaking the
// same constraint (the spec refuses it for that constraint alone), so a
// far size is sent once a run.
func TestInvalidAfterSendsFarSizesOnce(t *testing.T) {
	s, g := newSet(t, generators.Options{})
	after, cells := g.InvalidAfter(), g.Cells()
	if len(after) != len(cells) {
		t.Fatalf("InvalidAfter: got %d generators, want one per cell (%d)", len(after), len(cells))
	}
	far := 0
	for k, gen := range after {
		isFar := strings.HasSuffix(cells[k].Way, "times the maximum")
		if isFar {
			far++
		}
		for seed := range 3 {
			c := gen.Example(seed + 7*k)
			own := "cell " + cells[k].String()
			if got := slices.Contains(c.Edges, own); got == isFar {
				t.Fatalf("InvalidAfter()[%d] (seed %d), cell %q: names its cell %v, want %v (edges %q)", k, seed, cells[k], got, !isFar, c.Edges)
			}
			same := "cell " + contract.DisplayPointer(cells[k].Pointer) + " " + cells[k].Keyword + ": "
			if !slices.ContainsFunc(c.Edges, func(e string) bool { return strings.HasPrefix(e, same) && !strings.HasSuffix(e, "times the maximum") }) {
				t.Fatalf("InvalidAfter()[%d] (seed %d): edges %q, want a near way of %q", k, seed, c.Edges, same)
			}
			if got := problemKeys(s.ValidateRequest(nil, c.Body)); !breaksItsLabel(c, got) {
				t.Fatalf("spec validation of %s: got %q, want exactly [%q]", c, got, c.Expect.Breaks)
			}
		}
	}
	if far == 0 {
		t.Fatal("the schedule has no cell far past a bound")
	}
}

// InvalidSchedule has one generator per cell, in the order of Cells: each
// case breaks exactly its cell's constraint, names the cell, and the
// emulator rejects it, whatever the seed.
func TestInvalidScheduleBreaksEachCell(t *testing.T) {
	s, g := newSet(t, generators.Options{})
	sched, cells := g.InvalidSchedule(), g.Cells()
	if len(sched) != len(cells) {
		t.Fatalf("InvalidSchedule: got %d generators, want one per cell (%d)", len(sched), len(cells))
	}
	for k, gen := range sched {
		for seed := range 2 {
			c := gen.Example(seed + 7*k)
			if want := "cell " + cells[k].String(); !slices.Contains(c.Edges, want) {
				t.Fatalf("InvalidSchedule()[%d] (seed %d): got edges %q, want %q among them", k, seed, c.Edges, want)
			}
			if got := problemKeys(s.ValidateRequest(nil, c.Body)); !breaksItsLabel(c, got) {
				t.Fatalf("spec validation of %s: got %q, want exactly [%q]", c, got, c.Expect.Breaks)
			}
			if _, err := emulator.Parse(c.Body); err == nil {
				t.Fatalf("emulator.Parse of %s: got accepted, want rejected", c)
			}
		}
	}
}

// breaksItsLabel reports whether got, the problems the spec's validation
// lists for an invalid case, are exactly its label's constraint or, for
// the empty string, that and the pattern at the same place: a pattern
// that wants a character at least (a tag key's ^C+$) refuses the empty
// string too, and no string breaks a minLength of 1 alone there.
func breaksItsLabel(c generators.Case, got []string) bool {
	want := c.Expect.Breaks.Pointer + " " + c.Expect.Breaks.Keyword
	if len(got) == 1 && got[0] == want {
		return true
	}
	empty := slices.ContainsFunc(c.Edges, func(e string) bool { return strings.HasPrefix(e, "cell ") && strings.HasSuffix(e, ": empty") })
	kw, ok := strings.CutSuffix(c.Expect.Breaks.Keyword, "minLength")
	return ok && empty && slices.Equal(got, []string{want, c.Expect.Breaks.Pointer + " " + kw + "pattern"})
}

func checkRejected(t *rapid.T, s *spec.Spec, c generators.Case) {
	if got := problemKeys(s.ValidateRequest(nil, c.Body)); !breaksItsLabel(c, got) {
		t.Fatalf("spec validation of %s: got %q, want exactly [%q]", c, got, c.Expect.Breaks)
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
		case contract.Reject:
			checkRejected(t, s, c)
		case contract.Accept:
			// A valid body in an encoding the contract notes accept.
			if ps := s.ValidateRequest(nil, c.Body); len(ps) > 0 || c.Wire.IsZero() || c.Wire.HTTP10 || c.Wire.ContentType == contract.ContentTypeNone {
				t.Fatalf("wire case %s (%s): got outcome accept, spec problems %v; want a valid body in an encoding the contract accepts", c, c.Wire, ps)
			}
		case contract.Either:
			if c.HTTPMethod() != "POST" {
				t.Fatalf("wire case %s: got outcome either for %s, want unspecified (the contract describes POST only)", c, c.HTTPMethod())
			}
		case contract.Unspecified:
			if c.HTTPMethod() == "POST" && !c.Wire.HTTP10 {
				t.Fatalf("wire case %s: got outcome unspecified for an HTTP/1.1 POST, want reject, accept or either", c)
			}
			if !c.Alone() {
				t.Fatalf("wire case %s: another method with a body, or HTTP/1.0, must go out on a connection of its own", c)
			}
		default:
			t.Fatalf("wire case %s: got outcome %v, want reject, accept, either or unspecified", c, c.Expect.Outcome)
		}
		if c.Expect.Breaks.Keyword == "json" && !c.Alone() {
			t.Fatalf("wire case %s: a malformed body must go out on a connection of its own", c)
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

// TestUpsertChangesRequiredMembers: an update changes every required
// member but the name, over a fixed number of draws (enough to meet the
// draws of the update that match the first's: both at their shortest).
func TestUpsertChangesRequiredMembers(t *testing.T) {
	_, g := newSet(t, generators.Options{})
	member := func(t *testing.T, body []byte, name string) string {
		var members map[string]json.RawMessage // hostile numbers stay text
		var s string
		if json.Unmarshal(body, &members) != nil || json.Unmarshal(members[name], &s) != nil {
			t.Fatalf("no string %s in %s", name, body)
		}
		return s
	}
	up := g.Upsert()
	for i := range 1000 {
		p := up.Example(i)
		for _, m := range g.Model.Members {
			if !m.Required || m.Text == nil || m.Name == contract.IdentityMember {
				continue
			}
			if v := member(t, p.First.Body, m.Name); v == member(t, p.Second.Body, m.Name) {
				t.Fatalf("example %d: %s unchanged by the update: %.80q", i, m.Name, v)
			}
		}
	}
}

// TestPrefixConfinesEveryAcceptableName: with a name prefix, every
// destinationName the spec would accept, in any case of any generator,
// starts with it, so a shared endpoint's other destinations are never
// touched.
func TestPrefixConfinesEveryAcceptableName(t *testing.T) {
	_, g := newSet(t, generators.Options{Prefix: "ci-harness-"})
	name, _ := g.Model.Member(contract.IdentityMember)
	rapid.Check(t, func(t *rapid.T) {
		var cases []generators.Case
		switch rapid.IntRange(0, 5).Draw(t, "generator") {
		case 0:
			cases = append(cases, g.Valid().Draw(t, "case"))
		case 5: // the campaign's valid cases, names led by '.' or a digit among them
			cases = append(cases, rapid.SampledFrom(g.ValidEach()).Draw(t, "of ValidEach").Draw(t, "case"))
		case 1:
			cases = append(cases, g.Invalid().Draw(t, "case"))
		case 2:
			cases = append(cases, g.Wire().Draw(t, "case"))
		default:
			p := rapid.OneOf(g.Upsert(), g.Distinct()).Draw(t, "probe")
			cases = append(cases, p.First, p.Second)
		}
		for _, c := range cases {
			var body map[string]any
			if json.Unmarshal(c.Body, &body) != nil {
				continue
			}
			n, ok := body[contract.IdentityMember].(string)
			if !ok || utf8.RuneCountInString(n) < name.Text.Min || utf8.RuneCountInString(n) > name.Text.Max || !name.Text.Class.Matches(n) {
				continue // a name the spec refuses is never stored
			}
			if !strings.HasPrefix(n, "ci-harness-") {
				t.Fatalf("%s: acceptable name %q: got no prefix, want ci-harness-", c.Label, n)
			}
		}
	})
}

// TestEdgeLabels checks, over a fixed number of draws, that bad characters
// stand alone, among, after and before allowed ones, in keys and values,
// and that every kind of distinct-name pair is drawn.
func TestEdgeLabels(t *testing.T) {
	_, g := newSet(t, generators.Options{})
	seen := map[string]bool{}
	for i := 0; i < 3000; i++ {
		seen[g.Invalid().Example(i).Label] = true
		seen[g.Distinct().Example(i).Label] = true
	}
	for _, want := range []string{"alone", "among allowed characters", "after allowed characters", "before allowed characters", "key of entry", "value of entry",
		"distinct names: case", "distinct names: NFC vs NFD", "distinct names: leading white space",
		"distinct names: trailing white space", "distinct names: long shared prefix", "distinct names: trailing NUL or control character"} {
		found := false
		for l := range seen {
			if strings.Contains(l, want) {
				found = true
				break
			}
		}
		if !found {
			t.Errorf("labels over 3000 draws: got none with %q, want some", want)
		}
	}
}

// TestValidEachCyclesHostileKinds: every 16 cases of ValidEach carry each
// kind of hostile unknown member, whatever the seed, in a valid request
// the spec accepts (every case is one, or a member written twice, which
// the contract is silent on), and it is accepted for its other members
// alone (either envelope past a parser limit of the contract notes, and
// only there), and a name starting with a digit, '.', '-' or '/' in turn;
// every cycle
// carries the largest request once, among its first 8 cases.
func TestValidEachCyclesHostileKinds(t *testing.T) {
	s, g := newSet(t, generators.Options{})
	each := g.ValidEach()
	const window = 16
	for cycle := range 2 {
		seen := map[string]bool{}
		var largest []int
		var leading []string
		for i, gen := range each {
			c := gen.Example(cycle*len(each) + i)
			if c.Expect.Outcome == contract.Either && verdict.Silence(c.Body) == verdict.SilentDuplicateKey {
				continue // a member written twice, on which the contract is silent
			}
			want := contract.Accept
			if verdict.PastLimit(c.Body) != "" {
				want = contract.Either
			}
			if c.Expect.Outcome != want || c.Name == "" {
				t.Fatalf("%s: expectation %v, name %q, want %v (past a limit: %q) and the body's name", c.Label, c.Expect.Outcome, c.Name, want, verdict.PastLimit(c.Body))
			}
			if ps := s.ValidateRequest(nil, c.Body); len(ps) > 0 {
				t.Fatalf("%s: spec validation: got %v, want none", c.Label, ps)
			}
			for _, e := range c.Edges {
				seen[e] = true
			}
			if slices.Contains(c.Edges, "largest") {
				largest = append(largest, i)
			}
			for _, e := range c.Edges {
				if kind, ok := strings.CutPrefix(e, "destinationName leading "); ok {
					name, _ := contract.Identity(c.Body)
					if first, _ := utf8.DecodeRuneInString(name); kind == "digit" && !unicode.IsDigit(first) || kind != "digit" && string(first) != kind {
						t.Errorf("%s: name %.20q under edge %q", c.Label, name, e)
					}
					leading = append(leading, kind)
				}
			}
			if (i+1)%window != 0 {
				continue
			}
			for _, k := range generators.HostileKinds() {
				if !seen["hostile "+k] {
					t.Errorf("cycle %d, cases %d to %d: no hostile %s", cycle, i+1-window, i, k)
				}
			}
			clear(seen)
		}
		if len(largest) != 1 || largest[0] >= 8 {
			t.Errorf("cycle %d of %d cases: the largest request at %v, want once, among the first 8", cycle, len(each), largest)
		}
		if want := []string{"digit", ".", "-", "/"}; !slices.Equal(leading, want) {
			t.Errorf("cycle %d of %d cases: names leading with %q, want %q", cycle, len(each), leading, want)
		}
	}
}

// TestSizeWhereSizeCanFail: valid cases carry ARNs past 2,048 characters,
// hostile unknown members and the largest request; the invalid, wire and
// upsert cases, made from modest drafts, carry none of them (see newSet),
// and stay within 64 KiB but for the schedule's sizes far past a bound.
func TestSizeWhereSizeCanFail(t *testing.T) {
	_, g := newSet(t, generators.Options{})
	const draws = 400
	// longestArn is the longest ARN of a body whose members decode, by its
	// edges (a wire case's may not decode: its draft is read off the
	// edges of the case it wraps, when it has them).
	longestArn := func(c generators.Case) (n int, hostile, largest bool) {
		for _, e := range c.Edges {
			hostile = hostile || strings.HasPrefix(e, "hostile ")
			largest = largest || e == "largest"
		}
		var m map[string]json.RawMessage
		if json.Unmarshal(c.Body, &m) != nil {
			return 0, hostile, largest
		}
		for _, k := range []string{"targetArn", "roleArn"} {
			var s string
			if json.Unmarshal(m[k], &s) == nil {
				n = max(n, utf8.RuneCountInString(s))
			}
		}
		return n, hostile, largest
	}
	var validLong, validHostile, validLargest int
	for i := range draws {
		n, h, l := longestArn(g.Valid().Example(i))
		if n > 2048 {
			validLong++
		}
		if h {
			validHostile++
		}
		if l {
			validLargest++
		}
		modest := []generators.Case{g.Invalid().Example(i), g.Wire().Example(i)}
		rounds := g.InvalidRounds()
		modest = append(modest, rounds[i%len(rounds)].Example(i))
		p := g.Upsert().Example(i)
		modest = append(modest, p.First, p.Second)
		for _, c := range modest {
			n, h, l := longestArn(c)
			// An upsert's second request appends "-updated" to the first's.
			if n > 2048+len("-updated") || h || l {
				t.Fatalf("%s: ARN of %d characters, hostile member %v, largest %v: want at most 2,048 (and a suffix), none and no", c.Label, n, h, l)
			}
			if len(c.Body) > 64<<10 && !slices.ContainsFunc(c.Edges, func(e string) bool { return strings.HasSuffix(e, "times the maximum") }) {
				t.Fatalf("%s: body of %d bytes, want at most 64 KiB", c.Label, len(c.Body))
			}
		}
	}
	if validLong == 0 || validHostile == 0 || validLargest == 0 {
		t.Errorf("over %d valid cases: %d ARNs past 2,048 characters, %d hostile members, %d largest requests: want some of each", draws, validLong, validHostile, validLargest)
	}
}
