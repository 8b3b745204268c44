package verdict

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"slices"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// decodeText decodes body as one JSON text, numbers as json.Number, and
// refuses bytes after it (as the JSON Schema engine's UnmarshalJSON does).
//
// It is encoding/json's Decode(&any) with UseNumber and a trailing-bytes
// refusal, and it is asked for on every request and response, most of them
// bodies of a hundred bytes, for which a json.Decoder's buffer, scanner and
// reflection cost more than the judging. So a text that fastText reads is
// taken as fastText reads it; any other (malformed, or with what fastText
// leaves to encoding/json) is decoded by encoding/json itself, which also
// words the error. TestFastTextAgreesWithEncodingJSON and FuzzDecodeText
// hold the two to the same values.
func decodeText(body []byte, s *scratch, sch *Schema) (any, error) {
	if doc, ok := s.fastText(body, sch); ok {
		return doc, nil
	}
	return stdText(body)
}

// decodeFirst decodes the first JSON value of body, numbers as
// json.Number, ignoring what follows it (as openapi3filter reads a
// response body): json.Decoder's Decode, by fastText when body is one
// text and nothing more.
func decodeFirst(body []byte, s *scratch, sch *Schema) (any, error) {
	if doc, ok := s.fastText(body, sch); ok {
		return doc, nil
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var doc any
	if err := dec.Decode(&doc); err != nil {
		return nil, err
	}
	return doc, nil
}

// stdText is decodeText by encoding/json alone.
func stdText(body []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var doc any
	if err := dec.Decode(&doc); err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("invalid character after top-level value")
	}
	return doc, nil
}

// fastDepth is the deepest nesting fastText reads: encoding/json's own
// limit (maxNestingDepth), so that a deep text is read once, by the
// reader that notes its silence and limits; a deeper one goes to
// encoding/json, which refuses it and words the error.
const fastDepth = 10000

// fastText reads body as one JSON text (RFC 8259, with JSON's four
// whitespace bytes around it) into the values encoding/json's Decode(&any)
// with UseNumber makes: map[string]any (the last of duplicate names wins),
// []any (never nil), string, json.Number (the literal's text), bool and
// nil. It reports false, leaving the text to encoding/json, for anything
// that is not one JSON text and for what it does not read itself: strings
// with invalid UTF-8 or an unpaired surrogate escape (encoding/json
// replaces them with U+FFFD), and nesting deeper than fastDepth. So where
// it reports true, encoding/json decodes the same value; written by hand
// because no decoder of the standard library or of the module's
// dependencies returns encoding/json's values without its per-call
// buffers and reflection.
func fastText(body []byte) (any, bool) {
	var s *scratch
	return s.fastText(body, nil)
}

// fastText is fastText reading into s's values (nil: new ones), only as
// much of the value as sch looks at when both are set (see textReader.lazy).
func (s *scratch) fastText(body []byte, sch *Schema) (any, bool) {
	r := textReader{b: body, s: s, lazy: s != nil && sch != nil}
	return r.text(sch)
}

// textReader reads a JSON text from b, at i, and notes on the way what
// Silence and PastLimit would say of it.
type textReader struct {
	b []byte
	i int
	// s, when set, is where the values read come from (see scratch).
	s *scratch
	// lazy, with s set: the reader builds only what validating the text
	// against the schema it is given looks at. A value no schema applies
	// to (a member that neither properties nor additionalProperties name,
	// an element of an array: no keyword of a Schema looks into arrays) is
	// read, checked and noted as any other, and left nil; an array is
	// left empty. Every request and response is judged, and most of what
	// reading a large or deep one cost was building such values.
	lazy bool
	// dup: an object has two members of one name.
	dup bool
	// limit is the first parser limit a value goes past in the text (one
	// of the Silent constants of the limits but SilentTextSize), "" none.
	limit string
}

// text reads b as one JSON text (see fastText), to be validated against
// sch (see lazy).
func (r *textReader) text(sch *Schema) (any, bool) {
	r.space()
	v, ok := r.value(0, sch)
	if !ok {
		return nil, false
	}
	r.space()
	return v, r.i == len(r.b)
}

// silence is Silence of a text the reader read: it reads only valid
// UTF-8 without an unpaired surrogate escape or a byte order mark, so a
// duplicate name is the one silence left.
func (r *textReader) silence() string {
	if r.dup {
		return SilentDuplicateKey
	}
	return ""
}

// pastLimit is PastLimit of a text the reader read: the body's size first,
// then the first value past a limit, as the reader met them in text
// order.
func (r *textReader) pastLimit() string {
	if len(r.b) > MaxTextBytes {
		return SilentTextSize
	}
	return r.limit
}

// past notes that a value goes past the limit why, unless one before it
// did.
func (r *textReader) past(why string) {
	if r.limit == "" {
		r.limit = why
	}
}

// space skips JSON whitespace.
func (r *textReader) space() {
	for r.i < len(r.b) {
		switch r.b[r.i] {
		case ' ', '\t', '\n', '\r':
			r.i++
		default:
			return
		}
	}
}

// value reads one value at depth levels of nesting, to be validated
// against sch (see lazy).
func (r *textReader) value(depth int, sch *Schema) (any, bool) {
	if r.i >= len(r.b) {
		return nil, false
	}
	build := !r.lazy || sch != nil
	switch c := r.b[r.i]; {
	case c == '{':
		if !build {
			return nil, r.skipObject(depth + 1)
		}
		return r.object(depth+1, sch)
	case c == '[':
		return r.array(depth + 1)
	case c == '"':
		s, ok := r.str()
		if !build {
			return nil, ok
		}
		if v, named := r.s.named(s); named {
			return v, ok
		}
		return s, ok
	case c == 't':
		return true, r.literal("true")
	case c == 'f':
		return false, r.literal("false")
	case c == 'n':
		return nil, r.literal("null")
	case c == '-' || c >= '0' && c <= '9':
		v, ok := r.number()
		if !build {
			return nil, ok
		}
		return v, ok
	}
	return nil, false
}

// literal reads the literal word.
func (r *textReader) literal(word string) bool {
	if len(r.b)-r.i < len(word) || string(r.b[r.i:r.i+len(word)]) != word {
		return false
	}
	r.i += len(word)
	return true
}

// enter notes an object or an array at depth, and reports whether the
// reader goes that deep.
func (r *textReader) enter(depth int) bool {
	if depth > MaxDepth {
		r.past(SilentDepth)
	}
	return depth <= fastDepth
}

// object reads an object into a map, its members' values to be validated
// against what sch says of each (see lazy).
func (r *textReader) object(depth int, sch *Schema) (any, bool) {
	if !r.enter(depth) {
		return nil, false
	}
	r.i++ // {
	m := r.s.newMap()
	r.space()
	if r.i < len(r.b) && r.b[r.i] == '}' {
		r.i++
		return m, true
	}
	for {
		if r.i >= len(r.b) || r.b[r.i] != '"' {
			return nil, false
		}
		name, ok := r.str()
		if !ok {
			return nil, false
		}
		r.space()
		if r.i >= len(r.b) || r.b[r.i] != ':' {
			return nil, false
		}
		r.i++
		r.space()
		v, ok := r.value(depth, sch.member(name))
		if !ok {
			return nil, false
		}
		n := len(m)
		if m[name] = v; len(m) == n {
			r.dup = true
		}
		switch done, ok := r.next('}'); {
		case !ok:
			return nil, false
		case done:
			return m, true
		}
	}
}

// array reads an array: into a slice, or, read lazily, into none (see
// lazy): its elements are read but nothing validates them.
func (r *textReader) array(depth int) (any, bool) {
	if !r.enter(depth) {
		return nil, false
	}
	r.i++ // [
	var a []any
	if r.lazy {
		a = []any{}
	} else {
		a = r.s.newArray()
	}
	r.space()
	if r.i < len(r.b) && r.b[r.i] == ']' {
		r.i++
		return r.grown(a), true
	}
	for {
		v, ok := r.value(depth, nil)
		if !ok {
			return nil, false
		}
		if !r.lazy {
			a = append(a, v)
		}
		switch done, ok := r.next(']'); {
		case !ok:
			return nil, false
		case done:
			return r.grown(a), true
		}
	}
}

// grown notes the slice an array was read into with the scratch.
func (r *textReader) grown(a []any) []any {
	if !r.lazy {
		r.s.grown(a)
	}
	return a
}

// skipObject reads an object whose value nothing validates (see lazy):
// checked and noted as object does, a duplicate name too, with no map.
func (r *textReader) skipObject(depth int) bool {
	if !r.enter(depth) {
		return false
	}
	r.i++ // {
	r.space()
	if r.i < len(r.b) && r.b[r.i] == '}' {
		r.i++
		return true
	}
	// The names so far are on the scratch's stack from base; past
	// manyNames of them, in seen too, so that an object of thousands of
	// members is checked in linear time.
	const manyNames = 16
	base := len(r.s.keys)
	defer r.s.popKeys(base)
	var seen map[string]bool
	for {
		if r.i >= len(r.b) || r.b[r.i] != '"' {
			return false
		}
		name, ok := r.str()
		if !ok {
			return false
		}
		if seen == nil && len(r.s.keys)-base == manyNames {
			seen = make(map[string]bool, 2*manyNames)
			for _, n := range r.s.keys[base:] {
				seen[n] = true
			}
		}
		switch {
		case seen != nil:
			r.dup = r.dup || seen[name]
			seen[name] = true
		case slices.Contains(r.s.keys[base:], name):
			r.dup = true
		default:
			r.s.keys = append(r.s.keys, name)
		}
		r.space()
		if r.i >= len(r.b) || r.b[r.i] != ':' {
			return false
		}
		r.i++
		r.space()
		if _, ok := r.value(depth, nil); !ok {
			return false
		}
		switch done, ok := r.next('}'); {
		case !ok:
			return false
		case done:
			return true
		}
	}
}

// next reads what follows a member or an element: a comma (not done) or
// end, the closing byte (done); anything else is not ok.
func (r *textReader) next(end byte) (done, ok bool) {
	r.space()
	if r.i >= len(r.b) {
		return false, false
	}
	switch r.b[r.i] {
	case ',':
		r.i++
		r.space()
		return false, true
	case end:
		r.i++
		return true, true
	}
	return false, false
}

// number reads a number literal as json.Number, its text as written.
func (r *textReader) number() (any, bool) {
	b, start, i := r.b, r.i, r.i
	if b[i] == '-' {
		i++
	}
	switch {
	case i < len(b) && b[i] == '0':
		i++
	case i < len(b) && b[i] >= '1' && b[i] <= '9':
		i = digits(b, i+1)
	default:
		return nil, false
	}
	if i < len(b) && b[i] == '.' {
		if i = digits(b, i+1); b[i-1] == '.' {
			return nil, false
		}
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		if j := digits(b, i); j == i {
			return nil, false
		} else {
			i = j
		}
	}
	r.i = i
	if why := numberLimit(b[start:i]); why != "" {
		r.past(why)
	}
	return json.Number(r.s.text(b[start:i])), true
}

// digits returns the index after the decimal digits that start at i.
func digits(b []byte, i int) int {
	for i < len(b) && b[i] >= '0' && b[i] <= '9' {
		i++
	}
	return i
}

// str reads a string literal (the quote at r.i).
func (r *textReader) str() (string, bool) {
	b := r.b
	start := r.i + 1
	ascii := true
	for i := start; i < len(b); i++ {
		switch c := b[i]; {
		case c == '"':
			lit := b[start:i]
			if !ascii && !utf8.Valid(lit) {
				return "", false
			}
			r.i = i + 1
			r.sized(start, i)
			if v, named := r.s.intern(lit); named {
				return v.(string), true
			}
			return r.s.text(lit), true
		case c == '\\':
			return r.escaped(start, i)
		case c < 0x20:
			return "", false
		case c >= utf8.RuneSelf:
			ascii = false
		}
	}
	return "", false
}

// sized notes a string literal whose bytes between its quotes are
// b[start:end].
func (r *textReader) sized(start, end int) {
	if end-start > MaxStringBytes {
		r.past(SilentStringSize)
	}
}

// escaped reads the rest of a string literal that opened at start and
// holds an escape at i.
func (r *textReader) escaped(start, i int) (string, bool) {
	b := r.b
	// What it decodes to is never longer than the literal's bytes: one
	// allocation, which String hands over without a copy.
	end, _ := stringEnd(b, start-1)
	var out strings.Builder
	out.Grow(end - start)
	out.Write(b[start:i])
	for i < len(b) {
		c := b[i]
		switch {
		case c == '"':
			// The escapes and quotes are ASCII, so the literal's raw
			// bytes are valid UTF-8 exactly when each run between them
			// is.
			if !utf8.Valid(b[start:i]) {
				return "", false
			}
			r.i = i + 1
			r.sized(start, i)
			return out.String(), true
		case c < 0x20:
			return "", false
		case c != '\\':
			out.WriteByte(c)
			i++
			continue
		}
		if i+1 >= len(b) {
			return "", false
		}
		switch b[i+1] {
		case '"', '\\', '/':
			out.WriteByte(b[i+1])
		case 'b':
			out.WriteByte('\b')
		case 'f':
			out.WriteByte('\f')
		case 'n':
			out.WriteByte('\n')
		case 'r':
			out.WriteByte('\r')
		case 't':
			out.WriteByte('\t')
		case 'u':
			u := u4(b, i+2)
			switch {
			case u < 0:
				return "", false
			case utf16.IsSurrogate(u):
				// Only a high surrogate escape followed by a low one;
				// encoding/json writes U+FFFD for any other.
				if u >= 0xdc00 || i+11 >= len(b) || b[i+6] != '\\' || b[i+7] != 'u' {
					return "", false
				}
				lo := u4(b, i+8)
				if lo < 0xdc00 || lo > 0xdfff {
					return "", false
				}
				out.WriteRune(utf16.DecodeRune(u, lo))
				i += 12
				continue
			}
			out.WriteRune(u)
			i += 6
			continue
		default:
			return "", false
		}
		i += 2
	}
	return "", false
}

// u4 reads the four hexadecimal digits at b[i:], or returns -1.
func u4(b []byte, i int) rune {
	if i+4 > len(b) {
		return -1
	}
	var r rune
	for _, c := range b[i : i+4] {
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c = c - 'a' + 10
		case c >= 'A' && c <= 'F':
			c = c - 'A' + 10
		default:
			return -1
		}
		r = r<<4 | rune(c)
	}
	return r
}
