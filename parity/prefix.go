package parity

import (
	"bytes"
	"encoding/json"
	"strings"
	"unicode"

	"github.com/go-json-experiment/json/jsontext"
)

// reprefixed is body with the name prefix old replaced by new, and old
// with the case of its letters swapped by new so swapped (the aws
// dialect's DescribeDestinations probe asks for a name in the other case):
// wherever it is spelled plainly, and at the start of every top-level string
// member whose text starts with it however it is spelled (a name written
// with \u escapes, which the generators send), the prefix then written
// plainly and the rest of the string kept as spelled. A body that is not
// a JSON object gets the plain replacement only.
func reprefixed(body []byte, old, new string) []byte {
	for _, p := range prefixCases(old, new) {
		body = reprefixedOne(body, p[0], p[1])
	}
	return body
}

// prefixCases are the pairs of prefixes a body's are replaced by: the
// prefix as it is, and with the case of its letters swapped when that
// differs.
func prefixCases(old, new string) [][2]string {
	pairs := [][2]string{{old, new}}
	if s := swapCase(old); s != old {
		pairs = append(pairs, [2]string{s, swapCase(new)})
	}
	return pairs
}

// swapCase is s with its lowercase letters in uppercase and the other
// way round.
func swapCase(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsUpper(r) {
			return unicode.ToLower(r)
		}
		return unicode.ToUpper(r)
	}, s)
}

// unprefixed is an answer's body with new, the prefix the endpoint's names
// were given, replaced by old, the recorded one (in both cases), so that
// the answers compare.
func unprefixed(body []byte, old, new string) []byte {
	for _, p := range prefixCases(old, new) {
		body = bytes.ReplaceAll(body, []byte(p[1]), []byte(p[0]))
	}
	return body
}

func reprefixedOne(body []byte, old, new string) []byte {
	body = bytes.ReplaceAll(body, []byte(old), []byte(new))
	dec := jsontext.NewDecoder(bytes.NewReader(body), jsontext.AllowDuplicateNames(true), jsontext.AllowInvalidUTF8(true))
	if tok, err := dec.ReadToken(); err != nil || tok.Kind() != '{' {
		return body
	}
	type span struct{ start, end int64 }
	var spans []span
	for dec.PeekKind() != '}' {
		if _, err := dec.ReadToken(); err != nil {
			return body
		}
		v, err := dec.ReadValue()
		if err != nil {
			return body
		}
		var s string
		if v.Kind() == '"' && json.Unmarshal(v, &s) == nil && strings.HasPrefix(s, old) {
			end := dec.InputOffset()
			spans = append(spans, span{end - int64(len(v)), end})
		}
	}
	var out []byte
	at := int64(0)
	for _, s := range spans {
		raw := body[s.start:s.end]
		cut, ok := afterASCII(raw, len(old))
		if !ok {
			continue
		}
		out = append(append(append(append(out, body[at:s.start]...), '"'), new...), raw[cut:]...)
		at = s.end
	}
	return append(out, body[at:]...)
}

// afterASCII is the offset in raw, a JSON string token, after its first
// n characters, each one byte of text (the prefix is ASCII): one raw byte,
// a two-byte escape or a \uXXXX escape each.
func afterASCII(raw []byte, n int) (int, bool) {
	i := 1
	for range n {
		switch {
		case i+1 < len(raw) && raw[i] == '\\' && raw[i+1] == 'u':
			i += 6
		case i < len(raw) && raw[i] == '\\':
			i += 2
		default:
			i++
		}
		if i >= len(raw) {
			return 0, false
		}
	}
	return i, true
}

// memberString is the value of a top-level string member of a JSON
// object body ("" when there is none).
func memberString(body []byte, name string) string {
	var m map[string]any
	if json.Unmarshal(body, &m) != nil {
		return ""
	}
	s, _ := m[name].(string)
	return s
}

// withMember is body, a JSON object, with the value of its top-level
// member name replaced by the JSON string value; every other byte is kept.
// A body that is not a JSON object, or has no such member, is returned as
// it is.
func withMember(body []byte, name, value string) []byte {
	dec := jsontext.NewDecoder(bytes.NewReader(body), jsontext.AllowDuplicateNames(true), jsontext.AllowInvalidUTF8(true))
	if tok, err := dec.ReadToken(); err != nil || tok.Kind() != '{' {
		return body
	}
	for dec.PeekKind() != '}' {
		tok, err := dec.ReadToken()
		if err != nil {
			return body
		}
		member := tok.String() // a token is void after the next read
		v, err := dec.ReadValue()
		if err != nil {
			return body
		}
		if member == name {
			end := dec.InputOffset()
			quoted, err := jsontext.AppendQuote(nil, value)
			if err != nil {
				return body
			}
			out := append(append([]byte{}, body[:end-int64(len(v))]...), quoted...)
			return append(out, body[end:]...)
		}
	}
	return body
}
