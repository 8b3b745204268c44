package generators

import (
	"encoding/json"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/putdestination/conformance/contract"
	"github.com/putdestination/conformance/spec"
)

// judged is a case of the mutated body with the spec's expectation.
func (g *Set) judged(label string, base, body []byte) Case {
	c := Case{Label: label, Body: body, Expect: ExpectBody(g.spec, body)}
	if r, ok := newRune(base, body); ok && c.Expect.Breaks.Keyword != "json" {
		// An edit that makes a character outside ASCII the case did not
		// hold, and that is not in the stable table, may make one that
		// Unicode versions classify differently: implementations cannot
		// all read the contract the same way on it.
		c.Expect = contract.Expectation{Outcome: contract.Either}
		c.Label += fmt.Sprintf(" (silent: made U+%04X, whose class Unicode versions may disagree on)", r)
	}
	if c.Expect.Outcome == contract.Accept {
		c.Name, _ = contract.Identity(body)
	}
	return c
}

// ExpectBody is what the contract says of a POSTed body, by the spec's
// compiled verdict (spec.RequestVerdict): accepted when valid, rejected
// for its first problem when not, either envelope where the contract is
// silent (verdict.Silence) and where a valid body goes past a parser limit of
// the contract notes (verdict.PastLimit).
func ExpectBody(s *spec.Spec, body []byte) contract.Expectation {
	return s.RequestVerdict(body).Expectation()
}

// prefixed reports whether every destinationName of body, read as a lax
// parser might (each member of that name, invalid UTF-8 repaired), starts
// with the name prefix: a mutated body a server could accept must not
// create a destination outside it.
func (g *Set) prefixed(body []byte) bool {
	m := newMutable(body)
	if m.nodes == nil {
		return true // not one JSON text: rejected
	}
	for _, n := range m.nodes {
		// Any case: some parsers match member names without it.
		if n.parent == 0 && strings.EqualFold(n.key, contract.IdentityMember) {
			var name string
			if n.kind == '"' && json.Unmarshal(body[n.start:n.end], &name) == nil && !strings.HasPrefix(name, g.prefix) {
				return false
			}
		}
	}
	return true
}

// newRune returns a character outside ASCII and outside the stable table
// that mutated holds and base does not (invalid UTF-8 is not a character).
// A mutation edits one stretch of the text, so only the bytes between the
// longest common prefix and suffix of the two (widened to whole
// characters) can hold a new one: the rest is read only when a candidate
// is found, to see whether base held it elsewhere.
func newRune(base, mutated []byte) (rune, bool) {
	from, to := changed(base, mutated)
	var had map[rune]bool
	for i := from; i < to; {
		r, size := utf8.DecodeRune(mutated[i:])
		i += size
		if r < utf8.RuneSelf || r == utf8.RuneError || isStable(r) {
			continue
		}
		if had == nil {
			had = map[rune]bool{}
			for _, r := range string(base) {
				had[r] = true
			}
		}
		if !had[r] {
			return r, true
		}
	}
	return 0, false
}

// changed is the stretch mutated[from:to] that differs from base: what
// is left once their common prefix and suffix are taken off, widened to
// the characters it cuts through.
func changed(base, mutated []byte) (from, to int) {
	n := min(len(base), len(mutated))
	for from < n && base[from] == mutated[from] {
		from++
	}
	suffix := 0
	for suffix < n-from && base[len(base)-1-suffix] == mutated[len(mutated)-1-suffix] {
		suffix++
	}
	to = len(mutated) - suffix
	for from > 0 && from < len(mutated) && !utf8.RuneStart(mutated[from]) {
		from--
	}
	for to < len(mutated) && !utf8.RuneStart(mutated[to]) {
		to++
	}
	return from, to
}

// stableRunes is stableTable as a set, for isStable.
var stableRunes = func() map[rune]bool {
	set := make(map[rune]bool, len(stableTable))
	for _, s := range stableTable {
		set[s.r] = true
	}
	return set
}()

func isStable(r rune) bool { return stableRunes[r] }
