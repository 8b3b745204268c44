package generators

import (
	"encoding/json"
	"errors"
	"slices"
	"strconv"
	"unicode/utf8"

	"github.com/putdestination/conformance/internal/jsontext"
)

// docOf reads body, when it is one JSON object with every member once,
// into a doc: string values as text, the entries of a map member one by
// one, every other value as it is written. A string that is not what it
// decodes to (invalid UTF-8, a lone surrogate escape) stays as written
// too. The doc's spelling is as near the body's as a spelling gets: every
// character escaped when the body escapes any it need not, white space
// between tokens when it has some, members in the body's order. nil for
// any other body.
func (g *Set) docOf(body []byte) *doc {
	fields, ok := g.membersOf(body, true)
	if !ok {
		return nil
	}
	d := &doc{fields: fields, spell: spellingOf(body)}
	if !d.namesUnique() {
		return nil
	}
	return d
}

// spellingOf is the spelling nearest body's (see docOf).
func spellingOf(body []byte) spelling {
	var sp spelling
	start := -1
	for i := 0; i < len(body); i++ {
		c := body[i]
		switch {
		case start >= 0 && c == '\\':
			i++
		case start >= 0 && c == '"':
			lit := body[start : i+1]
			var s string
			if json.Unmarshal(lit, &s) == nil && string(jsonString(s)) != string(lit) {
				sp.escape = escapeAll
			}
			start = -1
		case start >= 0:
		case c == '"':
			start = i
		case c == ' ' || c == '\t' || c == '\r' || c == '\n':
			sp.space = true
		}
	}
	return sp
}

// membersOf reads the members of the JSON object raw (see docOf); top:
// those of the body, where a map member's entries are read one by one.
func (g *Set) membersOf(raw []byte, top bool) ([]field, bool) {
	var fields []field
	seen := map[string]bool{}
	err := jsontext.Members(raw, func(key string, v jsontext.Value) error {
		if seen[key] {
			return errDuplicate
		}
		seen[key] = true
		f := field{name: key}
		mem, known := g.Model.Member(key)
		switch {
		case v[0] == '"' && literalOf(v):
			var s string
			_ = json.Unmarshal(v, &s)
			f.src, f.fromSrc = plain(s), true
		case top && known && mem.Map != nil && v[0] == '{':
			obj, ok := g.membersOf(v, false)
			if !ok {
				return errDuplicate
			}
			f.obj, f.isObj = obj, true
		default:
			f.raw = slices.Clone([]byte(v))
		}
		fields = append(fields, f)
		return nil
	}, jsontext.AllowDuplicateNames(true), jsontext.AllowInvalidUTF8(true))
	if err != nil {
		return nil, false
	}
	return fields, true
}

// errDuplicate stops membersOf at a name given twice (names compared as
// they decode, invalid UTF-8 as U+FFFD, as encoding/json reads them).
var errDuplicate = errors.New("a member named twice")

// literalOf reports whether a JSON string literal means what it decodes
// to: valid UTF-8, and no lone surrogate escape (which decodes to U+FFFD).
func literalOf(raw []byte) bool {
	if !utf8.Valid(raw) {
		return false
	}
	high := false // the escape before was a high surrogate
	for i := 0; i < len(raw); i++ {
		if raw[i] != '\\' {
			if high {
				return false
			}
			continue
		}
		if i+5 >= len(raw) || raw[i+1] != 'u' {
			if high {
				return false
			}
			i++
			continue
		}
		v, err := strconv.ParseUint(string(raw[i+2:i+6]), 16, 16)
		if err != nil {
			return false
		}
		switch {
		case v >= 0xd800 && v < 0xdc00:
			if high {
				return false
			}
			high = true
		case v >= 0xdc00 && v < 0xe000:
			if !high {
				return false
			}
			high = false
		case high:
			return false
		}
		i += 5
	}
	return !high
}
