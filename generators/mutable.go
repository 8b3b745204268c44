package generators

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/putdestination/conformance/contract"
	"github.com/putdestination/conformance/internal/jsontext"
	"github.com/putdestination/conformance/spec"
	"pgregory.net/rapid"
)

// node is one JSON value of a text: its bytes, its type and where it is.
type node struct {
	start, end int  // the value: body[start:end]
	kind       byte // '{', '[', '"', '0' (number) or 'l' (true, false, null)
	parent     int  // index of the enclosing value, -1 for the text's
	// For an object member: its name, and its name's literal
	// body[keyStart:keyEnd]; keyStart is -1 otherwise.
	key              string
	keyStart, keyEnd int
	// item is the value's place in its array (an array's items only).
	item int
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
	nodes, bounds := sizes(body)
	p := parser{b: body, nodes: make([]node, 0, nodes), bounds: make([]int, 0, bounds)}
	p.value(-1, -1, -1, "", 0)
	m.nodes, m.bounds = p.nodes, p.bounds
	return m
}

// sizes counts the nodes and the boundaries parser records for b, a valid
// JSON text, so that its lists are allocated once, at their size: a node
// for the text and for each member and array item; two boundaries for
// each node, five for each object or array, four for each member, three
// for each comma and one for each array item (see parser). Past
// maxArrayDepth levels of nesting, a comma is counted as an item (the
// sizes are then an upper bound).
func sizes(b []byte) (nodes, bounds int) {
	var arrays [maxArrayDepth / 64]uint64 // bit d: the container at depth d is an array
	inArray := func(d int) bool { return d >= maxArrayDepth || arrays[d/64]>>(d%64)&1 == 1 }
	depth, members, commas, containers, items := 0, 0, 0, 0, 0
	for i := 0; i < len(b); i++ {
		switch c := b[i]; c {
		case '"':
			for i++; i < len(b) && b[i] != '"'; i++ {
				if b[i] == '\\' {
					i++
				}
			}
		case '{', '[':
			containers++
			if depth < maxArrayDepth {
				bit := uint64(1) << (depth % 64)
				if c == '[' {
					arrays[depth/64] |= bit
				} else {
					arrays[depth/64] &^= bit
				}
			}
			depth++
			if c == '[' {
				j := i + 1
				for j < len(b) && (b[j] == ' ' || b[j] == '\t' || b[j] == '\n' || b[j] == '\r') {
					j++
				}
				if j < len(b) && b[j] != ']' {
					items++ // the first item of an array that has one
				}
			}
		case '}', ']':
			depth--
		case ':':
			members++
		case ',':
			commas++
			if depth > 0 && inArray(depth-1) {
				items++
			}
		}
	}
	nodes = 1 + members + items
	return nodes, 2*nodes + 5*containers + 4*members + 3*commas + items
}

// maxArrayDepth is how deep sizes tells arrays from objects.
const maxArrayDepth = 1024

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

func (p *parser) value(parent, keyStart, keyEnd int, key string, item int) {
	p.space()
	idx := len(p.nodes)
	p.nodes = append(p.nodes, node{start: p.i, parent: parent, key: key, keyStart: keyStart, keyEnd: keyEnd, item: item})
	kind := p.b[p.i]
	switch {
	case kind == '{':
		p.token()
		p.space()
		for p.b[p.i] != '}' {
			ks := p.i
			ke := p.stringEnd()
			name := memberName(p.b[ks:ke])
			p.i = ke
			p.bounds = append(p.bounds, p.i)
			p.token() // ':'
			p.value(idx, ks, ke, name, 0)
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
			p.value(idx, -1, -1, "", n)
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

// memberName is the string a member name's literal (of a valid JSON text)
// decodes to. Most names hold no escape and are valid UTF-8: their text is
// the literal's inside, as encoding/json would decode it, without its
// reflection. Those with escapes are decoded by jsontext.AppendUnquote,
// which reads valid UTF-8 and escapes as encoding/json does
// (TestMemberNameIsEncodingJSONs), into a buffer on the stack; what it
// refuses (invalid UTF-8, a lone surrogate escape, which encoding/json
// reads as U+FFFD) is decoded by encoding/json.
func memberName(lit []byte) string {
	inside := lit[1 : len(lit)-1]
	if bytes.IndexByte(inside, '\\') < 0 && utf8.Valid(inside) {
		return string(inside)
	}
	var buf [256]byte
	if name, err := jsontext.AppendUnquote(buf[:0], lit); err == nil {
		return string(name)
	}
	var name string
	_ = json.Unmarshal(lit, &name)
	return name
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
func (m *mutable) where(n node) string { return contract.DisplayPointer(m.pointer(n)) }

// pointer is the JSON pointer of n, put together only for the node a label
// names: most nodes of a body are never named.
func (m *mutable) pointer(n node) string {
	if n.parent < 0 {
		return ""
	}
	up := m.pointer(m.nodes[n.parent])
	if n.keyStart >= 0 {
		return up + spec.Pointer(n.key)
	}
	return up + "/" + strconv.Itoa(n.item)
}

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

// literal is a string literal of the text: a value's or a member name's.
type literal struct {
	start, end int
	node       int  // the value's node, or the member's whose name it is
	name       bool // a member name
}

func (m *mutable) literals() []literal {
	var out []literal
	for i, n := range m.nodes {
		if n.keyStart >= 0 {
			out = append(out, literal{n.keyStart, n.keyEnd, i, true})
		}
		if n.kind == '"' {
			out = append(out, literal{n.start, n.end, i, false})
		}
	}
	return out
}

// what names a literal for a label.
func (m *mutable) what(l literal) string {
	if l.name {
		return "the name of " + m.where(m.nodes[l.node])
	}
	return m.where(m.nodes[l.node])
}
