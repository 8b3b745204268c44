package emulator

import (
	"bytes"
	"encoding/binary"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/go-json-experiment/json/jsontext"
)

// scanDocument is decode's fast path, for the common body: valid UTF-8
// (which the caller has checked), well formed, with no escapes in member
// names. It reads the body without jsontext and reports ok; anything else
// (any syntax error, a lone surrogate escape, deep nesting) gives ok false,
// and decode reads the body with jsontext instead, which then also words the
// error. So this path only has to be right about what it accepts, and
// TestDecodeAgreesWithEncodingJSON holds it to that.
//
// It exists because jsontext decodes every non-ASCII character of every
// string to validate it, which made it most of the reference emulator's
// time on the harness's bodies (ARNs of tens of KiB of multi-byte text);
// here the whole body is checked as UTF-8 once, with the standard library,
// and strings are then scanned as bytes.
func scanDocument(body []byte) (doc document, ok bool) {
	s := scanner{b: body}
	s.space()
	if !s.next('{') {
		return doc, false
	}
	s.space()
	if s.next('}') {
		s.space()
		return doc, s.i == len(s.b)
	}
	for {
		name, escaped, ok := s.str()
		if !ok || escaped {
			return doc, false
		}
		s.space()
		if !s.next(':') {
			return doc, false
		}
		s.space()
		switch dst := doc.member(string(name)); {
		case dst == &doc.tags && s.peek() == '{':
			doc.tags = value{kind: '{'}
			if doc.entries, ok = s.entries(); !ok {
				return doc, false
			}
		case dst == nil:
			if !s.skip(2) {
				return doc, false
			}
		default:
			if *dst, ok = s.value(2); !ok {
				return doc, false
			}
		}
		s.space()
		if s.next('}') {
			break
		}
		if !s.next(',') {
			return doc, false
		}
		s.space()
	}
	s.space()
	return doc, s.i == len(s.b)
}

// scanner reads a body that is valid UTF-8: multi-byte characters have no
// byte below 0x80, so the grammar can be checked byte by byte.
type scanner struct {
	b []byte
	i int
}

// maxDepth bounds the nesting the fast path reads (encoding/json allows
// 10,000 levels); deeper bodies are left to jsontext.
const maxDepth = 64

func (s *scanner) peek() byte {
	if s.i < len(s.b) {
		return s.b[s.i]
	}
	return 0
}

func (s *scanner) next(c byte) bool {
	if s.peek() == c && s.i < len(s.b) {
		s.i++
		return true
	}
	return false
}

func (s *scanner) space() {
	for s.i < len(s.b) {
		switch s.b[s.i] {
		case ' ', '\t', '\n', '\r':
			s.i++
		default:
			return
		}
	}
}

// str reads a string and returns what is between its quotes, and whether
// it holds escapes (which it checks).
func (s *scanner) str() (inner []byte, escaped, ok bool) {
	if !s.next('"') {
		return nil, false, false
	}
	start := s.i
	// Most strings have no escape: find the closing quote and check the
	// bytes before it in bulk.
	rest := s.b[start:]
	if q := bytes.IndexByte(rest, '"'); q >= 0 && bytes.IndexByte(rest[:q], '\\') < 0 {
		if hasControl(rest[:q]) {
			return nil, false, false
		}
		s.i += q + 1
		return rest[:q], false, true
	}
	for s.i < len(s.b) {
		c := s.b[s.i]
		switch {
		case c == '"':
			s.i++
			return s.b[start : s.i-1], escaped, true
		case c < 0x20:
			return nil, false, false
		case c == '\\':
			escaped = true
			if s.i+1 >= len(s.b) {
				return nil, false, false
			}
			switch s.b[s.i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				s.i += 2
			case 'u':
				if s.i+6 > len(s.b) || !isHex4(s.b[s.i+2:s.i+6]) {
					return nil, false, false
				}
				s.i += 6
			default:
				return nil, false, false
			}
		default:
			s.i++
		}
	}
	return nil, false, false
}

// hasControl reports whether b holds a byte below 0x20, which a JSON string
// may not hold raw. It tests eight bytes at a time: subtracting 0x20 from
// every byte borrows out of the top bit of each byte below 0x20, and &^x
// drops the bytes that had the top bit set already; a borrow can also flag
// a neighbour, so a flagged word is checked byte by byte (the "hasless"
// test of Bit Twiddling Hacks). A byte loop was a third of the emulator's
// time on the harness's bodies.
func hasControl(b []byte) bool {
	i := 0
	for ; i+8 <= len(b); i += 8 {
		x := binary.LittleEndian.Uint64(b[i:])
		if (x-0x2020202020202020)&^x&0x8080808080808080 != 0 {
			for _, c := range b[i : i+8] {
				if c < 0x20 {
					return true
				}
			}
		}
	}
	for _, c := range b[i:] {
		if c < 0x20 {
			return true
		}
	}
	return false
}

func isHex4(b []byte) bool {
	for _, c := range b {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}

// text reads a string and returns its decoded text; one with a lone
// surrogate escape is left to the jsontext path.
func (s *scanner) text() (string, bool) {
	inner, escaped, ok := s.str()
	if !ok {
		return "", false
	}
	if !escaped {
		return string(inner), true
	}
	out, ok := unescape(make([]byte, 0, len(inner)), inner)
	return string(out), ok
}

// unescape appends the text of the inside of a string str has read: valid
// UTF-8 with well-formed escapes. It is false for an escaped surrogate
// outside a pair, which is left to jsontext. (jsontext.AppendUnquote
// decodes every character to check it, which str has done already.)
func unescape(dst, in []byte) ([]byte, bool) {
	for {
		i := bytes.IndexByte(in, '\\')
		if i < 0 {
			return append(dst, in...), true
		}
		dst = append(dst, in[:i]...)
		c := in[i+1]
		in = in[i+2:]
		switch c {
		case 'b':
			c = '\b'
		case 'f':
			c = '\f'
		case 'n':
			c = '\n'
		case 'r':
			c = '\r'
		case 't':
			c = '\t'
		case 'u':
			r := hex4(in)
			in = in[4:]
			if utf16.IsSurrogate(r) {
				if len(in) < 6 || in[0] != '\\' || in[1] != 'u' {
					return nil, false
				}
				if r = utf16.DecodeRune(r, hex4(in[2:])); r == utf8.RuneError {
					return nil, false
				}
				in = in[6:]
			}
			dst = utf8.AppendRune(dst, r)
			continue
		}
		dst = append(dst, c) // '"', '\\' and '/' stand for themselves
	}
}

// hex4 reads four hexadecimal digits (checked by str).
func hex4(b []byte) rune {
	var r rune
	for _, c := range b[:4] {
		switch {
		case c <= '9':
			c -= '0'
		case c >= 'a':
			c -= 'a' - 10
		default:
			c -= 'A' - 10
		}
		r = r<<4 | rune(c)
	}
	return r
}

// value reads one value at nesting depth depth, keeping the text of a
// string.
func (s *scanner) value(depth int) (value, bool) {
	k := kindAt(s.peek())
	if k == '"' {
		str, ok := s.text()
		return value{kind: k, str: str}, ok
	}
	return value{kind: k}, k != 0 && s.skip(depth)
}

// kindAt is the kind of the value starting with c (0: none).
func kindAt(c byte) jsontext.Kind {
	switch c {
	case '"', '{', '[', 'n', 't', 'f':
		return jsontext.Kind(c)
	case '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9':
		return '0'
	}
	return 0
}

// entries reads an object of tag entries.
func (s *scanner) entries() (map[string]value, bool) {
	entries := map[string]value{}
	s.i++ // '{'
	s.space()
	if s.next('}') {
		return entries, true
	}
	for {
		k, ok := s.text()
		if !ok {
			return nil, false
		}
		s.space()
		if !s.next(':') {
			return nil, false
		}
		s.space()
		if entries[k], ok = s.value(3); !ok {
			return nil, false
		}
		s.space()
		if s.next('}') {
			return entries, true
		}
		if !s.next(',') {
			return nil, false
		}
		s.space()
	}
}

// skip reads any value at nesting depth depth (the body's object is at
// depth 1).
func (s *scanner) skip(depth int) bool {
	switch c := s.peek(); {
	case c == '"':
		_, _, ok := s.str()
		return ok
	case c == '{' || c == '[':
		if depth > maxDepth {
			return false
		}
		return s.skipContainer(c, depth)
	case c == 't':
		return s.literal("true")
	case c == 'f':
		return s.literal("false")
	case c == 'n':
		return s.literal("null")
	}
	return s.number()
}

// skipContainer reads an object or an array.
func (s *scanner) skipContainer(open byte, depth int) bool {
	end := byte('}')
	if open == '[' {
		end = ']'
	}
	s.i++
	s.space()
	if s.next(end) {
		return true
	}
	for {
		if open == '{' {
			if _, _, ok := s.str(); !ok {
				return false
			}
			s.space()
			if !s.next(':') {
				return false
			}
			s.space()
		}
		if !s.skip(depth + 1) {
			return false
		}
		s.space()
		if s.next(end) {
			return true
		}
		if !s.next(',') {
			return false
		}
		s.space()
	}
}

func (s *scanner) literal(word string) bool {
	if len(s.b)-s.i < len(word) || string(s.b[s.i:s.i+len(word)]) != word {
		return false
	}
	s.i += len(word)
	return true
}

// number reads -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?.
func (s *scanner) number() bool {
	s.next('-')
	switch c := s.peek(); {
	case c == '0':
		s.i++
	case '1' <= c && c <= '9':
		s.digits()
	default:
		return false
	}
	if s.next('.') && !s.digits() {
		return false
	}
	if s.next('e') || s.next('E') {
		if !s.next('+') {
			s.next('-')
		}
		if !s.digits() {
			return false
		}
	}
	return true
}

// digits reads one or more digits.
func (s *scanner) digits() bool {
	start := s.i
	for s.i < len(s.b) && '0' <= s.b[s.i] && s.b[s.i] <= '9' {
		s.i++
	}
	return s.i > start
}
