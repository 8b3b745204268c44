package generators

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/putdestination/conformance/contract"
	"github.com/putdestination/conformance/spec"
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
	return rapid.Custom(func(t *rapid.T) Case {
		return g.mutateWith(t, mutations[rapid.IntRange(0, len(mutations)-1).Draw(t, "mutation")])
	})
}

// MutateEach is Mutate with the edit fixed: one generator per edit, in
// the order of Mutations, so that a campaign can apply each in turn.
func (g *Set) MutateEach() []*rapid.Generator[Case] {
	out := make([]*rapid.Generator[Case], len(mutations))
	for i, m := range mutations {
		out[i] = named(rapid.Custom(func(t *rapid.T) Case { return g.mutateWith(t, m) }))
	}
	return out
}

// invalidBase is 0 when a mutation edits an invalid case (one in four).
var invalidBase = named(rapid.IntRange(0, 3))

// mutateAttempts bounds the draws of a mutation that must keep every name
// that could be accepted under the name prefix.
const mutateAttempts = 8

func (g *Set) mutateWith(t *rapid.T, mu mutation) Case {
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
		c.Edges = []string{"mutate " + mu.name}
		if g.prefix == "" || c.Expect.Outcome == contract.Reject || g.prefixed(m.body) {
			return c
		}
		if attempt == mutateAttempts {
			// Every draw could have created a name outside the prefix:
			// send the case cut short instead, which no server accepts.
			c = g.judged("mutate object truncated: text cut at byte 1 (of "+b.Label+")", b.Body, b.Body[:1])
			c.Edges = []string{"mutate " + mu.name}
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
		c.Name, _ = Identity(body)
	}
	return c
}

// ExpectBody is what the contract says of a POSTed body, by the spec's
// compiled verdict (spec.RequestVerdict): accepted when valid, rejected
// for its first problem when not, either envelope where the contract is
// silent (spec.Silence).
func ExpectBody(s *spec.Spec, body []byte) contract.Expectation {
	v := s.RequestVerdict(body)
	switch {
	case v.Silent != "":
		return contract.Expectation{Outcome: contract.Either}
	case v.Valid:
		return contract.Expectation{Outcome: contract.Accept}
	}
	return contract.Expectation{Outcome: contract.Reject, Breaks: contract.Constraint{Pointer: v.Problem.Pointer, Keyword: v.Problem.Keyword}}
}

// Identity is the destinationName of a body that is a JSON object with a
// string there (by its exact member name, not encoding/json's case-folding
// match): the name a conformant server creates or updates.
func Identity(body []byte) (string, bool) {
	var members map[string]json.RawMessage
	if json.Unmarshal(body, &members) != nil {
		return "", false
	}
	var name string
	if json.Unmarshal(members[IdentityMember], &name) != nil {
		return "", false
	}
	return name, true
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
		if n.parent == 0 && strings.EqualFold(n.key, IdentityMember) {
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

// node is one JSON value of a text: its bytes, its type and where it is.
type node struct {
	start, end int  // the value: body[start:end]
	kind       byte // '{', '[', '"', '0' (number) or 'l' (true, false, null)
	parent     int  // index of the enclosing value, -1 for the text's
	// For an object member: its name, and its name's literal
	// body[keyStart:keyEnd]; keyStart is -1 otherwise.
	key              string
	keyStart, keyEnd int
	pointer          string
}

// mutable is a body being mutated: its bytes, the values it holds in
// text order (the whole text first) and the boundaries between its tokens.
type mutable struct {
	body   []byte
	nodes  []node
	bounds []int
}

// newMutable parses body; nodes is nil when it is not one JSON text.
func newMutable(body []byte) *mutable {
	m := &mutable{body: body}
	if !json.Valid(body) {
		return m
	}
	p := parser{b: body}
	p.value(-1, -1, -1, "", "")
	m.nodes, m.bounds = p.nodes, p.bounds
	return m
}

// parser reads a valid JSON text into nodes.
type parser struct {
	b      []byte
	i      int
	nodes  []node
	bounds []int
}

func (p *parser) space() {
	for p.i < len(p.b) && (p.b[p.i] == ' ' || p.b[p.i] == '\t' || p.b[p.i] == '\n' || p.b[p.i] == '\r') {
		p.i++
	}
	p.bounds = append(p.bounds, p.i)
}

// token steps over one structural byte.
func (p *parser) token() {
	p.space()
	p.i++
	p.bounds = append(p.bounds, p.i)
}

func (p *parser) value(parent, keyStart, keyEnd int, key, pointer string) {
	p.space()
	idx := len(p.nodes)
	p.nodes = append(p.nodes, node{start: p.i, parent: parent, key: key, keyStart: keyStart, keyEnd: keyEnd, pointer: pointer})
	kind := p.b[p.i]
	switch {
	case kind == '{':
		p.token()
		p.space()
		for p.b[p.i] != '}' {
			ks := p.i
			ke := p.stringEnd()
			var name string
			_ = json.Unmarshal(p.b[ks:ke], &name)
			p.i = ke
			p.bounds = append(p.bounds, p.i)
			p.token() // ':'
			p.value(idx, ks, ke, name, pointer+spec.Pointer(name))
			p.space()
			if p.b[p.i] == ',' {
				p.token()
				p.space()
			}
		}
		p.token()
	case kind == '[':
		p.token()
		p.space()
		for n := 0; p.b[p.i] != ']'; n++ {
			p.value(idx, -1, -1, "", pointer+"/"+strconv.Itoa(n))
			p.space()
			if p.b[p.i] == ',' {
				p.token()
				p.space()
			}
		}
		p.token()
	case kind == '"':
		p.i = p.stringEnd()
	case kind == 't' || kind == 'f' || kind == 'n':
		kind = 'l'
		for p.i < len(p.b) && p.b[p.i] >= 'a' && p.b[p.i] <= 'z' {
			p.i++
		}
	default:
		kind = '0'
		for p.i < len(p.b) && strings.IndexByte("+-.0123456789eE", p.b[p.i]) >= 0 {
			p.i++
		}
	}
	p.nodes[idx].kind = kind
	p.nodes[idx].end = p.i
	p.bounds = append(p.bounds, p.i)
}

// stringEnd returns the index after the string literal at p.i.
func (p *parser) stringEnd() int {
	for i := p.i + 1; i < len(p.b); i++ {
		switch p.b[i] {
		case '\\':
			i++
		case '"':
			return i + 1
		}
	}
	return len(p.b)
}

// splice replaces body[from:to] with repl, in a new slice.
func (m *mutable) splice(from, to int, repl ...string) {
	out := make([]byte, 0, len(m.body)-(to-from)+len(repl)*8)
	out = append(out, m.body[:from]...)
	for _, r := range repl {
		out = append(out, r...)
	}
	m.body = append(out, m.body[to:]...)
}

// pick draws one of the nodes keep admits, with its index (-1 when none
// does).
func (m *mutable) pick(t *rapid.T, label string, keep func(n node) bool) (node, int) {
	var idx []int
	for i, n := range m.nodes {
		if keep(n) {
			idx = append(idx, i)
		}
	}
	if len(idx) == 0 {
		return node{}, -1
	}
	i := idx[rapid.IntRange(0, len(idx)-1).Draw(t, label)]
	return m.nodes[i], i
}

// where names a node for a label: its JSON pointer.
func where(n node) string { return contract.DisplayPointer(n.pointer) }

// excerpt quotes at most 40 bytes of text for a label.
func excerpt(b []byte) string { return contract.Excerpt(b, 40) }

var kindNames = map[byte]string{'{': "object", '[': "array", '"': "string", '0': "number", 'l': "literal"}

// kindOf is the node kind of a JSON value's text.
func kindOf(v string) byte {
	switch v[0] {
	case '{', '[', '"':
		return v[0]
	case 't', 'f', 'n':
		return 'l'
	}
	return '0'
}

func (g *Set) swapType(t *rapid.T, m *mutable) string {
	n, _ := m.pick(t, "value to retype", func(node) bool { return true })
	orig := string(m.body[n.start:n.end])
	var choices []string
	for _, v := range []string{`null`, `true`, `0`, `-1.5e3`, `""`, `"0"`, `[]`, `{}`, "[" + orig + "]", `{"value":` + orig + "}", string(jsonString(orig))} {
		if kindOf(v) != n.kind {
			choices = append(choices, v)
		}
	}
	v := rapid.SampledFrom(choices).Draw(t, "value of another type")
	m.splice(n.start, n.end, v)
	return fmt.Sprintf("%s %s became %s %s", where(n), kindNames[n.kind], kindNames[kindOf(v)], excerpt([]byte(v)))
}

func (g *Set) duplicateMember(t *rapid.T, m *mutable) string {
	n, i := m.pick(t, "member to duplicate", func(n node) bool { return n.keyStart >= 0 })
	if i < 0 {
		return g.swapType(t, m)
	}
	member := string(m.body[n.keyStart:n.end])
	how := "with the same value"
	if rapid.Bool().Draw(t, "another value") {
		v := rapid.SampledFrom([]string{`null`, `"dup"`, `{}`, string(jsonString(g.prefix + "dup"))}).Draw(t, "duplicate's value")
		member = string(m.body[n.keyStart:n.keyEnd]) + ":" + v
		how = "with the value " + v
	}
	m.splice(n.end, n.end, ",", member)
	return fmt.Sprintf("%s repeated %s", where(n), how)
}

// literal is a string literal of the text: a value's or a member name's.
type literal struct {
	start, end int
	what       string
}

func (m *mutable) literals() []literal {
	var out []literal
	for _, n := range m.nodes {
		if n.keyStart >= 0 {
			out = append(out, literal{n.keyStart, n.keyEnd, "the name of " + where(n)})
		}
		if n.kind == '"' {
			out = append(out, literal{n.start, n.end, where(n)})
		}
	}
	return out
}

func (g *Set) cutString(t *rapid.T, m *mutable) string {
	var lits []literal
	for _, l := range m.literals() {
		if l.end-l.start > 2 {
			lits = append(lits, l)
		}
	}
	if len(lits) == 0 {
		return g.swapType(t, m)
	}
	l := lits[rapid.IntRange(0, len(lits)-1).Draw(t, "string to cut")]
	inner := l.end - l.start - 2
	cut := rapid.IntRange(0, inner-1).Draw(t, "cut at byte")
	m.splice(l.start+1+cut, l.end-1)
	return fmt.Sprintf("%s cut at byte %d of %d", l.what, cut, inner)
}

// escapes are the escapes corruptEscape puts in a string: broken ones
// (two in three), and valid ones that encoders seldom write.
var escapes = []string{`\x41`, `\'`, `\U0001`, `\a`, `\0`, `\ `, `\v`, `\e`, `\u12`, `\u00g9`, `\`, `\x`, `\u`, `\%`, `\N`, `\\\`,
	`\b`, `\f`, `\/`, `\u00E9`, `\ud834\udd1e`, `\ud800`, `\udc00`, `\u0000`}

func (g *Set) corruptEscape(t *rapid.T, m *mutable) string {
	lits := m.literals()
	if len(lits) == 0 {
		return g.swapType(t, m)
	}
	l := lits[rapid.IntRange(0, len(lits)-1).Draw(t, "string to corrupt")]
	inner := m.body[l.start+1 : l.end-1]
	// The escapes the string holds, by offset in inner.
	var at []int
	for i := 0; i < len(inner); i++ {
		if inner[i] == '\\' {
			at = append(at, i)
			i++
		}
	}
	if len(at) > 0 && rapid.Bool().Draw(t, "corrupt an escape it holds") {
		i := at[rapid.IntRange(0, len(at)-1).Draw(t, "escape")]
		end := i + 2
		if inner[i+1] == 'u' {
			end = i + 6
		}
		old := string(inner[i:end])
		var repl []string
		if inner[i+1] == 'u' {
			repl = []string{old[:2], old[:3], old[:5], old[:4] + "g" + old[5:], `\U` + old[2:], `\x` + old[2:], `\X` + old[2:], `\` + old,
				old[1:], `\u` + strings.ToUpper(old[2:]), `\ud800`, `\udfff`, `\ud834\udd1e`}
		} else {
			repl = []string{`\x`, `\'`, `\v`, `\a`, `\0`, `\` + strings.ToUpper(old[1:]), old[1:], `\` + old,
				`\b`, `\f`, `\/`, `\u00` + fmt.Sprintf("%02x", old[1])}
		}
		r := rapid.SampledFrom(repl).Draw(t, "corrupted escape")
		m.splice(l.start+1+i, l.start+1+end, r)
		return fmt.Sprintf("%s: `%s` became `%s`", l.what, old, r)
	}
	// A new escape, at a character boundary.
	var starts []int
	for i := 0; i <= len(inner); i++ {
		if i == len(inner) || utf8.RuneStart(inner[i]) && (i == 0 || inner[i-1] != '\\') {
			starts = append(starts, i)
		}
	}
	i := starts[rapid.IntRange(0, len(starts)-1).Draw(t, "put an escape at")]
	e := rapid.SampledFrom(escapes).Draw(t, "escape to put")
	m.splice(l.start+1+i, l.start+1+i, e)
	return fmt.Sprintf("%s: `%s` put at byte %d", l.what, e, i)
}

// stretches make a number huge, tiny, long or odd.
var stretches = []func(n string) string{
	func(n string) string { return n + "e999" },
	func(n string) string { return n + "E+400" },
	func(n string) string { return n + "e-999" },
	func(n string) string { return n + strings.Repeat("0", 400) },
	func(n string) string { return n + "." + strings.Repeat("9", 400) },
	func(string) string { return "1" + strings.Repeat("0", 400) },
	func(string) string { return "-1e309" },
	func(string) string { return "1.7976931348623157e308" },
	func(string) string { return "4.9e-324" },
	func(string) string { return "9007199254740993" },
	func(string) string { return "-0" },
	func(string) string { return "1E400" },
}

func (g *Set) stretchNumber(t *rapid.T, m *mutable) string {
	n, i := m.pick(t, "number to stretch", func(n node) bool { return n.kind == '0' })
	if i < 0 || m.nodes[0].kind == '{' && rapid.IntRange(0, 2).Draw(t, "stretch a new member") == 0 {
		v := stretches[rapid.IntRange(0, len(stretches)-1).Draw(t, "stretch")]("1")
		root := m.nodes[0]
		if root.kind != '{' {
			return g.swapType(t, m)
		}
		sep := ","
		if len(m.nodes) == 1 {
			sep = ""
		}
		m.splice(root.end-1, root.end-1, sep, `"retentionInDays":`, v)
		return fmt.Sprintf("/retentionInDays (new member) is %s", excerpt([]byte(v)))
	}
	orig := string(m.body[n.start:n.end])
	v := stretches[rapid.IntRange(0, len(stretches)-1).Draw(t, "stretch")](orig)
	m.splice(n.start, n.end, v)
	return fmt.Sprintf("%s %s became %s", where(n), orig, excerpt([]byte(v)))
}

func (g *Set) deepenNesting(t *rapid.T, m *mutable) string {
	depth := rapid.SampledFrom([]int{1, 2, 16, 128, 1000}).Draw(t, "levels")
	open, close := strings.Repeat(`[{"a":`, depth/2), strings.Repeat("}]", depth/2)
	if depth%2 == 1 {
		open, close = open+"[", "]"+close
	}
	n, i := m.pick(t, "value to nest", func(n node) bool { return n.parent >= 0 })
	root := m.nodes[0]
	if root.kind == '{' && (i < 0 || rapid.IntRange(0, 2).Draw(t, "nest a new member") == 0) {
		sep := ","
		if len(m.nodes) == 1 {
			sep = ""
		}
		m.splice(root.end-1, root.end-1, sep, `"nested":`, open, "0", close)
		return fmt.Sprintf("/nested (new member) is 0 under %s", levels(depth))
	}
	if i < 0 {
		n = root
	}
	m.splice(n.start, n.end, open, string(m.body[n.start:n.end]), close)
	return fmt.Sprintf("%s put under %s", where(n), levels(depth))
}

func levels(n int) string {
	if n == 1 {
		return "1 level"
	}
	return strconv.Itoa(n) + " levels"
}

func (g *Set) truncateObject(t *rapid.T, m *mutable) string {
	n, idx := m.pick(t, "object to truncate", func(n node) bool { return n.kind == '{' })
	if idx < 0 {
		total := len(m.body)
		cut := rapid.IntRange(0, total-1).Draw(t, "cut text at")
		m.body = m.body[:cut]
		return fmt.Sprintf("text cut at byte %d of %d", cut, total)
	}
	var members []node
	for _, o := range m.nodes {
		if o.parent == idx {
			members = append(members, o)
		}
	}
	if len(members) > 0 && rapid.Bool().Draw(t, "close the object early") {
		keep := rapid.IntRange(0, len(members)-1).Draw(t, "members kept")
		from := n.start + 1
		if keep > 0 {
			from = members[keep-1].end
		}
		m.splice(from, n.end, "}")
		return fmt.Sprintf("object %s closed after %d of %d members", where(n), keep, len(members))
	}
	cut := rapid.IntRange(n.start+1, n.end-1).Draw(t, "cut text at")
	total := len(m.body)
	m.body = m.body[:cut]
	return fmt.Sprintf("text cut at byte %d of %d, inside object %s", cut, total, where(n))
}

// between are byte strings to put between tokens: JSON white space, white
// space JSON does not allow, structural characters, garbage, comments.
var between = []string{" ", "\t", "\r\n  ", "\v", "\f", "\u00a0", "\u0085", "\u2028", "\ufeff", "\x00",
	",", ":", "}", "]", "{", "[", `"`, "x", "0", "\xff", "/**/", "//x\n", "\\"}

// around are byte strings to put before or after the whole text: white
// space JSON allows and white space it does not (which trimming with
// Unicode's idea of space would take away), a byte order mark, garbage.
var around = []string{" \n", "\t", "\v", "\f", "\u00a0", "\u0085", "\u2028", "\u3000", "\ufeff", "\x00", "x", "\xff", "{}", ","}

func (g *Set) insertBetween(t *rapid.T, m *mutable) string {
	inner := slices.DeleteFunc(slices.Clone(m.bounds), func(i int) bool { return i <= 0 || i >= len(m.body) })
	if len(inner) == 0 {
		return g.insertAround(t, m)
	}
	at := rapid.SampledFrom(inner).Draw(t, "between tokens at")
	s := rapid.SampledFrom(between).Draw(t, "bytes to put")
	m.splice(at, at, s)
	return fmt.Sprintf("%q put at byte %d", s, at)
}

func (g *Set) insertAround(t *rapid.T, m *mutable) string {
	s := rapid.SampledFrom(around).Draw(t, "bytes to put")
	if rapid.Bool().Draw(t, "before the text") {
		m.splice(0, 0, s)
		return fmt.Sprintf("%q put before the text", s)
	}
	m.splice(len(m.body), len(m.body), s)
	return fmt.Sprintf("%q put after the text", s)
}

func (g *Set) flipByte(t *rapid.T, m *mutable) string {
	if len(m.body) == 0 {
		m.body = []byte{0}
		return "NUL put in the empty body"
	}
	at := rapid.IntRange(0, len(m.body)-1).Draw(t, "byte to flip")
	bit := rapid.IntRange(0, 7).Draw(t, "bit to flip")
	old := m.body[at]
	m.splice(at, at+1, string([]byte{old ^ 1<<bit}))
	return fmt.Sprintf("byte %d flipped from 0x%02x to 0x%02x", at, old, m.body[at])
}
