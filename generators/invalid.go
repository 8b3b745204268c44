package generators

import (
	"fmt"
	"strings"

	"github.com/putdestination/conformance/contract"
	"github.com/putdestination/conformance/spec"
	"pgregory.net/rapid"
)

// subject is one constraint of the request schema, with the ways of
// breaking it, most telling first (see Cell).
type subject struct {
	// name is what Breakers lists: the pointer, the keyword and, for a
	// pattern, the class of refused characters ("/tags propertyNames/pattern
	// (P punctuation)").
	name    string
	pointer string // the Cell's: a map's values at "/tags/*"
	keyword string // the Cell's: "required", "type", "propertyNames/maxLength", ...
	ways    []way
	// Built once by subjects, for every case that breaks it: the edge
	// ("breaks " and name), the ways drawWay draws from (those not far)
	// and the generator and label of that draw.
	edge     string
	near     []int
	pickNear *rapid.Generator[int]
	wayLabel string
}

// way is one way of breaking a subject's constraint.
type way struct {
	name string
	// far: a size far past its bound (10, 100 or 1000 times it). Such
	// cases are large to build, send and judge, and what they show (a
	// server that breaks down instead of answering 400) is shown by one of
	// each, so they come in the schedule only, never in a random draw.
	far bool
	// apply turns a valid draft into one that breaks the constraint this
	// way, and returns the constraint as the spec's validation names it (a
	// tag value's pointer names its key) with a detail for the label.
	apply func(t *rapid.T, d *draft) (contract.Constraint, string)
	// cell is the edge of the way's Cell ("cell " and the Cell), built
	// once by subjects.
	cell string
}

// Cell is one cell of the coverage schedule: a constraint of the request
// schema, by the JSON pointer of the constrained value and its keyword,
// and one way of breaking it.
type Cell struct {
	// Pointer is where the constraint applies, a map's values written
	// "/tags/*"; a required member's is the member's own pointer.
	Pointer string
	// Keyword is the JSON Schema keyword, "propertyNames/" before those
	// of a map's keys.
	Keyword string
	// Way is how the case breaks it: a JSON type ("null", "array", ...);
	// "missing", or the member's name written in another letter case;
	// "empty", "one below", "one above", "10 times the maximum", ...; for
	// a pattern, the refused class and where it stands ("':' alone", "P
	// punctuation among allowed characters", ...).
	Way string
}

func (c Cell) String() string {
	return contract.DisplayPointer(c.Pointer) + " " + c.Keyword + ": " + c.Way
}

// Invalid generates requests that each break exactly one constraint of the
// request schema, labelled with it (JSON pointer and keyword, as the spec's
// validation reports them), in one of the ways the schedule has for it
// (see InvalidSchedule), drawn; sizes far past a bound are the schedule's
// alone.
func (g *Set) Invalid() *rapid.Generator[Case] {
	subjects := g.subjects()
	// Unnamed, as when it was built for each draw (rapid labels a draw's
	// group with its generator's name).
	pick := rapid.IntRange(0, len(subjects)-1)
	return rapid.Custom(func(t *rapid.T) Case {
		s := subjects[pick.Draw(t, "broken constraint")]
		return g.breakWith(t, s, s.drawWay(t), -1)
	})
}

// InvalidEach is Invalid with the constraint fixed: one generator per
// constraint (in the order of Breakers), the way drawn.
func (g *Set) InvalidEach() []*rapid.Generator[Case] {
	var out []*rapid.Generator[Case]
	for _, s := range g.subjects() {
		out = append(out, named(rapid.Custom(func(t *rapid.T) Case { return g.breakWith(t, s, s.drawWay(t), -1) })))
	}
	return out
}

// drawWay draws one of the ways that are not far.
func (s subject) drawWay(t *rapid.T) int {
	return s.near[s.pickNear.Draw(t, s.wayLabel)]
}

// roundSpellings are the spellings the schedule writes its cases in, in
// turn: plain, every character escaped (a forbidden ':' written
// "\u003a"), white space between tokens, then escapes, white space and
// another order at once.
var roundSpellings = []spelling{{}, {escape: escapeAll}, {space: true}, {escape: escapeSome, space: true, reorder: true}}

// cellAt is one entry of the schedule: way w of subject s.
type cellAt struct{ s, w int }

// schedule orders the cells of subjects: the first way of every
// constraint, then the second of those that have two, and so on. Each
// constraint's ways come most telling first, so a budget shorter than the
// schedule still breaks every constraint, in its most telling way, before
// it breaks any a second time.
func schedule(subjects []subject) []cellAt {
	var out []cellAt
	for w := 0; ; w++ {
		n := len(out)
		for i, s := range subjects {
			if w < len(s.ways) {
				out = append(out, cellAt{i, w})
			}
		}
		if len(out) == n {
			return out
		}
	}
}

// roundOf is the round spelling of way w of subject s: over four ways, a
// constraint meets every spelling (a name's ':' written as an escape
// among them), and the constraints of one round start on different ones.
// Far sizes are written plain (see InvalidSchedule).
func roundOf(s, w int) int { return (s + w) % len(roundSpellings) }

// Cells lists the cells of the coverage schedule, in its order: cell k is
// what InvalidSchedule()[k] breaks. Every JSON type each value refuses,
// null among them; a required member missing, and present only under its
// name in another letter case (a decoder that matches names without case
// takes it for the member); each length and count bound just past it, and
// 10, 100 and 1000 times past a maximum; each class of refused characters
// alone, after allowed characters, before them and among them.
func (g *Set) Cells() []Cell {
	subjects := g.subjects()
	var out []Cell
	for _, sl := range schedule(subjects) {
		s := subjects[sl.s]
		out = append(out, Cell{Pointer: s.pointer, Keyword: s.keyword, Way: s.ways[sl.w].name})
	}
	return out
}

// InvalidSchedule is the coverage schedule of invalid requests: generator k
// breaks cell k of Cells, in its round spelling (see spellingOf), the
// examples (which characters, lengths, positions, values of a type) drawn;
// a size far past a bound is written plain, so that escapes and white
// space do not make a body of a MiB several.
// A campaign that draws case i from generator i mod len meets every cell
// within its first len cases, whatever the seed.
func (g *Set) InvalidSchedule() []*rapid.Generator[Case] {
	subjects := g.subjects()
	var out []*rapid.Generator[Case]
	for _, sl := range schedule(subjects) {
		s := subjects[sl.s]
		round := roundOf(sl.s, sl.w)
		if s.ways[sl.w].far {
			round = 0 // plain: what a far size shows does not depend on the spelling
		}
		out = append(out, named(rapid.Custom(func(t *rapid.T) Case { return g.breakWith(t, s, sl.w, round) })))
	}
	return out
}

// InvalidRounds is InvalidSchedule, under the name the campaign's invalid
// property calls.
func (g *Set) InvalidRounds() []*rapid.Generator[Case] { return g.InvalidSchedule() }

// InvalidAfter is InvalidSchedule past its first pass: generator k breaks
// the constraint of cell k in the same round spelling, but a cell far past
// a bound gives way to one of its constraint's other ways, drawn (see
// way.far). The first pass sends each far size once, whatever the seed;
// sent again in every later pass they would make most of a run's bytes
// (up to a MiB each) and show nothing a first one did not.
func (g *Set) InvalidAfter() []*rapid.Generator[Case] {
	subjects := g.subjects()
	var out []*rapid.Generator[Case]
	for _, sl := range schedule(subjects) {
		s := subjects[sl.s]
		round := roundOf(sl.s, sl.w)
		if !s.ways[sl.w].far {
			out = append(out, named(rapid.Custom(func(t *rapid.T) Case { return g.breakWith(t, s, sl.w, round) })))
			continue
		}
		out = append(out, named(rapid.Custom(func(t *rapid.T) Case { return g.breakWith(t, s, s.drawWay(t), round) })))
	}
	return out
}

// breakWith draws a valid request and breaks s in way w, written in round
// spelling round (-1: the spelling drawn). The request is drawn modest (see
// newSet): a broken constraint is refused whatever the size of the rest.
func (g *Set) breakWith(t *rapid.T, s subject, w, round int) Case {
	d := g.modestOrSelf().validDraft(t)
	if round >= 0 {
		d.spell = roundSpellings[round]
		if !d.spell.plain() {
			d.spell.seed = g.seeds.Draw(t, "spelling seed")
		}
	}
	c, detail := s.ways[w].apply(t, d)
	if d.wrap != nil {
		d.spell = spelling{} // a body that is not an object is written as it is
	}
	label := "invalid " + c.String()
	if detail != "" {
		label += ": " + detail
	}
	return d.finish(label, contract.Expectation{Outcome: contract.Reject, Breaks: c}, "", []string{s.edge, s.ways[w].cell, d.spell.edge()})
}

// Breakers lists the constraints Invalid breaks, in the order of
// InvalidEach, for coverage tests.
func (g *Set) Breakers() []string {
	var out []string
	for _, s := range g.subjects() {
		out = append(out, s.name)
	}
	return out
}

// subjects are the constraints of the request schema, member by member in
// the model's order (required, type, then each keyword of its value), the
// body's own type last.
func (g *Set) subjects() []subject {
	var out []subject
	for i := range g.Model.Members {
		mem := &g.Model.Members[i]
		ptr := spec.Pointer(mem.Name)
		if mem.Required {
			out = append(out, g.requiredSubject(mem, ptr))
		}
		out = append(out, g.memberTypeSubject(mem, ptr))
		if mem.Text != nil {
			prefix := ""
			if mem.Name == contract.IdentityMember {
				prefix = g.prefix
			}
			out = append(out, g.textSubjects(mem.Name, ptr, "", prefix, mem.Text, memberPlace(mem.Name, ptr))...)
		}
		if mem.Map != nil {
			out = append(out, g.mapSubjects(mem, ptr)...)
		}
	}
	out = append(out, g.bodyTypeSubject())
	for i := range out {
		s := &out[i]
		s.edge, s.wayLabel = "breaks "+s.name, s.name+" way"
		for k := range s.ways {
			w := &s.ways[k]
			w.cell = "cell " + Cell{Pointer: s.pointer, Keyword: s.keyword, Way: w.name}.String()
			if !w.far {
				s.near = append(s.near, k)
			}
		}
		if len(s.near) > 0 {
			// Unnamed, as when it was built for each draw (see Invalid).
			s.pickNear = rapid.IntRange(0, len(s.near)-1)
		}
	}
	return out
}

// requiredSubject breaks "required" for mem: the member left out, or
// present only under its name in another letter case. The contract
// ignores unknown members, so {"DestinationName": ...} lacks
// destinationName; Go's encoding/json, matching struct fields without
// case, reads it as destinationName.
func (g *Set) requiredSubject(mem *Member, ptr string) subject {
	required := contract.Constraint{Pointer: "", Keyword: "required"}
	s := subject{name: "/ required (" + mem.Name + " missing)", pointer: ptr, keyword: "required"}
	s.ways = append(s.ways, way{name: "missing", apply: func(t *rapid.T, d *draft) (contract.Constraint, string) {
		d.remove(mem.Name)
		return required, mem.Name + " missing"
	}})
	for _, v := range g.caseVariants(mem.Name) {
		s.ways = append(s.ways, way{name: "written " + v.how, apply: func(t *rapid.T, d *draft) (contract.Constraint, string) {
			// The valid value stays, under the other name: a server that
			// takes it for the member sees a valid request.
			d.rename(mem.Name, v.name)
			return required, fmt.Sprintf("%s written %q", mem.Name, v.name)
		}})
	}
	return s
}

// nameVariant is a member name written otherwise.
type nameVariant struct{ how, name string }

// caseVariants are name written in other letter cases: its first letter in
// the other case, then every letter in upper case (lower, for a name in
// upper case already), leaving out those that are not new or are another
// member's name.
func (g *Set) caseVariants(name string) []nameVariant {
	var out []nameVariant
	for _, v := range []nameVariant{{"with its first letter in the other case", swapFirstCase(name)}, {"in upper case", strings.ToUpper(name)}} {
		if v.how == "in upper case" && v.name == name {
			v = nameVariant{"in lower case", strings.ToLower(name)}
		}
		if v.name == name || g.isMember(v.name) || len(out) > 0 && out[len(out)-1].name == v.name {
			continue
		}
		out = append(out, v)
	}
	return out
}

func (g *Set) isMember(name string) bool { _, ok := g.Model.Member(name); return ok }

// swapFirstCase is s with its first letter in the other case.
func swapFirstCase(s string) string {
	for i, r := range s {
		switch up := strings.ToUpper(string(r)); {
		case up != string(r):
			return s[:i] + up + s[i+len(string(r)):]
		case strings.ToLower(string(r)) != string(r):
			return s[:i] + strings.ToLower(string(r)) + s[i+len(string(r)):]
		}
	}
	return s
}

// jsonTypes are the JSON types, in the order the schedule sends them where
// a value refuses them: null first (the contract's null rules), then the
// scalars a lenient decoder coerces, then the structures.
var jsonTypes = []string{"null", "number", "boolean", "array", "object", "string"}

// typeSubject breaks "type" at ptr with a value of every JSON type
// admits refuses, one way each; examples are the values of each type the
// seed chooses from, put places one in the draft.
func typeSubject(name, ptr string, admits func(string) bool, examples func(t *rapid.T, d *draft, typ string) string, put func(t *rapid.T, d *draft, raw []byte) (contract.Constraint, string)) subject {
	s := subject{name: name, pointer: ptr, keyword: "type"}
	for _, typ := range jsonTypes {
		if admits(typ) {
			continue
		}
		s.ways = append(s.ways, way{name: typ, apply: func(t *rapid.T, d *draft) (contract.Constraint, string) {
			raw := examples(t, d, typ)
			c, detail := put(t, d, []byte(raw))
			return c, joinDetail(raw, detail)
		}})
	}
	return s
}

func joinDetail(a, b string) string {
	if b == "" {
		return a
	}
	return a + ", " + b
}

// wrongValues are values of each JSON type for a string or an object
// where another type is wanted: the seed chooses among them.
var wrongValues = map[string][]string{
	"null":    {`null`},
	"number":  {`42`, `-1.5`, `0`, `1e3`},
	"boolean": {`true`, `false`},
	"array":   {`["x"]`, `[]`},
	"object":  {`{"a":"b"}`, `{}`},
	"string":  {`"text"`, `""`},
}

func drawWrong(t *rapid.T, label, typ string, extra ...string) string {
	return rapid.SampledFrom(append(wrongValues[typ][:len(wrongValues[typ]):len(wrongValues[typ])], extra...)).Draw(t, label+" "+typ)
}

// memberTypeSubject breaks the type of a member.
func (g *Set) memberTypeSubject(mem *Member, ptr string) subject {
	admits := func(typ string) bool {
		return typ == "null" && mem.Nullable || typ == "string" && mem.Text != nil || typ == "object" && mem.Map != nil
	}
	examples := func(t *rapid.T, d *draft, typ string) string {
		switch {
		case mem.Map != nil && typ == "array":
			// Tags as the list of {Key, Value} objects other AWS APIs
			// take: empty, or of one tag.
			return rapid.SampledFrom([]string{`[]`, `[{"Key":"k","Value":"v"}]`}).Draw(t, mem.Name+" "+typ)
		case mem.Map != nil && typ == "string":
			// The object encoded twice: a JSON string of it.
			return drawWrong(t, mem.Name, typ, `"{\"k\":\"v\"}"`)
		}
		return drawWrong(t, mem.Name, typ)
	}
	return typeSubject(ptr+" type", ptr, admits, examples, func(_ *rapid.T, d *draft, raw []byte) (contract.Constraint, string) {
		d.set(mem.Name, raw)
		return contract.Constraint{Pointer: ptr, Keyword: "type"}, ""
	})
}

// bodyTypeSubject breaks the type of the body itself: an array (empty, or
// the request in one), a string (a word, or the request encoded twice), a
// number, a boolean, null.
func (g *Set) bodyTypeSubject() subject {
	examples := func(t *rapid.T, d *draft, typ string) string {
		switch typ {
		case "array":
			if rapid.Bool().Draw(t, "body array holds the request") {
				d.wrap = func(b []byte) []byte { return append(append([]byte{'['}, b...), ']') }
				return "[the request]"
			}
		case "string":
			if rapid.Bool().Draw(t, "body string encodes the request") {
				d.wrap = func(b []byte) []byte { return jsonString(string(b)) }
				return "the request as a JSON string"
			}
			raw := string(jsonString(contract.IdentityMember))
			d.wrap = func([]byte) []byte { return []byte(raw) }
			return raw
		}
		raw := drawWrong(t, "body", typ)
		d.wrap = func([]byte) []byte { return []byte(raw) }
		return raw
	}
	return typeSubject("/ type", "", func(typ string) bool { return typ == "object" }, examples,
		func(*rapid.T, *draft, []byte) (contract.Constraint, string) {
			return contract.Constraint{Pointer: "", Keyword: "type"}, ""
		})
}

// place writes a string that breaks keyword into the draft, where the
// string's constraint applies, and returns the constraint as the spec's
// validation names it with a detail for the label.
type place func(t *rapid.T, d *draft, s drawn, keyword string) (contract.Constraint, string)

// memberPlace puts the string in member name.
func memberPlace(name, ptr string) place {
	return func(_ *rapid.T, d *draft, s drawn, keyword string) (contract.Constraint, string) {
		d.setDrawn(name, s)
		return contract.Constraint{Pointer: ptr, Keyword: keyword}, ""
	}
}

// farFactors are how far past a maximum the far ways go.
var farFactors = []int{10, 100, 1000}

// textSubjects break a string's length bounds (just past each; 10, 100 and
// 1000 times past a maximum) and its pattern (see patternSubjects). label
// names the string in draws, ptr and kwPrefix make its cells' pointer and
// keywords, prefix is the name prefix a string that may be accepted keeps.
func (g *Set) textSubjects(label, ptr, kwPrefix, prefix string, txt *Text, pl place) []subject {
	pools := g.texts[txt]
	var out []subject
	if txt.MinLength > 0 {
		kw := kwPrefix + "minLength"
		s := subject{name: ptr + " " + kw, pointer: ptr, keyword: kw}
		how := "one below"
		if txt.MinLength == 1 {
			how = "empty"
		}
		// The empty string also breaks a pattern that wants a character at
		// least (^C+$, a tag key's); no string breaks minLength 1 alone
		// there, and the case is labelled by the bound.
		s.ways = append(s.ways, way{name: how, apply: func(t *rapid.T, d *draft) (contract.Constraint, string) {
			str := g.drawText(t, label, "", txt.MinLength-1, pools.valid)
			c, detail := pl(t, d, str, kw)
			return c, joinDetail(fmt.Sprintf("%d characters (%s)", txt.MinLength-1, str.abc), detail)
		}})
		out = append(out, s)
	}
	if txt.Max != Unbounded {
		kw := kwPrefix + "maxLength"
		s := subject{name: ptr + " " + kw, pointer: ptr, keyword: kw}
		s.ways = append(s.ways, way{name: "one above", apply: func(t *rapid.T, d *draft) (contract.Constraint, string) {
			str := g.drawText(t, label, prefix, txt.Max+1, pools.valid)
			c, detail := pl(t, d, str, kw)
			return c, joinDetail(fmt.Sprintf("%d characters (%s)", txt.Max+1, str.abc), detail)
		}})
		for _, f := range farFactors {
			s.ways = append(s.ways, way{name: timesTheMaximum(f), far: true, apply: func(t *rapid.T, d *draft) (contract.Constraint, string) {
				str := g.drawText(t, label, prefix, f*txt.Max, pools.far)
				c, detail := pl(t, d, str, kw)
				return c, joinDetail(fmt.Sprintf("%d characters (%s)", f*txt.Max, str.abc), detail)
			}})
		}
		out = append(out, s)
	}
	return append(out, g.patternSubjects(label, ptr, kwPrefix, prefix, txt, pl)...)
}

func timesTheMaximum(f int) string { return fmt.Sprintf("%d times the maximum", f) }

// refusedClass is a class of characters a pattern refuses: one character,
// or a General Category group (its categories, each a list).
type refusedClass struct {
	name string
	cats [][]rune
}

// refusedPicks are the generators and labels of badText's draws of a
// refused character of one class, built once per way.
type refusedPicks struct {
	category                              *rapid.Generator[int]   // an index into cats
	chars                                 []*rapid.Generator[int] // an index into cats[i]
	categoryLabel, charLabel, lengthLabel string
}

func newRefusedPicks(label string, class refusedClass) *refusedPicks {
	p := &refusedPicks{category: rapid.IntRange(0, len(class.cats)-1),
		categoryLabel: label + " refused category", charLabel: label + " refused char", lengthLabel: label + " length"}
	for _, cat := range class.cats {
		p.chars = append(p.chars, rapid.IntRange(0, len(cat)-1))
	}
	return p
}

// groupNames name the General Category groups.
var groupNames = map[string]string{"C": "other", "L": "letter", "M": "mark", "N": "number", "P": "punctuation", "S": "symbol", "Z": "separator"}

// refusedClasses are the classes of characters txt's pattern refuses: each
// character when it refuses only a few (a name refuses ':' and '*', each a
// fault of its own in an implementation), else each General Category
// group (controls, marks, punctuation, symbols: a class that admits one
// group wrongly is a fault of its own).
func (g *Set) refusedClasses(txt *Text) []refusedClass {
	pools := g.texts[txt]
	var out []refusedClass
	if len(pools.invalid) <= fewRefused {
		for _, r := range pools.invalid {
			out = append(out, refusedClass{name: describeRune(r), cats: [][]rune{{r}}})
		}
		return out
	}
	for _, group := range pools.refusedGroups {
		letter := categoryOf(group[0][0])[:1]
		out = append(out, refusedClass{name: letter + " " + groupNames[letter], cats: group})
	}
	return out
}

// fewRefused is the most refused characters a class may have to get a
// pattern breaker per character.
const fewRefused = 4

// placement is where a refused character stands in a string.
type placement uint8

const (
	alone         placement = iota // the whole string
	amongAllowed                   // allowed characters before and after it
	afterAllowed                   // allowed characters before it: the string's end
	beforeAllowed                  // allowed characters after it: the string's start
)

// placements, most telling first: a refused character among allowed ones
// is missed by a check of any substring (the first characters, the last,
// any one), alone it is missed by a check that one character is allowed.
var placements = []placement{amongAllowed, alone, afterAllowed, beforeAllowed}

var placementNames = map[placement]string{alone: "alone", amongAllowed: "among allowed characters", afterAllowed: "after allowed characters", beforeAllowed: "before allowed characters"}

// fewest is the fewest characters a string with the character so placed
// has.
func (p placement) fewest() int {
	switch p {
	case alone:
		return 1
	case amongAllowed:
		return 3
	}
	return 2
}

// patternSubjects break txt's pattern: a subject per refused class, a way
// per placement the length bounds admit.
func (g *Set) patternSubjects(label, ptr, kwPrefix, prefix string, txt *Text, pl place) []subject {
	if txt.Class == nil || len(g.texts[txt].invalid) == 0 {
		return nil
	}
	kw := kwPrefix + "pattern"
	var out []subject
	for _, class := range g.refusedClasses(txt) {
		s := subject{name: ptr + " " + kw + " " + class.name, pointer: ptr, keyword: kw}
		picks := newRefusedPicks(label, class)
		for _, p := range placements {
			lo, hi := max(txt.Min, p.fewest()), min(txt.Max, 1024)
			if p == alone {
				hi = 1
			}
			if lo > hi {
				continue
			}
			var length *rapid.Generator[int]
			if hi > lo {
				length = rapid.OneOf(rapid.Just(lo), rapid.IntRange(lo, min(hi, lo+16)), rapid.Just(hi))
			}
			s.ways = append(s.ways, way{name: class.name + " " + placementNames[p], apply: func(t *rapid.T, d *draft) (contract.Constraint, string) {
				str, detail := g.badText(t, label, prefix, txt, class, picks, p, lo, length)
				c, more := pl(t, d, plain(str), kw)
				return c, joinDetail(detail, more)
			}})
		}
		out = append(out, s)
	}
	return out
}

// badText is a string of lo to hi characters, all in txt's class but one
// of class, placed as p says. The name prefix leads it when it can: not
// before a refused character that must come first, nor past the maximum.
//
// Its generators are built once, with its way (picks, and length, which
// draws lo to hi characters, nil when hi is lo), and stay unnamed, as when
// they were built for each draw (rapid labels a draw's group with its
// generator's name).
func (g *Set) badText(t *rapid.T, label, prefix string, txt *Text, class refusedClass, picks *refusedPicks, p placement, lo int, length *rapid.Generator[int]) (string, string) {
	// The category first, then a character of it: a group's characters
	// are mostly of one category (Cc in C, Po in P), and one draw among
	// them all would leave the others to chance.
	i := picks.category.Draw(t, picks.categoryLabel)
	cat := class.cats[i]
	bad := cat[picks.chars[i].Draw(t, picks.charLabel)]
	n := lo
	if length != nil {
		n = length.Draw(t, picks.lengthLabel)
	}
	runes := []rune(g.drawText(t, label, "", n-1, g.texts[txt].valid).text())
	pos := 0
	switch p {
	case amongAllowed:
		pos = len(runes) / 2
	case afterAllowed:
		pos = len(runes)
	}
	runes = append(runes[:pos], append([]rune{bad}, runes[pos:]...)...)
	out := string(runes)
	if prefix != "" && p != alone && p != beforeAllowed && len([]rune(prefix))+len(runes) <= txt.Max {
		out = prefix + out
	}
	if p == alone {
		return out, describeRune(bad) + " alone"
	}
	return out, fmt.Sprintf("%s %s (%d characters)", describeRune(bad), placementNames[p], len([]rune(out)))
}

// maxPositions is the largest map mapSubjects builds the generator of a
// bad entry's position for ahead of its draws.
const maxPositions = 1024

// mapSubjects break a map member's counts, its keys (propertyNames), and
// its values (type, lengths, pattern), the bad entry at a random position
// among good ones.
func (g *Set) mapSubjects(mem *Member, ptr string) []subject {
	ms := mem.Map
	var out []subject
	if ms.MinEntries > 0 {
		s := subject{name: ptr + " minProperties", pointer: ptr, keyword: "minProperties"}
		how := "one below"
		if ms.MinEntries == 1 {
			how = "empty"
		}
		s.ways = append(s.ways, way{name: how, apply: func(t *rapid.T, d *draft) (contract.Constraint, string) {
			tags := g.validMap(t, ms, ms.MinEntries-1, nil)
			d.setObject(mem.Name, tags)
			return contract.Constraint{Pointer: ptr, Keyword: "minProperties"}, fmt.Sprintf("%d entries", ms.MinEntries-1)
		}})
		out = append(out, s)
	}
	if ms.MaxEntries != Unbounded {
		s := subject{name: ptr + " maxProperties", pointer: ptr, keyword: "maxProperties"}
		s.ways = append(s.ways, way{name: "one above", apply: func(t *rapid.T, d *draft) (contract.Constraint, string) {
			tags := g.validMap(t, ms, ms.MaxEntries+1, nil)
			d.setObject(mem.Name, tags)
			return contract.Constraint{Pointer: ptr, Keyword: "maxProperties"}, fmt.Sprintf("%d entries", ms.MaxEntries+1)
		}})
		for _, f := range farFactors {
			s.ways = append(s.ways, way{name: timesTheMaximum(f), far: true, apply: func(t *rapid.T, d *draft) (contract.Constraint, string) {
				d.put(field{name: mem.Name, isObj: true, far: g.farMap(t, mem.Name, ms, f*ms.MaxEntries)})
				return contract.Constraint{Pointer: ptr, Keyword: "maxProperties"}, fmt.Sprintf("%d entries", f*ms.MaxEntries)
			}})
		}
		out = append(out, s)
	}
	// One bad entry among good ones: the bad one replaces entry pos. Its
	// generators are built once, and stay unnamed, as when they were built
	// for each draw (rapid labels a draw's group with its generator's
	// name); positions[n] draws among n entries (for n up to
	// maxPositions: a larger count gets one built for its draw).
	lo := max(ms.MinEntries, 1)
	count := rapid.OneOf(rapid.Just(lo), rapid.IntRange(lo, min(ms.MaxEntries, 12)), rapid.Just(ms.MaxEntries))
	positions := make([]*rapid.Generator[int], min(ms.MaxEntries, maxPositions)+1)
	for n := lo; n < len(positions); n++ {
		positions[n] = rapid.IntRange(0, n-1)
	}
	countLabel, positionLabel := mem.Name+" count", mem.Name+" bad entry position"
	entries := func(t *rapid.T) ([]field, int) {
		n := count.Draw(t, countLabel)
		tags := g.validMap(t, ms, n, nil)
		if n < len(positions) {
			return tags, positions[n].Draw(t, positionLabel)
		}
		return tags, rapid.IntRange(0, n-1).Draw(t, positionLabel)
	}
	keyPlace := func(t *rapid.T, d *draft, s drawn, keyword string) (contract.Constraint, string) {
		tags, pos := entries(t)
		k := s.text()
		for _, tg := range tags {
			if tg.name == k { // keep keys distinct: a duplicate is not one bad entry
				k += tg.name[:1]
			}
		}
		tags[pos].name = k
		d.setObject(mem.Name, tags)
		return contract.Constraint{Pointer: ptr, Keyword: keyword}, fmt.Sprintf("key of entry %d of %d", pos+1, len(tags))
	}
	out = append(out, g.textSubjects(mem.Name+" key", ptr, "propertyNames/", "", &ms.Key, keyPlace)...)
	// putValue makes entry pos's value raw (nil: s), keeping its key.
	putValue := func(t *rapid.T, d *draft, raw []byte, s drawn, keyword string) (contract.Constraint, string) {
		tags, pos := entries(t)
		bad := field{name: tags[pos].name, raw: raw}
		if raw == nil {
			bad = entry(tags[pos].name, s)
		}
		tags[pos] = bad
		d.setObject(mem.Name, tags)
		return contract.Constraint{Pointer: spec.Pointer(mem.Name, bad.name), Keyword: keyword}, fmt.Sprintf("value of entry %d of %d", pos+1, len(tags))
	}
	values := ptr + "/*"
	out = append(out, typeSubject(values+" type", values, func(typ string) bool { return typ == "string" },
		func(t *rapid.T, _ *draft, typ string) string { return drawWrong(t, mem.Name+" value", typ) },
		func(t *rapid.T, d *draft, raw []byte) (contract.Constraint, string) {
			return putValue(t, d, raw, drawn{}, "type")
		}))
	valuePlace := func(t *rapid.T, d *draft, s drawn, keyword string) (contract.Constraint, string) {
		return putValue(t, d, nil, s, keyword)
	}
	return append(out, g.textSubjects(mem.Name+" value", values, "", "", &ms.Value, valuePlace)...)
}
