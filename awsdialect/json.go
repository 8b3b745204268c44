package awsdialect

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"

	"github.com/putdestination/conformance/internal/jsontext"
)

// object is a decoded JSON object, member names matched exactly (unlike
// encoding/json's struct fields); of duplicate names the last one wins, as
// encoding/json keeps. nil when the text is not one JSON object.
type object map[string]json.RawMessage

// members reads b in one pass (request bodies run to hundreds of
// kilobytes, and every exchange reads its request and its answer).
func members(b []byte) object {
	o := object{}
	err := jsontext.Members(b, func(name string, v jsontext.Value) error {
		o[name] = json.RawMessage(bytes.Clone(v))
		return nil
	}, lenient...)
	if err != nil {
		return nil
	}
	return o
}

// lenient reads what encoding/json reads: a name given twice, invalid
// UTF-8, lone surrogate escapes.
var lenient = []jsontext.Options{jsontext.AllowDuplicateNames(true), jsontext.AllowInvalidUTF8(true)}

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
// copying no other: as members(b)[name], cheaper.
func member(b []byte, name string) (json.RawMessage, bool) {
	var found json.RawMessage
	err := jsontext.Members(b, func(n string, v jsontext.Value) error {
		if n == name {
			found = json.RawMessage(bytes.Clone(v))
		}
		return nil
	}, lenient...)
	if err != nil || found == nil {
		return nil, false
	}
	return found, true
}
