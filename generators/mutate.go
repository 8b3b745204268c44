package generators

import (
	"github.com/putdestination/conformance/contract"
	"pgregory.net/rapid"
)

// mutation is one structure-aware edit of a JSON text: it changes body
// (which parses as nodes) and says what it did, in words for the label.
type mutation struct {
	name  string
	apply func(g *Set, t *rapid.T, m *mutable) string
	// validOnly: the edit is made to valid cases only (an invalid body
	// with bytes around it is rejected whether or not they are seen).
	validOnly bool
}

// mutations are the edits Mutate applies, each to a generated valid or
// invalid body: token-level changes, then byte-level flips.
var mutations = []mutation{
	{"type swapped", (*Set).swapType, false},
	{"member duplicated", (*Set).duplicateMember, false},
	{"string cut", (*Set).cutString, false},
	{"escape corrupted", (*Set).corruptEscape, false},
	{"number stretched", (*Set).stretchNumber, false},
	{"nesting deepened", (*Set).deepenNesting, false},
	{"object truncated", (*Set).truncateObject, false},
	{"bytes inserted between tokens", (*Set).insertBetween, true},
	{"bytes inserted around the text", (*Set).insertAround, true},
	{"byte flipped", (*Set).flipByte, false},
}

// Mutations lists the names of the edits Mutate applies, in the order of
// MutateEach.
func Mutations() []string {
	out := make([]string, len(mutations))
	for i, m := range mutations {
		out[i] = m.name
	}
	return out
}

// Mutate generates mutated requests: a generated valid or invalid body
// with one structure-aware edit (a type swapped, a member duplicated, a
// string cut at any byte, an escape corrupted, a number stretched, nesting
// deepened, an object truncated, bytes inserted between tokens or around
// the text) or one bit flipped. Each mutated body is judged by the spec's
// compiled verdict (spec.RequestVerdict, through ExpectBody), so the case
// carries what the contract says of it; the label names the edit, where it
// was made, and the case it was made to.
func (g *Set) Mutate() *rapid.Generator[Case] {
	// Unnamed, as when it was built for each draw (rapid labels a draw's
	// group with its generator's name).
	pick := rapid.IntRange(0, len(mutations)-1)
	return rapid.Custom(func(t *rapid.T) Case {
		return g.mutateWith(t, pick.Draw(t, "mutation"))
	})
}

// MutateEach is Mutate with the edit fixed: one generator per edit, in
// the order of Mutations, so that a campaign can apply each in turn.
func (g *Set) MutateEach() []*rapid.Generator[Case] {
	out := make([]*rapid.Generator[Case], len(mutations))
	for i := range mutations {
		out[i] = named(rapid.Custom(func(t *rapid.T) Case { return g.mutateWith(t, i) }))
	}
	return out
}

// invalidBase is 0 when a mutation edits an invalid case (one in four).
var invalidBase = named(rapid.IntRange(0, 3))

// mutateAttempts bounds the draws of a mutation that must keep every name
// that could be accepted under the name prefix.
const mutateAttempts = 8

// mutationEdges are the edges of mutations, in their order, built once.
var mutationEdges = func() []string {
	out := make([]string, len(mutations))
	for i, m := range mutations {
		out[i] = "mutate " + m.name
	}
	return out
}()

// mutateWith is a case of mutation i.
func (g *Set) mutateWith(t *rapid.T, i int) Case {
	mu := mutations[i]
	for attempt := 0; ; attempt++ {
		bases := g.compactOrSelf()
		base := bases.valid
		if !mu.validOnly && invalidBase.Draw(t, "mutate an invalid case") == 0 {
			base = bases.invalid
		}
		b := smallCase(t, base)
		m := newMutable(b.Body)
		detail := ""
		if m.nodes == nil { // not one JSON text: bytes only
			detail = g.flipByte(t, m)
		} else {
			detail = mu.apply(g, t, m)
		}
		c := g.judged("mutate "+mu.name+": "+detail+" (of "+b.Label+")", b.Body, m.body)
		c.Edges = []string{mutationEdges[i]}
		if g.prefix == "" || c.Expect.Outcome == contract.Reject || g.prefixed(m.body) {
			return c
		}
		if attempt == mutateAttempts {
			// Every draw could have created a name outside the prefix:
			// send the case cut short instead, which no server accepts.
			c = g.judged("mutate object truncated: text cut at byte 1 (of "+b.Label+")", b.Body, b.Body[:1])
			c.Edges = []string{mutationEdges[i]}
			return c
		}
	}
}

// mutateBaseMax bounds the body a mutation edits. The edits are local (a
// token, a byte, a cut), so a larger body adds nothing to what they can
// show, only to the cost of judging and sending each case; the valid and
// invalid properties send the large bodies themselves. Bases come from
// the compact Set (see newSet), whose valid bodies are all smaller than
// that; some of its invalid ones (a string one past its maximum length,
// a map one past its maximum count) are not.
const mutateBaseMax = 4 << 10

// smallCase draws a case of gen whose body is at most mutateBaseMax
// bytes: the first of a few draws that is, or the smallest of them.
func smallCase(t *rapid.T, gen *rapid.Generator[Case]) Case {
	var best Case
	for i := 0; i < 4; i++ {
		c := gen.Draw(t, "case to mutate")
		if i == 0 || len(c.Body) < len(best.Body) {
			best = c
		}
		if len(best.Body) <= mutateBaseMax {
			break
		}
	}
	return best
}
