package generators

import (
	"fmt"
	"unicode/utf8"

	"github.com/putdestination/conformance/contract"
	"github.com/putdestination/conformance/internal/jsontext"
)

// Case is one generated request and what the contract says must happen to it.
type Case struct {
	// Label says what the case is, e.g. "valid" or
	// "invalid /destinationName pattern: ':' at end".
	Label string `json:"label"`
	// Method is the HTTP method; "" means POST.
	Method string `json:"method,omitempty"`
	// Body is the exact text to send.
	Body []byte `json:"-"`
	// Name is the destinationName the body carries, when it is a valid
	// string (identity bookkeeping).
	Name string `json:"-"`
	// Expect is what must happen to the request.
	Expect contract.Expectation `json:"expect"`
	// Edges lists the edge classes the case exercises (coverage tests and
	// reports).
	Edges []string `json:"edges,omitempty"`
	// Wire is how the request goes out: chunked, with Expect:
	// 100-continue, as HTTP/1.0, with header names in another case or
	// another Content-Type (see Set.Wire); the zero Wire is the plain
	// form.
	Wire contract.Wire `json:"wire,omitzero"`

	// doc is the body's structure, when it is a JSON object the generators
	// built (not a wire malformation): Shrink and Remark write it again
	// simpler, or under another name.
	doc *doc
}

// Spelling names how the body is written ("plain", "escaped",
// "escaped-all", "spaced", "reordered", or several joined by '+'; "" for a
// body the generators did not build as an object, a wire malformation).
func (c Case) Spelling() string {
	if c.doc == nil {
		return ""
	}
	return c.doc.spell.name()
}

// HTTPMethod is the method to send.
func (c Case) HTTPMethod() string {
	if c.Method == "" {
		return "POST"
	}
	return c.Method
}

// Alone reports whether the case must go out on a connection of its own:
// another method with a body, a malformed body, or a body framed in
// chunks or held for a 100 (Continue), can leave a kept-alive connection
// out of step with the server (a server that does not read the body of a
// GET, or reads a chunked body by a Content-Length it does not have,
// leaves it for the next request to be misread), and the next case must
// not pay for it. An HTTP/1.0 request has a connection of its own anyway.
func (c Case) Alone() bool {
	return c.HTTPMethod() != "POST" || c.Expect.Breaks.Keyword == "json" ||
		c.Wire.Chunks > 0 || c.Wire.Expect100 || c.Wire.HTTP10
}

func (c Case) String() string {
	return fmt.Sprintf("%s %s %s", c.Label, c.HTTPMethod(), contract.Excerpt(c.Body, 200))
}

// field is one member of a JSON object, in the order it is written. Its
// value is one of: src (fromSrc), an object of fields (isObj: a tag map), a
// hostile value (hostile), or raw JSON (nil: null).
type field struct {
	name string // the member name (a tag's key), as text
	raw  []byte // the value as JSON (nil: null), unless another kind is set
	src  drawn  // the string value, when set by textField or drawnField
	// obj is the entries of an object value, when isObj; far, when set,
	// makes them instead (a map far past its maximum: see farEntries).
	// Read them with entries.
	obj []field
	far *farEntries
	// hostile is an unknown member hard to parse, written from its size
	// (and, for many members, spread into that many members).
	hostile *hostile
	// fromSrc: the value is src's literal, written straight into the body.
	fromSrc bool
	isObj   bool
}

// entries is the entries of an object value (isObj).
func (f *field) entries() []field {
	if f.far != nil {
		return f.far.fields()
	}
	return f.obj
}

// entry is entries()[i], without making the other far entries.
func (f *field) entry(i int) field {
	if f.far != nil {
		return f.far.entry(i)
	}
	return f.obj[i]
}

// entryCount is len(f.entries()), without making far entries.
func (f *field) entryCount() int {
	if f.far != nil {
		return f.far.n
	}
	return len(f.obj)
}

// doc is the structure of a generated body: its members in the order the
// model lists them, and the spelling it is written in. Docs are never
// changed once a case carries one: a simpler or renamed body is a new doc.
type doc struct {
	fields []field
	spell  spelling
	// wrap, when set, makes the case's body of the object's (a wire case:
	// the object cut short, followed by bytes, in an array, ...); such docs
	// are written plain.
	wrap func([]byte) []byte
}

func (d *doc) body() []byte {
	if d.wrap != nil {
		return d.wrap(object(d.fields))
	}
	return encode(d.fields, d.spell)
}

// object writes members in order; a nil raw is written as JSON null.
func object(fields []field) []byte {
	b := make([]byte, 0, sizeHint(fields))
	return appendObject(b, fields)
}

// sizeHint is the size of the plain body of fields: exact, so that a
// body is allocated once and keeps no slack, unless a member is a hostile
// value or a map far past its maximum (whose sizes are estimates).
func sizeHint(fields []field) int {
	size := 2 + max(len(fields)-1, 0) // braces and commas
	for _, f := range fields {
		if f.hostile != nil && f.hostile.kind == hostileMany {
			size += f.hostile.sizeHint()
			continue
		}
		size += litLen(f.name) + len(":")
		switch {
		case f.fromSrc:
			size += f.src.litLen()
		case f.far != nil:
			size += f.far.sizeHint()
		case f.isObj:
			size += sizeHint(f.obj)
		case f.hostile != nil:
			size += f.hostile.sizeHint()
		case f.raw == nil:
			size += len("null")
		default:
			size += len(f.raw)
		}
	}
	return size
}

// litLen is the length of s's JSON string literal as jsontext.AppendString
// writes it (TestLitLen holds the two together): a quote each side, two
// bytes for a short escape, six for \u00XX, and six for the \ufffd an
// invalid byte becomes.
func litLen(s string) int {
	n := len(s) + 2
	valid := utf8.ValidString(s)
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '"' || c == '\\' || c == '\n' || c == '\r' || c == '\t':
			n++
		case c < 0x20:
			n += 5
		case c >= utf8.RuneSelf && !valid:
			if r, size := utf8.DecodeRuneInString(s[i:]); r == utf8.RuneError && size == 1 {
				n += 5
			} else {
				i += size - 1
			}
		}
	}
	return n
}

func appendObject(b []byte, fields []field) []byte {
	b = append(b, '{')
	for i, f := range fields {
		if i > 0 {
			b = append(b, ',')
		}
		if f.hostile != nil && f.hostile.kind == hostileMany {
			b = f.hostile.appendMembers(b, f.name, nil)
			continue
		}
		b = jsontext.AppendString(b, f.name)
		b = append(b, ':')
		switch {
		case f.fromSrc:
			b = f.src.appendLit(b)
		case f.far != nil:
			b = f.far.appendObject(b)
		case f.isObj:
			b = appendObject(b, f.obj)
		case f.hostile != nil:
			b = f.hostile.appendValue(b)
		case f.raw == nil:
			b = append(b, "null"...)
		default:
			b = append(b, f.raw...)
		}
	}
	return append(b, '}')
}

// jsonString encodes s as a JSON string, leaving <, > and & readable.
func jsonString(s string) []byte {
	return jsontext.AppendString(make([]byte, 0, len(s)+2), s)
}
