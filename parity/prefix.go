package parity

import (
	"bytes"
	"encoding/json"
	"strings"

	"github.com/go-json-experiment/json/jsontext"
)

// reprefixed is body with the name prefix old replaced by new: wherever
// it is spelled plainly, and at the start of every top-level string
// member whose text starts with it however it is spelled (a name written
// with \u escapes, which the generators send), the prefix then written
// plainly and the rest of the string kept as spelled. A body that is not
// a JSON object gets the plain replacement only.
func reprefixed(body []byte, old, new string) []byte {
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
