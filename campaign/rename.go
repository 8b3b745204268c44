package campaign

import (
	"bytes"
	"encoding/json"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/go-json-experiment/json/jsontext"
	"github.com/putdestination/conformance/contract"
)

// withName is body with every top-level destinationName string replaced
// by name, every other byte kept: a recorded body sent again under a fresh
// name. When name is the old name with a marker inserted, the marker goes
// into the string as it is spelled (escapes kept); otherwise the string is
// written plainly. ok is false when body is not a JSON object with a
// destinationName string.
func withName(body []byte, name string) ([]byte, bool) {
	dec := jsontext.NewDecoder(bytes.NewReader(body), jsontext.AllowDuplicateNames(true), jsontext.AllowInvalidUTF8(true))
	if tok, err := dec.ReadToken(); err != nil || tok.Kind() != '{' {
		return body, false
	}
	type span struct{ start, end int64 }
	var spans []span
	for dec.PeekKind() != '}' {
		tok, err := dec.ReadToken()
		if err != nil {
			return body, false
		}
		isName := tok.String() == contract.IdentityMember && dec.PeekKind() == '"'
		v, err := dec.ReadValue()
		if err != nil {
			return body, false
		}
		if isName {
			end := dec.InputOffset()
			spans = append(spans, span{end - int64(len(v)), end})
		}
	}
	if len(spans) == 0 {
		return body, false
	}
	var out []byte
	at := int64(0)
	for _, s := range spans {
		raw := body[s.start:s.end]
		out = append(append(out, body[at:s.start]...), respelled(raw, name)...)
		at = s.end
	}
	return append(out, body[at:]...), true
}

// respelled is the JSON string raw (a string token, as spelled) holding
// name instead: the marker spliced into raw when name is raw's text with
// one run of characters inserted, else name written plainly.
func respelled(raw []byte, name string) []byte {
	var old string
	if json.Unmarshal(raw, &old) == nil && utf8.Valid(raw) && len(name) > len(old) {
		for k := 0; k <= len(old); k++ {
			marker := name[k : k+len(name)-len(old)]
			if old[:k] == name[:k] && old[k:] == name[k+len(marker):] {
				if at, ok := rawOffset(raw, k); ok {
					return append(append(append([]byte(nil), raw[:at]...), plain(marker)[1:len(plain(marker))-1]...), raw[at:]...)
				}
				break
			}
		}
	}
	return plain(name)
}

// plain is s as a JSON string, without escaping HTML characters.
func plain(s string) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s)
	return bytes.TrimSuffix(b.Bytes(), []byte("\n"))
}

// rawOffset is the offset in raw, a JSON string token of valid UTF-8, of
// the boundary after the first k bytes of its text; ok is false when no
// boundary of raw falls there (inside an escape of one character).
func rawOffset(raw []byte, k int) (int, bool) {
	i, text := 1, 0
	for text < k && i < len(raw)-1 {
		if raw[i] != '\\' {
			text++
			i++
			continue
		}
		if raw[i+1] != 'u' {
			text++
			i += 2
			continue
		}
		r := hex4(raw[i+2 : i+6])
		i += 6
		if utf16.IsSurrogate(r) && i+6 <= len(raw) && raw[i] == '\\' && raw[i+1] == 'u' {
			r = utf16.DecodeRune(r, hex4(raw[i+2:i+6]))
			i += 6
		}
		n := utf8.RuneLen(r)
		if n < 0 {
			n = len(string(utf8.RuneError)) // a lone surrogate reads as U+FFFD
		}
		text += n
	}
	return i, text == k
}

// hex4 is the code unit of the four hex digits of a \u escape.
func hex4(b []byte) rune {
	u, _ := strconv.ParseUint(string(b), 16, 16)
	return rune(u)
}
