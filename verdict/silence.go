package verdict

import (
	"bytes"
	"encoding/json"
	"unicode/utf8"
)

// The silences of the contract: request bodies on which it says nothing,
// so that either envelope will do (the spec's description lists invalid
// UTF-8 and duplicate keys; RFC 8259 adds the two neighbours below).
const (
	// SilentInvalidUTF8: a JSON text with bytes that are not UTF-8 in a
	// string.
	SilentInvalidUTF8 = "invalid UTF-8"
	// SilentDuplicateKey: an object with two members of the same name
	// (RFC 8259 §4: the behaviour of the receiver is unpredictable).
	SilentDuplicateKey = "duplicate key"
	// SilentLoneSurrogate: a \u escape of a surrogate without its pair,
	// which names no character (RFC 8259 §8.2: unpredictable), the escaped
	// form of invalid UTF-8.
	SilentLoneSurrogate = "unpaired surrogate escape"
	// SilentByteOrderMark: a JSON text after a UTF-8 byte order mark,
	// which parsers may ignore rather than refuse (RFC 8259 §8.1).
	SilentByteOrderMark = "byte order mark"
)

var bom = []byte("\xef\xbb\xbf")

// Silence names what makes the contract silent on a request body (one of
// the Silent constants), or "" when it speaks. A body that is not one JSON
// text is never silent: it is malformed, whatever else it holds.
func Silence(body []byte) string { return SilenceOf(body, json.Valid(body)) }

// SilenceOf is Silence, told whether body is one JSON text (valid), for
// a caller that has decoded it already.
func SilenceOf(body []byte, valid bool) string {
	if rest, ok := bytes.CutPrefix(body, bom); ok && json.Valid(rest) {
		return SilentByteOrderMark
	}
	if !valid {
		return ""
	}
	if !utf8.Valid(body) {
		return SilentInvalidUTF8
	}
	return scanSilence(body)
}

// scanSilence walks a valid JSON text (valid UTF-8) for duplicate member
// names and unpaired surrogate escapes.
func scanSilence(body []byte) string {
	type frame struct {
		object bool
		keys   [][]byte // member names so far, decoded
		// seen holds keys once an object has more than manyKeys members,
		// so that a map of thousands of entries is checked in linear time.
		seen map[string]bool
		key  bool // the next string is a member name
	}
	const manyKeys = 16
	var stack []frame
	for i := 0; i < len(body); i++ {
		switch c := body[i]; c {
		case '{', '[':
			stack = append(stack, frame{object: c == '{', key: c == '{'})
		case '}', ']':
			stack = stack[:len(stack)-1]
		case ',':
			if top := len(stack) - 1; top >= 0 && stack[top].object {
				stack[top].key = true
			}
		case '"':
			end, escaped := stringEnd(body, i)
			lit := body[i : end+1]
			if escaped && loneSurrogate(lit) {
				return SilentLoneSurrogate
			}
			if top := len(stack) - 1; top >= 0 && stack[top].object && stack[top].key {
				name := lit[1 : len(lit)-1]
				if escaped {
					var s string
					_ = json.Unmarshal(lit, &s)
					name = []byte(s)
				}
				f := &stack[top]
				if f.seen == nil && len(f.keys) == manyKeys {
					f.seen = make(map[string]bool, 2*manyKeys)
					for _, k := range f.keys {
						f.seen[string(k)] = true
					}
				}
				if f.seen != nil {
					if f.seen[string(name)] {
						return SilentDuplicateKey
					}
					f.seen[string(name)] = true
				} else {
					for _, k := range f.keys {
						if bytes.Equal(k, name) {
							return SilentDuplicateKey
						}
					}
					f.keys = append(f.keys, name)
				}
				f.key = false
			}
			i = end
		}
	}
	return ""
}

// stringEnd returns the index of the quote that closes the string literal
// opening at body[start], and whether it holds an escape: the first quote
// after start with an even run of backslashes before it (each backslash
// escapes the byte after it), found by bytes.IndexByte, which reads a
// string of any length many bytes at a time.
func stringEnd(body []byte, start int) (int, bool) {
	from := start + 1
	for from < len(body) {
		q := bytes.IndexByte(body[from:], '"')
		if q < 0 {
			break
		}
		q += from
		run := 0
		for q-1-run > start && body[q-1-run] == '\\' {
			run++
		}
		if run%2 == 0 {
			return q, bytes.IndexByte(body[start+1:q], '\\') >= 0
		}
		from = q + 1
	}
	return len(body) - 1, bytes.IndexByte(body[min(start+1, len(body)):], '\\') >= 0
}

// loneSurrogate reports whether a string literal holds a \u escape of a
// surrogate that is not half of a high-low pair.
func loneSurrogate(lit []byte) bool {
	for i := 1; i < len(lit)-1; i++ {
		if lit[i] != '\\' {
			continue
		}
		if lit[i+1] != 'u' {
			i++
			continue
		}
		u := hex4(lit[i+2 : i+6])
		switch {
		case u >= 0xd800 && u < 0xdc00:
			if i+12 > len(lit)-1 || lit[i+6] != '\\' || lit[i+7] != 'u' {
				return true
			}
			if lo := hex4(lit[i+8 : i+12]); lo < 0xdc00 || lo > 0xdfff {
				return true
			}
			i += 11
		case u >= 0xdc00 && u < 0xe000:
			return true
		default:
			i += 5
		}
	}
	return false
}

// hex4 reads four hexadecimal digits (a valid JSON text has them).
func hex4(b []byte) rune {
	var r rune
	for _, c := range b {
		r <<= 4
		switch {
		case c >= '0' && c <= '9':
			r |= rune(c - '0')
		case c >= 'a' && c <= 'f':
			r |= rune(c-'a') + 10
		case c >= 'A' && c <= 'F':
			r |= rune(c-'A') + 10
		}
	}
	return r
}
