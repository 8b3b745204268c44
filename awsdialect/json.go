package awsdialect

import (
	"bytes"
	"encoding/json"
	"io"
	"strconv"
	"strings"

	"github.com/go-json-experiment/json/jsontext"
)

// object is a decoded JSON object, member names matched exactly (unlike
// encoding/json's struct fields); of duplicate names the last one wins, as
// encoding/json keeps. nil when the text is not one JSON object.
type object map[string]json.RawMessage

// members reads b in one pass (jsontext: request bodies run to hundreds of
// kilobytes, and every exchange reads its request and its answer).
func members(b []byte) object {
	// A *bytes.Buffer is read in place, without a copy.
	dec := jsontext.NewDecoder(bytes.NewBuffer(b), jsontext.AllowDuplicateNames(true), jsontext.AllowInvalidUTF8(true))
	if tok, err := dec.ReadToken(); err != nil || tok.Kind() != '{' {
		return nil
	}
	o := object{}
	for dec.PeekKind() != '}' {
		tok, err := dec.ReadToken()
		if err != nil {
			return nil
		}
		name := tok.String() // before the next read: it invalidates tok
		v, err := dec.ReadValue()
		if err != nil {
			return nil
		}
		o[name] = json.RawMessage(bytes.Clone(v))
	}
	if _, err := dec.ReadToken(); err != nil {
		return nil
	}
	if _, err := dec.ReadToken(); err != io.EOF {
		return nil // something after the object
	}
	return o
}

// str is the member when it is a JSON string.
func (o object) str(name string) (string, bool) {
	raw, ok := o[name]
	if !ok || kind(raw) != '"' {
		return "", false
	}
	if b, err := jsontext.AppendUnquote(nil, raw); err == nil {
		return string(b), true
	}
	// Invalid UTF-8 or a lone surrogate: as encoding/json reads it.
	var s string
	if json.Unmarshal(raw, &s) != nil {
		return "", false
	}
	return s, true
}

// obj is the member when it is a JSON object.
func (o object) obj(name string) (object, bool) {
	raw, ok := o[name]
	if !ok || kind(raw) != '{' {
		return nil, false
	}
	m := members(raw)
	return m, m != nil
}

// kind is the first byte of a JSON value: '"', '{', '[', 't', 'f', 'n', or
// a digit or '-' for a number (0 when empty).
func kind(raw json.RawMessage) byte {
	s := strings.TrimLeft(string(raw), " \t\r\n")
	if s == "" {
		return 0
	}
	return s[0]
}

// isNumber reports whether raw is a JSON number.
func isNumber(raw json.RawMessage) bool {
	k := kind(raw)
	return k == '-' || k >= '0' && k <= '9'
}

// isInteger reports whether raw is a JSON number written as an integer
// that fits in an int64 (no fraction, no exponent).
func isInteger(raw json.RawMessage) (int64, bool) {
	n, err := strconv.ParseInt(strings.TrimSpace(string(raw)), 10, 64)
	return n, err == nil
}

// excerpt shows a JSON value in a message, cut when long.
func excerpt(raw json.RawMessage) string {
	s := strings.TrimSpace(string(raw))
	if s == "" {
		return "nothing"
	}
	if len(s) > 80 {
		return strings.ToValidUTF8(s[:77], "") + "…"
	}
	return s
}

// quote quotes a name for a message, cut when long.
func quote(s string) string {
	if len(s) > 60 {
		return strconv.QuoteToASCII(strings.ToValidUTF8(s[:60], "")) + "…"
	}
	return strconv.QuoteToASCII(s)
}

// member reads the last value of one member of a JSON object in one pass,
// skipping the others (no copy of them): as members(b)[name], cheaper.
func member(b []byte, name string) (json.RawMessage, bool) {
	dec := jsontext.NewDecoder(bytes.NewBuffer(b), jsontext.AllowDuplicateNames(true), jsontext.AllowInvalidUTF8(true))
	if tok, err := dec.ReadToken(); err != nil || tok.Kind() != '{' {
		return nil, false
	}
	var found json.RawMessage
	for dec.PeekKind() != '}' {
		tok, err := dec.ReadToken()
		if err != nil {
			return nil, false
		}
		if tok.String() != name {
			if dec.SkipValue() != nil {
				return nil, false
			}
			continue
		}
		v, err := dec.ReadValue()
		if err != nil {
			return nil, false
		}
		found = json.RawMessage(bytes.Clone(v))
	}
	if _, err := dec.ReadToken(); err != nil {
		return nil, false
	}
	if _, err := dec.ReadToken(); err != io.EOF || found == nil {
		return nil, false
	}
	return found, true
}
