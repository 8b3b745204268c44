package generators

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/putdestination/conformance/contract"
	"github.com/putdestination/conformance/spec"
	"github.com/putdestination/conformance/verdict"
	"pgregory.net/rapid"
)

// Options tune a Set.
type Options struct {
	// Prefix starts every destinationName that could be accepted, so that a
	// run against a shared endpoint never touches a destination it did not
	// create. It must itself be valid in a name.
	Prefix string
}

// Set holds the generators for one spec.
type Set struct {
	Model  *Model
	spec   *spec.Spec // judges mutated bodies (see Mutate)
	prefix string
	texts  map[*Text]textPools
	counts map[*MapShape]*rapid.Generator[int] // entry counts, weighted to the bounds
	labels sync.Map                            // label -> *textLabels
	// members are the labels of each member's draws, by index in
	// Model.Members, and maps those of each map's (see memberLabels).
	members []memberLabels
	maps    map[*MapShape]*mapLabels
	// Drawn for every valid draft, so built once.
	presence, unknown, pickLargest, twins *rapid.Generator[int]
	// Drawn for every string (see drawText).
	seeds     *rapid.Generator[uint64]
	chunkLens *rapid.Generator[int]
	// compact draws small valid and invalid requests, the bodies Mutate
	// edits (nil in a compact Set itself; see newSet).
	compact *Set
	// modest draws the valid drafts the invalid, wire and upsert cases are
	// made from (nil in a modest or compact Set itself; see newSet).
	modest *Set
	size   setSize
	// valid and invalid are Valid and Invalid, built once: Mutate draws
	// its bases from them for every case.
	valid, invalid *rapid.Generator[Case]
}

type textPools struct {
	valid palette
	// far is valid's alphabets of one and two UTF-8 bytes: a string a
	// thousand times past a maximum of 512 characters is about a MiB.
	far     palette
	invalid []rune // stable characters the class refuses
	// refusedGroups split invalid by General Category group (the first
	// letter of the category: C, M, P, S, ...), in that order, and each
	// group by category (Cc, Cf, Co).
	refusedGroups [][][]rune
	length        *rapid.Generator[int] // lengthEdges(Min, Max)
	// prefixed is lengthEdges from the name prefix's length, for the
	// identity member when a prefix is set.
	prefixed *rapid.Generator[int]
}

// New reads the spec's request schema and prepares the generators.
func New(s *spec.Spec, opts Options) (*Set, error) {
	m, err := NewModel(s)
	if err != nil {
		return nil, err
	}
	name, ok := m.Member(contract.IdentityMember)
	if !ok || name.Text == nil || !name.Required {
		return nil, fmt.Errorf("generators: the request schema has no required string %q", contract.IdentityMember)
	}
	if opts.Prefix != "" {
		n := utf8.RuneCountInString(opts.Prefix)
		if !name.Text.Class.Matches(opts.Prefix) || n >= name.Text.Max {
			return nil, fmt.Errorf("generators: name prefix %q is not valid in a %s (%s, at most %d characters)", opts.Prefix, contract.IdentityMember, name.Text.Class, name.Text.Max-1)
		}
	}
	g := newSet(m, s, opts.Prefix, sizeFull)
	g.compact = newSet(m, s, opts.Prefix, sizeCompact)
	g.modest = newSet(m, s, opts.Prefix, sizeModest)
	for _, set := range []*Set{g, g.compact, g.modest} {
		set.valid, set.invalid = named(set.Valid()), named(set.Invalid())
	}
	return g, nil
}

// compactLength bounds the strings of a compact Set (see Set.compact).
const compactLength = 64

// setSize is how large the requests of a Set run (see newSet).
type setSize uint8

const (
	sizeFull setSize = iota
	sizeModest
	sizeCompact
)

// newSet builds the generators of model m.
//
// A full Set draws across the whole valid space: strings up to their
// bounds, unbounded ones (the ARNs) to tens of KiB now and then, hard to
// parse unknown members, and the largest request.
//
// A modest Set draws the same requests without what only size can show:
// no unbounded string past 2,048 characters, no hard-to-parse unknown
// member, never the largest request. Invalid, wire and upsert cases are
// made from its drafts: what they test (a broken constraint, the framing,
// identity on update) does not depend on size, while the size faults (a
// cap on ARNs, a limit on bodies, a crash on deep nesting) are faults of
// valid requests, which the full Set keeps drawing. Tens of KiB sent with
// every kind of case would be bytes spent for nothing.
//
// A compact Set draws the same kinds of valid requests with every string
// at most compactLength characters (or its minimum, when larger), every
// map at most three entries past its minimum, and nothing else a modest
// Set leaves out.
func newSet(m *Model, s *spec.Spec, prefix string, size setSize) *Set {
	g := &Set{Model: m, spec: s, prefix: prefix, size: size, texts: map[*Text]textPools{}, counts: map[*MapShape]*rapid.Generator[int]{},
		presence: named(rapid.IntRange(0, 2)), unknown: named(rapid.IntRange(0, 7)), pickLargest: named(rapid.IntRange(0, 15)),
		twins: named(rapid.IntRange(0, len(twinKinds))), seeds: named(rapid.Uint64()), chunkLens: named(rapid.IntRange(1, 16))}
	if size != sizeFull {
		g.unknown = named(rapid.IntRange(0, 6))      // 7 is a hostile member
		g.pickLargest = named(rapid.IntRange(0, 14)) // 15 is the largest request
	}
	compact := size == sizeCompact
	maxLen := func(t *Text) int {
		if compact && (t.Max == Unbounded || t.Max > compactLength) {
			return max(t.Min, compactLength)
		}
		return t.Max
	}
	for i := range m.Members {
		mem := &m.Members[i]
		if mem.Text != nil {
			g.addText(mem.Text, maxLen(mem.Text))
		}
		if ms := mem.Map; ms != nil {
			g.addText(&ms.Key, maxLen(&ms.Key))
			g.addText(&ms.Value, maxLen(&ms.Value))
			few := rapid.IntRange(ms.MinEntries, min(ms.MinEntries+3, ms.MaxEntries))
			if compact {
				g.counts[ms] = named(few)
			} else {
				g.counts[ms] = named(rapid.OneOf(rapid.Just(ms.MinEntries), few, rapid.Just(ms.MaxEntries), rapid.IntRange(ms.MinEntries, ms.MaxEntries)))
			}
		}
	}
	g.members = make([]memberLabels, len(m.Members))
	g.maps = map[*MapShape]*mapLabels{}
	for i := range m.Members {
		mem := &m.Members[i]
		ml := &g.members[i]
		ml.presence, ml.null = mem.Name+" presence", mem.Name+" null"
		if mem.Text != nil {
			ml.text = g.labelsOf(mem.Name)
		}
		if mem.Map != nil {
			ml.mapLabels = g.newMapLabels(mem.Name)
			g.maps[mem.Map] = ml.mapLabels
		}
	}
	if prefix != "" {
		name, _ := m.Member(contract.IdentityMember)
		p := g.texts[name.Text]
		p.prefixed = lengthEdges(max(name.Text.Min, utf8.RuneCountInString(prefix)), maxLen(name.Text), size == sizeFull)
		g.texts[name.Text] = p
	}
	return g
}

// addText prepares the pools of t, with lengths drawn up to maxLen.
func (g *Set) addText(t *Text, maxLen int) {
	in, out := pools(t.Class)
	valid := newPalette(in)
	var narrow []alphabet
	for _, a := range valid.alphabets {
		if a.name == "ascii" || a.name == "2-byte" {
			narrow = append(narrow, a)
		}
	}
	far := valid
	if len(narrow) > 0 {
		far = palette{alphabets: narrow, pick: named(rapid.IntRange(0, len(narrow)-1))}
	}
	g.texts[t] = textPools{valid: valid, far: far, invalid: out, refusedGroups: categoryGroups(out), length: lengthEdges(t.Min, maxLen, g.size == sizeFull)}
}

// validText draws a valid string for t, weighted toward edges, and appends
// the edges it exercises to edges (unless nil).
func (g *Set) validText(t *rapid.T, lb *textLabels, txt *Text, prefix string, edges *[]string) drawn {
	n := g.validLength(t, lb, txt, prefix)
	s := g.drawTextAs(t, lb, prefix, n, g.texts[txt].valid)
	textEdges(edges, lb, txt, n, s.abc)
	return s
}

// validLength draws the length of a valid string for txt, in characters
// (prefix included), weighted toward edges.
func (g *Set) validLength(t *rapid.T, lb *textLabels, txt *Text, prefix string) int {
	pools := g.texts[txt]
	length := pools.length
	if n := utf8.RuneCountInString(prefix); n > txt.Min {
		length = pools.prefixed
		if length == nil { // a prefix New did not prepare for
			length = lengthEdges(n, txt.Max, g.size == sizeFull)
		}
	}
	return length.Draw(t, lb.length)
}

// textEdges appends to edges (unless nil) those a valid string for txt of
// n characters from alphabet abc exercises.
func textEdges(edges *[]string, lb *textLabels, txt *Text, n int, abc abcID) {
	if edges == nil {
		return
	}
	*edges = append(*edges, lb.alphabets[abc])
	switch {
	case n == txt.Min:
		*edges = append(*edges, lb.min)
	case n == txt.Max:
		*edges = append(*edges, lb.max)
	case n == txt.Max-1:
		*edges = append(*edges, lb.maxMinus1)
	case n > 16*1024:
		*edges = append(*edges, lb.huge)
	}
}

// validMap draws a valid map for ms with n entries (n < 0: draw the
// count), as the fields of an object in body order (see entry), and
// appends the edges it exercises to edges (unless nil: a map that breaks
// a constraint has edges of its own).
func (g *Set) validMap(t *rapid.T, ms *MapShape, n int, edges *[]string) []field {
	ml := g.maps[ms]
	if n < 0 {
		n = g.counts[ms].Draw(t, ml.count)
		switch {
		case edges == nil:
		case n == ms.MinEntries:
			*edges = append(*edges, ml.countMin)
		case n == ms.MaxEntries:
			*edges = append(*edges, ml.countMax)
		}
	}
	if edges != nil {
		// Up to two edges per key and per value.
		*edges = slices.Grow(*edges, 1+4*n)
	}
	tags := make([]field, 0, n)
	if n >= 2 && ms.Key.Class != nil {
		// Keys that differ only in case, normalization form or width:
		// distinct keys, which a careless store folds into one.
		if a, b, kind, ok := g.twinKeys(t, ml, &ms.Key); ok {
			if edges != nil {
				*edges = append(*edges, ml.twinEdges[kind])
			}
			for _, k := range []string{a, b} {
				tags = append(tags, entry(k, g.validText(t, ml.value, &ms.Value, "", edges)))
			}
		}
	}
	return g.drawEntries(t, ms, ml, tags, n, edges)
}

// hasField reports whether a field of fields is named name: a map holds
// a few dozen entries at most, which a scan checks faster than a map built
// for each would.
func hasField(fields []field, name string) bool {
	for i := range fields {
		if fields[i].name == name {
			return true
		}
	}
	return false
}

// uniqueKey is the i-th key of two or more characters from the whole valid
// pool of the key's class (at least 1,600 distinct keys for the contract's).
func (g *Set) uniqueKey(txt *Text, i int) string {
	pool := g.texts[txt].valid.alphabets
	all := pool[0].runes
	for _, a := range pool {
		if a.name == "mixed" {
			all = a.runes
		}
	}
	n := len(all)
	k := []rune{all[i%n], all[(i/n)%n]}
	for len(k) < txt.Min {
		k = append(k, all[0])
	}
	return string(k)
}

// entry is one entry of a map member: key, set to value.
func entry(key string, value drawn) field { return field{name: key, src: value, fromSrc: true} }

// draft is a request being built: one JSON value per member, in order, and
// the spelling it will be written in.
type draft struct {
	fields []field
	name   string
	edges  []string
	spell  spelling
	// wrap, when set, makes the body of the object's (see doc.wrap).
	wrap func([]byte) []byte
	// spare, when set, is where finish puts the doc of the draft's case,
	// allocated with the draft (see draftSpace); finish takes it once.
	spare *doc
}

// draftSpace is a draft with room for its fields and edges (see
// validDraft): the contract's four members and three unknown ones, and
// the edges of a draft without a map of many entries.
type draftSpace struct {
	d      draft
	doc    doc
	fields [7]field
	edges  [8]string
}

func (d *draft) set(name string, raw []byte) { d.put(field{name: name, raw: raw}) }

// setObject sets member name to an object of the given entries.
func (d *draft) setObject(name string, entries []field) {
	d.put(field{name: name, obj: entries, isObj: true})
}

// textField is a member set to a JSON string, keeping the text for d.text.
func textField(name, s string) field { return drawnField(name, plain(s)) }

func (d *draft) setDrawn(name string, s drawn) { d.put(drawnField(name, s)) }

// drawnField is a member set to a drawn string.
func drawnField(name string, s drawn) field { return field{name: name, src: s, fromSrc: true} }

func (d *draft) put(f field) {
	for i := range d.fields {
		if d.fields[i].name == f.name {
			d.fields[i] = f
			return
		}
	}
	d.fields = append(d.fields, f)
}

// rename gives member name another name, in its place.
func (d *draft) rename(name, to string) {
	for i := range d.fields {
		if d.fields[i].name == name {
			d.fields[i].name = to
		}
	}
}

func (d *draft) remove(name string) {
	for i := range d.fields {
		if d.fields[i].name == name {
			d.fields = append(d.fields[:i], d.fields[i+1:]...)
			return
		}
	}
}

// validDraft draws a valid request: every member valid, optional members
// present, null or absent, sometimes unknown members too.
//
// Members given in preset take those values instead, in their place: they
// are not drawn (a probe's second request would only overwrite them).
func (g *Set) validDraft(t *rapid.T, preset ...field) *draft {
	// Room for every member and the unknown ones validDraft adds, and
	// for the edges of most drafts, allocated with the draft at once.
	sp := &draftSpace{}
	d := &sp.d
	d.fields, d.edges, d.spare = sp.fields[:0], sp.edges[:0], &sp.doc
	if n := len(g.Model.Members) + 3; n > len(sp.fields) {
		d.fields = make([]field, 0, n)
	}
members:
	for i := range g.Model.Members {
		mem := &g.Model.Members[i]
		for _, f := range preset {
			if f.name == mem.Name {
				d.put(f)
				continue members
			}
		}
		if !mem.Required {
			choice := g.presence.Draw(t, g.members[i].presence)
			if choice == 1 {
				continue // absent
			}
			if choice == 2 && mem.Nullable {
				d.set(mem.Name, nil)
				d.edges = append(d.edges, g.members[i].null)
				continue
			}
		}
		g.setValid(t, mem, d)
	}
	switch g.unknown.Draw(t, "unknown members") {
	case 5, 6:
		d.set("destinationArn", jsonString("arn:aws:logs:us-east-1:123456789012:destination:x"))
		d.set("accessPolicy", []byte(`{"Version":"2012-10-17","Statement":[]}`))
		d.set("creationTime", []byte("1700000000000"))
		d.edges = append(d.edges, "unknown members")
	case 7:
		// Valid JSON that is hard to parse: ignored like any unknown member.
		h := drawHostile(t)
		d.put(h)
		d.edges = append(d.edges, "unknown members", "hostile "+hostileNames[h.hostile.kind])
	}
	d.spell = g.drawSpelling(t)
	d.edges = append(d.edges, d.spell.edge())
	return d
}

// setValid sets member mem of d to a valid value.
func (g *Set) setValid(t *rapid.T, mem *Member, d *draft) {
	if mem.Map != nil {
		d.setObject(mem.Name, g.validMap(t, mem.Map, -1, &d.edges))
		return
	}
	prefix := ""
	if mem.Name == contract.IdentityMember {
		prefix = g.prefix
	}
	s := g.validText(t, g.labelsOfMember(mem).text, mem.Text, prefix, &d.edges)
	if mem.Name == contract.IdentityMember {
		d.name = s.text()
	}
	d.setDrawn(mem.Name, s)
}

// valid is the case of d, a valid request: accepted, or either envelope
// when it goes past a parser limit of the contract notes (a hostile
// unknown member, most often), since a parser may refuse it there. Its
// name stays: a server that accepts it creates or updates that name.
func (d *draft) valid(label string) Case {
	c := d.finish(label, contract.Expectation{Outcome: contract.Accept}, d.name, d.edges)
	if past := verdict.PastLimit(c.Body); past != "" {
		c.Expect = contract.Expectation{Outcome: contract.Either}
		c.Label += " (silent: " + past + ")"
	}
	return c
}

// finish is the case of d, written in its spelling.
func (d *draft) finish(label string, exp contract.Expectation, name string, edges []string) Case {
	dc := d.spare
	if dc == nil {
		dc = new(doc)
	}
	d.spare = nil
	*dc = doc{fields: d.fields, spell: d.spell, wrap: d.wrap}
	return Case{Label: label, Body: dc.body(), Name: name, Expect: exp, Edges: edges, doc: dc}
}

// Valid generates valid requests across the whole valid space, weighted
// toward the edges: bounds and their neighbours for every length and count,
// multi-byte and astral characters, white space and control characters in
// names, very long ARNs, null and absent optional members, unknown members,
// and now and then the largest valid request.
func (g *Set) Valid() *rapid.Generator[Case] {
	return rapid.Custom(func(t *rapid.T) Case {
		if g.pickLargest.Draw(t, "largest") == 15 {
			return g.largest(t)
		}
		return g.validDraft(t).valid("valid")
	})
}

// validCycle is the length of ValidEach's cycle, and hostileCycle the
// period its hostile unknown members come back in.
const (
	validCycle   = 64
	hostileCycle = 16
)

// largestSlot is where the largest request sits in ValidEach's cycle:
// early, so that a run meets it within its first few dozen requests.
const largestSlot = int(hostileKinds)

// leadingSlot is where, in every hostileCycle cases of ValidEach, the name
// starts with one of leadingKinds, in turn: a digit, '.', '-' or '/', which
// routers, shells and stores read specially (a numeric id, a hidden or
// relative path, a flag, a path separator). Drawn by chance alone, a name
// starting with a digit comes only a few times a run, and a seed can miss
// it.
const leadingSlot = int(hostileKinds) + 1

var leadingKinds = []string{"digit", ".", "-", "/"}

// digits draws the leading digit of a leadingSlot name.
var digits = named(rapid.IntRange(0, 9))

// validLeading is Valid (without the largest request) with the name's
// first character replaced by one of kind, when the spec's class admits
// it; under a name prefix, names start with the prefix instead.
func (g *Set) validLeading(kind string) *rapid.Generator[Case] {
	mem, _ := g.Model.Member(contract.IdentityMember)
	return rapid.Custom(func(t *rapid.T) Case {
		d := g.validDraft(t)
		lead := kind
		if kind == "digit" {
			lead = string(rune('0' + digits.Draw(t, "leading digit")))
		}
		if name := []rune(d.name); g.prefix == "" && len(name) > 0 {
			name[0] = []rune(lead)[0]
			if s := string(name); mem.Text.Class.Matches(s) {
				d.name = s
				d.setDrawn(contract.IdentityMember, plain(s))
				d.edges = append(d.edges, contract.IdentityMember+" leading "+kind)
			}
		}
		return d.valid("valid")
	})
}

// ValidEach is Valid in a cycle of validCycle generators, so that a
// campaign drawing case i from generator i mod validCycle meets what chance
// alone could miss for some seeds, and only as often as it is worth: in
// every hostileCycle cases, the first hostileKinds carry a hostile unknown
// member of each kind in turn (besides what Valid draws), and the next but
// one has a name that starts with one of leadingKinds, in turn; once a
// cycle, the case after them is the largest request; the cells of the
// valid side (see validCells) take the other places, once each, in order;
// the rest are Valid without its own draw of the largest request. A limit
// on bodies is met by the first largest request as by any later one, and
// each is costly to build, send and read (two ARNs of 32 Ki characters,
// and every other string and map at its maximum: see largest), so it
// comes once a cycle rather than at random.
func (g *Set) ValidEach() []*rapid.Generator[Case] {
	hostile := make([]*rapid.Generator[Case], int(hostileKinds))
	for k := range hostile {
		hostile[k] = named(rapid.Custom(func(t *rapid.T) Case {
			d := g.validDraft(t)
			d.put(drawHostileOf(t, hostileKind(k)))
			d.edges = append(d.edges, "unknown members", "hostile "+hostileNames[k])
			return d.valid("valid")
		}))
	}
	largest := named(rapid.Custom(g.largest))
	valid := named(rapid.Custom(func(t *rapid.T) Case { return g.validDraft(t).valid("valid") }))
	cells := g.validCells()
	out := make([]*rapid.Generator[Case], validCycle)
	for i := range out {
		switch {
		case i%hostileCycle < int(hostileKinds):
			out[i] = hostile[i%hostileCycle]
		case i == largestSlot:
			out[i] = largest
		case i%hostileCycle == leadingSlot:
			out[i] = named(g.validLeading(leadingKinds[i/hostileCycle%len(leadingKinds)]))
		case len(cells) > 0:
			cell := cells[0]
			cells = cells[1:]
			// A modest draft: no hostile member past a parser limit, so the
			// cell is met in a request the contract says to accept.
			out[i] = named(rapid.Custom(func(t *rapid.T) Case { return cell.apply(t, g.modestOrSelf().validDraft(t)) }))
		default:
			out[i] = valid
		}
	}
	return out
}

// largest is the largest valid request: every bounded string at its maximum
// length and every map at its maximum count of maximum-length entries.
func (g *Set) largest(t *rapid.T) Case {
	d := &draft{edges: []string{"largest"}}
	for i := range g.Model.Members {
		mem := &g.Model.Members[i]
		switch {
		case mem.Map != nil:
			tags := make([]field, 0, mem.Map.MaxEntries)
			seen := make(map[string]bool, mem.Map.MaxEntries)
			keyLabels, valueLabels := g.labelsOf(mem.Name+" key"), g.labelsOf(mem.Name+" value")
			for len(tags) < mem.Map.MaxEntries {
				ks := g.drawFlat(t, keyLabels, "", min(mem.Map.Key.Max, 4096), g.texts[&mem.Map.Key].valid).s
				if seen[ks] {
					continue
				}
				seen[ks] = true
				v := g.drawTextAs(t, valueLabels, "", min(mem.Map.Value.Max, 4096), g.texts[&mem.Map.Value].valid)
				tags = append(tags, entry(ks, v))
			}
			d.setObject(mem.Name, tags)
		default:
			prefix := ""
			if mem.Name == contract.IdentityMember {
				prefix = g.prefix
			}
			n := mem.Text.Max
			if n == Unbounded {
				n = 32 * 1024
			}
			s := g.drawText(t, mem.Name, prefix, n, g.texts[mem.Text].valid)
			if mem.Name == contract.IdentityMember {
				d.name = s.text()
			}
			d.setDrawn(mem.Name, s)
		}
	}
	return d.valid("valid largest")
}

// describeRune names a character for labels: 'x' or U+XXXX.
func describeRune(r rune) string {
	if r >= 0x20 && r < 0x7f && !strings.ContainsRune(`'"\`, r) {
		return fmt.Sprintf("'%c'", r)
	}
	return fmt.Sprintf("U+%04X", r)
}
