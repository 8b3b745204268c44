// Package jsontext is the module's JSON text at the byte level: it appends
// string literals without reflection (AppendString), and reads an object's
// members in one pass (Members, over go-json-experiment's jsontext).
// AppendString is written by hand because encoding/json's Encoder
// (reflection, buffering, an HTML-escaping pass) is costly for this one
// job, which the pipeline does for every string of every exchange; a
// property test holds it to
// encoding/json's reading.
package jsontext

import "unicode/utf8"

// AppendString appends s as a JSON string literal (RFC 8259), leaving <, >
// and & readable; invalid UTF-8 becomes U+FFFD, as with encoding/json.
func AppendString(b []byte, s string) []byte {
	b = append(b, '"')
	if !utf8.ValidString(s) {
		return append(appendRepairing(b, s), '"')
	}
	// Valid UTF-8 (the common case, checked eight bytes at a time by the
	// standard library): only ASCII bytes can need escaping.
	start := 0
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c == '"' || c == '\\' {
			b = append(b, s[start:i]...)
			b = appendEscaped(b, c)
			start = i + 1
		}
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// appendRepairing appends the inside of the literal for s, which holds
// invalid UTF-8: each invalid byte becomes U+FFFD.
func appendRepairing(b []byte, s string) []byte {
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			i++
			if c < 0x20 || c == '"' || c == '\\' {
				b = append(b, s[start:i-1]...)
				b = appendEscaped(b, c)
				start = i
			}
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i++
			start = i
			continue
		}
		i += size
	}
	return append(b, s[start:]...)
}

// appendEscaped appends the escape sequence of an ASCII byte that needs one.
func appendEscaped(b []byte, c byte) []byte {
	const hexDigits = "0123456789abcdef"
	switch c {
	case '"', '\\':
		return append(b, '\\', c)
	case '\n':
		return append(b, '\\', 'n')
	case '\r':
		return append(b, '\\', 'r')
	case '\t':
		return append(b, '\\', 't')
	}
	return append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
}
