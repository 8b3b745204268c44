package generators

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/putdestination/conformance/contract"
	"github.com/putdestination/conformance/spec"
	"pgregory.net/rapid"
)

// breaker turns a valid draft into one that breaks exactly one constraint.
// round is the case's round (see InvalidRounds), or -1 when drawn at random:
// a pattern that refuses many characters picks the refused character's
// General Category group from it.
type breaker struct {
	what  string // e.g. "/destinationName pattern"
	apply func(t *rapid.T, d *draft, round int) (contract.Constraint, string)
}

// Invalid generates requests that each break exactly one constraint of the
// request schema, labelled with it (JSON pointer and keyword, as the spec's
// validation reports them): missing and null required members, wrong JSON
// types, each length bound by exactly one, each pattern (the offending
// character at the start, middle or end, in keys as well as values), counts
// one below and one above the bounds, and one bad entry placed at a random
// position among many good ones.
func (g *Set) Invalid() *rapid.Generator[Case] {
	breakers := g.breakers()
	return rapid.Custom(func(t *rapid.T) Case {
		b := breakers[rapid.IntRange(0, len(breakers)-1).Draw(t, "broken constraint")]
		return g.breakWith(t, b, -1)
	})
}

// InvalidEach is Invalid with the constraint fixed: one generator per
// constraint Invalid breaks (in the order of Breakers), so that a campaign
// can break each in turn instead of leaving it to chance.
func (g *Set) InvalidEach() []*rapid.Generator[Case] {
	var out []*rapid.Generator[Case]
	for _, b := range g.breakers() {
		out = append(out, named(rapid.Custom(func(t *rapid.T) Case { return g.breakWith(t, b, -1) })))
	}
	return out
}

// roundSpellings are the spellings of the rounds of InvalidRounds: plain,
// every character escaped (a forbidden ':' written "\u003a"), white space
// between tokens, then escapes, white space and another order at once.
var roundSpellings = []spelling{{}, {escape: escapeAll}, {space: true}, {escape: escapeSome, space: true, reorder: true}}

// InvalidRounds is InvalidEach over rounds: generator r*n+k breaks
// constraint k (of the n of Breakers) in round r, for as many rounds as
// there are round spellings. A case of round r is written in that round's
// spelling (plain, every character escaped, spaced, then escaped, spaced
// and reordered at once) and, when the constraint is a pattern that refuses
// many characters, the refused character comes from the round's General
// Category group (controls, marks, punctuation, symbols), the value's
// pattern two groups on from the key's. A campaign that draws case i from
// generator i mod len meets every constraint in every spelling, and every
// group of refused characters in keys and values, within len cases,
// whatever the seed; the rest (which characters, where) is drawn.
func (g *Set) InvalidRounds() []*rapid.Generator[Case] {
	var out []*rapid.Generator[Case]
	bs := g.breakers()
	for r := range roundSpellings {
		for _, b := range bs {
			out = append(out, named(rapid.Custom(func(t *rapid.T) Case { return g.breakWith(t, b, r) })))
		}
	}
	return out
}

// breakWith draws a valid request and breaks b in it, in round round (-1:
// none, the spelling drawn). The request is drawn modest (see newSet): a
// broken constraint is refused whatever the size of the rest.
func (g *Set) breakWith(t *rapid.T, b breaker, round int) Case {
	d := g.modestOrSelf().validDraft(t)
	if round >= 0 {
		d.spell = roundSpellings[round%len(roundSpellings)]
		if !d.spell.plain() {
			d.spell.seed = g.seeds.Draw(t, "spelling seed")
		}
	}
	c, detail := b.apply(t, d, round)
	label := "invalid " + c.String()
	if detail != "" {
		label += ": " + detail
	}
	return d.finish(label, contract.Expectation{Outcome: contract.Reject, Breaks: c}, "", []string{"breaks " + b.what, spellingEdges[d.spell.name()]})
}

// Breakers lists the constraints Invalid breaks, for coverage tests.
func (g *Set) Breakers() []string {
	var out []string
	for _, b := range g.breakers() {
		out = append(out, b.what)
	}
	return out
}

func (g *Set) breakers() []breaker {
	var bs []breaker
	for i := range g.Model.Members {
		mem := &g.Model.Members[i]
		ptr := spec.Pointer(mem.Name)
		if mem.Required {
			bs = append(bs, breaker{"/ required (" + mem.Name + " missing)", func(t *rapid.T, d *draft, _ int) (contract.Constraint, string) {
				d.remove(mem.Name)
				return contract.Constraint{Pointer: "", Keyword: "required"}, mem.Name + " missing"
			}})
			if !mem.Nullable {
				bs = append(bs, breaker{ptr + " type (null)", func(t *rapid.T, d *draft, _ int) (contract.Constraint, string) {
					d.set(mem.Name, nil)
					return contract.Constraint{Pointer: ptr, Keyword: "type"}, "null"
				}})
			}
		}
		bs = append(bs, breaker{ptr + " type", func(t *rapid.T, d *draft, _ int) (contract.Constraint, string) {
			raw := rapid.SampledFrom(wrongTypes(mem)).Draw(t, mem.Name+" wrong type")
			d.set(mem.Name, []byte(raw))
			return contract.Constraint{Pointer: ptr, Keyword: "type"}, raw
		}})
		if mem.Text != nil {
			bs = append(bs, g.textBreakers(mem.Name, ptr, mem.Text, func(d *draft, s drawn) { d.setDrawn(mem.Name, s) })...)
		}
		if mem.Map != nil {
			bs = append(bs, g.mapBreakers(mem, ptr)...)
		}
	}
	return bs
}

// wrongTypes are JSON values of every type the member's schema refuses.
func wrongTypes(mem *Member) []string {
	var out []string
	for _, raw := range []string{`42`, `-1.5`, `true`, `false`, `["x"]`, `{"a":"b"}`, `"text"`} {
		switch {
		case mem.Text != nil && strings.HasPrefix(raw, `"`):
		case mem.Map != nil && strings.HasPrefix(raw, `{`):
		default:
			out = append(out, raw)
		}
	}
	return out
}

// textBreakers break a string's length bounds by exactly one and its
// pattern with one refused character at the start, middle or end. put writes
// the broken string into the draft.
func (g *Set) textBreakers(label, ptr string, txt *Text, put func(*draft, drawn)) []breaker {
	pools := g.texts[txt]
	var bs []breaker
	prefix := ""
	if label == IdentityMember {
		prefix = g.prefix
	}
	// minLength - 1, unless the pattern refuses that length too (^C+$ and
	// the empty string), which would break two constraints.
	if txt.Min > 0 && !(txt.Class != nil && txt.Class.AtLeastOne && txt.Min-1 == 0) {
		bs = append(bs, breaker{ptr + " minLength", func(t *rapid.T, d *draft, _ int) (contract.Constraint, string) {
			s := g.drawText(t, label, "", txt.Min-1, pools.valid)
			put(d, s)
			return contract.Constraint{Pointer: ptr, Keyword: "minLength"}, fmt.Sprintf("%d characters (%s)", txt.Min-1, s.abc)
		}})
	}
	if txt.Max != Unbounded {
		bs = append(bs, breaker{ptr + " maxLength", func(t *rapid.T, d *draft, _ int) (contract.Constraint, string) {
			s := g.drawText(t, label, prefix, txt.Max+1, pools.valid)
			put(d, s)
			return contract.Constraint{Pointer: ptr, Keyword: "maxLength"}, fmt.Sprintf("%d characters (%s)", txt.Max+1, s.abc)
		}})
	}
	switch {
	case txt.Class == nil || len(pools.invalid) == 0:
	case len(pools.invalid) <= fewRefused:
		// A class that refuses only a few characters (a name refuses ':'
		// and '*'): one constraint to break per character, each a fault of
		// its own in an implementation.
		for _, bad := range pools.invalid {
			bs = append(bs, breaker{ptr + " pattern " + describeRune(bad), func(t *rapid.T, d *draft, _ int) (contract.Constraint, string) {
				s, detail := g.badText(t, label, prefix, txt, bad, -1)
				put(d, plain(s))
				return contract.Constraint{Pointer: ptr, Keyword: "pattern"}, detail
			}})
		}
	default:
		bs = append(bs, breaker{ptr + " pattern", func(t *rapid.T, d *draft, round int) (contract.Constraint, string) {
			s, detail := g.badText(t, label, prefix, txt, anyRefused, round)
			put(d, plain(s))
			return contract.Constraint{Pointer: ptr, Keyword: "pattern"}, detail
		}})
	}
	return bs
}

// fewRefused is the most refused characters a class may have to get a
// pattern breaker per character.
const fewRefused = 4

// anyRefused asks badText to draw the refused character.
const anyRefused rune = -1

// badText is a string of valid length whose characters are all in the class
// but one, bad (anyRefused: drawn from those the class refuses, from the
// General Category group of index group when group >= 0), placed at the
// start, middle or end.
func (g *Set) badText(t *rapid.T, label, prefix string, txt *Text, bad rune, group int) (string, string) {
	pools := g.texts[txt]
	if bad == anyRefused {
		from := pools.invalid
		if group >= 0 && len(pools.refusedGroups) > 0 {
			// The category first, then a character of it: a group's
			// characters are mostly of one category (Cc in C, Po in P),
			// and one draw among them all left the others to chance.
			cats := pools.refusedGroups[group%len(pools.refusedGroups)]
			from = cats[rapid.IntRange(0, len(cats)-1).Draw(t, label+" refused category")]
		}
		bad = from[rapid.IntRange(0, len(from)-1).Draw(t, label+" refused char")]
	}
	lo := max(txt.Min, 1)
	hi := txt.Max
	if hi == Unbounded {
		hi = 1024
	}
	n := rapid.OneOf(rapid.Just(lo), rapid.IntRange(lo, min(hi, lo+16)), rapid.Just(hi)).Draw(t, label+" length")
	runes := []rune(g.drawText(t, label, "", n-1, pools.valid).text())
	where := rapid.SampledFrom([]string{"end", "start", "middle"}).Draw(t, label+" refused char at")
	pos := len(runes)
	switch where {
	case "start":
		pos = 0
	case "middle":
		pos = len(runes) / 2
	}
	runes = append(runes[:pos], append([]rune{bad}, runes[pos:]...)...)
	out := string(runes)
	// The prefix must not push the name over its maximum: it replaces the
	// first characters when there is room for it, else is left out.
	if prefix != "" && where != "start" && utf8.RuneCountInString(prefix)+len(runes) <= txt.Max {
		out = prefix + out
	}
	return out, describeRune(bad) + " at " + where
}

// mapBreakers break a map member's counts, its keys (propertyNames) and its
// values, with the bad entry at a random position among good ones.
func (g *Set) mapBreakers(mem *Member, ptr string) []breaker {
	ms := mem.Map
	var bs []breaker
	if ms.MinEntries > 0 {
		bs = append(bs, breaker{ptr + " minProperties", func(t *rapid.T, d *draft, _ int) (contract.Constraint, string) {
			tags, _ := g.validMap(t, mem.Name, ms, ms.MinEntries-1)
			d.setObject(mem.Name, tags)
			return contract.Constraint{Pointer: ptr, Keyword: "minProperties"}, fmt.Sprintf("%d entries", ms.MinEntries-1)
		}})
	}
	if ms.MaxEntries != Unbounded {
		bs = append(bs, breaker{ptr + " maxProperties", func(t *rapid.T, d *draft, _ int) (contract.Constraint, string) {
			tags, _ := g.validMap(t, mem.Name, ms, ms.MaxEntries+1)
			d.setObject(mem.Name, tags)
			return contract.Constraint{Pointer: ptr, Keyword: "maxProperties"}, fmt.Sprintf("%d entries", ms.MaxEntries+1)
		}})
	}
	// One bad entry among good ones: the bad one replaces entry pos.
	entries := func(t *rapid.T) ([]field, int) {
		lo := max(ms.MinEntries, 1)
		n := rapid.OneOf(rapid.Just(lo), rapid.IntRange(lo, min(ms.MaxEntries, 12)), rapid.Just(ms.MaxEntries)).Draw(t, mem.Name+" count")
		tags, _ := g.validMap(t, mem.Name, ms, n)
		return tags, rapid.IntRange(0, n-1).Draw(t, mem.Name+" bad entry position")
	}
	keyed := func(keyword string, mk func(t *rapid.T, round int) (string, string)) func(t *rapid.T, d *draft, round int) (contract.Constraint, string) {
		return func(t *rapid.T, d *draft, round int) (contract.Constraint, string) {
			tags, pos := entries(t)
			k, detail := mk(t, round)
			for _, tg := range tags {
				if tg.name == k { // keep keys distinct: a duplicate is not one bad entry
					k += tg.name[:1]
				}
			}
			tags[pos].name = k
			d.setObject(mem.Name, tags)
			return contract.Constraint{Pointer: ptr, Keyword: "propertyNames/" + keyword}, fmt.Sprintf("%s, entry %d of %d", detail, pos+1, len(tags))
		}
	}
	if ms.Key.Max != Unbounded {
		bs = append(bs, breaker{ptr + " propertyNames/maxLength", keyed("maxLength", func(t *rapid.T, _ int) (string, string) {
			s := g.drawText(t, mem.Name+" key", "", ms.Key.Max+1, g.texts[&ms.Key].valid)
			return s.text(), fmt.Sprintf("key of %d characters (%s)", ms.Key.Max+1, s.abc)
		})})
	}
	if ms.Key.Class != nil && len(g.texts[&ms.Key].invalid) > 0 {
		bs = append(bs, breaker{ptr + " propertyNames/pattern", keyed("pattern", func(t *rapid.T, round int) (string, string) {
			s, detail := g.badText(t, mem.Name+" key", "", &ms.Key, anyRefused, round)
			return s, "key with " + detail
		})})
	}
	// mk returns the bad entry (its value set) and a detail.
	valued := func(keyword string, mk func(t *rapid.T, round int) (field, string)) func(t *rapid.T, d *draft, round int) (contract.Constraint, string) {
		return func(t *rapid.T, d *draft, round int) (contract.Constraint, string) {
			tags, pos := entries(t)
			bad, detail := mk(t, round)
			bad.name = tags[pos].name
			tags[pos] = bad
			d.setObject(mem.Name, tags)
			return contract.Constraint{Pointer: spec.Pointer(mem.Name, tags[pos].name), Keyword: keyword}, fmt.Sprintf("%s, entry %d of %d", detail, pos+1, len(tags))
		}
	}
	if ms.Value.Max != Unbounded {
		bs = append(bs, breaker{ptr + "/<key> maxLength", valued("maxLength", func(t *rapid.T, _ int) (field, string) {
			s := g.drawText(t, mem.Name+" value", "", ms.Value.Max+1, g.texts[&ms.Value].valid)
			return field{src: s, fromSrc: true}, fmt.Sprintf("value of %d characters (%s)", ms.Value.Max+1, s.abc)
		})})
	}
	if ms.Value.Class != nil && len(g.texts[&ms.Value].invalid) > 0 {
		bs = append(bs, breaker{ptr + "/<key> pattern", valued("pattern", func(t *rapid.T, round int) (field, string) {
			group := -1
			if round >= 0 {
				group = round + len(g.texts[&ms.Value].refusedGroups)/2
			}
			s, detail := g.badText(t, mem.Name+" value", "", &ms.Value, anyRefused, group)
			return field{src: plain(s), fromSrc: true}, "value with " + detail
		})})
	}
	bs = append(bs, breaker{ptr + "/<key> type", valued("type", func(t *rapid.T, _ int) (field, string) {
		raw := rapid.SampledFrom([]string{`null`, `42`, `true`, `["v"]`, `{"v":"w"}`}).Draw(t, mem.Name+" value wrong type")
		return field{raw: []byte(raw)}, "value " + raw
	})})
	return bs
}
