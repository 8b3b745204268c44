package emulator

import (
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"sync"
	"unicode"
	"unicode/utf8"
)

// Limits of the contract, counted in Unicode code points (or entries).
const (
	MaxDestinationNameLen = 512
	MinTags               = 1
	MaxTags               = 50
	MaxTagKeyLen          = 128
	MaxTagValueLen        = 256
)

// Request is a decoded, valid PutDestination request.
type Request struct {
	DestinationName string
	TargetArn       string
	RoleArn         string
	Tags            map[string]string // nil when absent or null
}

// Parse decodes and validates a request body by the contract; the error
// message says what is wrong (it becomes the VALIDATION_ERROR message).
//
// The body is read once (see decode), keeping only the members the contract
// names: ARNs have no upper bound, so scanning a member again per check
// would cost as much as the whole request.
func Parse(body []byte) (Request, error) {
	if len(trimJSONSpace(body)) == 0 {
		return Request{}, errors.New("request body must be a JSON object, got an empty body")
	}
	doc, err := decode(body)
	if err != nil {
		return Request{}, err
	}
	var req Request
	if req.DestinationName, err = requiredString(doc.name, "destinationName"); err != nil {
		return Request{}, err
	}
	if err = checkDestinationName(req.DestinationName); err != nil {
		return Request{}, err
	}
	if req.TargetArn, err = requiredString(doc.target, "targetArn"); err != nil {
		return Request{}, err
	}
	if req.TargetArn == "" {
		return Request{}, errors.New("targetArn: must be at least 1 character, got 0")
	}
	if req.RoleArn, err = requiredString(doc.role, "roleArn"); err != nil {
		return Request{}, err
	}
	if req.RoleArn == "" {
		return Request{}, errors.New("roleArn: must be at least 1 character, got 0")
	}
	if req.Tags, err = parseTags(doc.tags, doc.entries); err != nil {
		return Request{}, err
	}
	return req, nil
}

// requiredString returns a top-level member, which must be present, not
// null, and a JSON string.
func requiredString(v value, name string) (string, error) {
	if v.absentOrNull() {
		return "", fmt.Errorf("%s: is required", name)
	}
	return asString(v, name)
}

// asString returns v, which must be a JSON string; subject names the value
// in the error message.
func asString(v value, subject string) (string, error) {
	if v.kind != '"' {
		return "", fmt.Errorf("%s: must be a string, got %s", subject, kindName(v.kind))
	}
	return v.str, nil
}

func checkDestinationName(name string) error {
	n := 0
	for _, r := range name {
		n++
		if r == ':' || r == '*' {
			return fmt.Errorf("destinationName: must not contain ':' or '*', found %q at character %d", r, n)
		}
	}
	if n < 1 || n > MaxDestinationNameLen {
		return fmt.Errorf("destinationName: must be 1 to %d characters, got %d", MaxDestinationNameLen, n)
	}
	return nil
}

// parseTags validates the optional tags member (its entries when it is an
// object); absent or null gives a nil map.
func parseTags(v value, entries map[string]value) (map[string]string, error) {
	if v.absentOrNull() {
		return nil, nil
	}
	if v.kind != '{' {
		return nil, fmt.Errorf("tags: must be an object, got %s", kindName(v.kind))
	}
	if len(entries) < MinTags || len(entries) > MaxTags {
		return nil, fmt.Errorf("tags: must have %d to %d entries, got %d", MinTags, MaxTags, len(entries))
	}
	// Check in a fixed order so that the message is deterministic.
	keys := make([]string, 0, len(entries))
	for k := range entries {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	tags := make(map[string]string, len(entries))
	for _, k := range keys {
		if err := checkTagKey(k); err != nil {
			return nil, err
		}
		v := entries[k]
		if v.kind != '"' {
			_, err := asString(v, tagSubject(k))
			return nil, err
		}
		if err := checkTagValue(v.str, k); err != nil {
			return nil, err
		}
		tags[k] = v.str
	}
	return tags, nil
}

func checkTagKey(k string) error {
	n, i, r, bad := tagText(k)
	if n < 1 || n > MaxTagKeyLen {
		return fmt.Errorf("tags: key must be 1 to %d characters, got %d", MaxTagKeyLen, n)
	}
	if bad {
		return fmt.Errorf("tags: key %s: character %d %q is not allowed (letters, separators, numbers and _.:/=+-@ only)",
			shortQuote(k), i, r)
	}
	return nil
}

// tagSubject names the entry of key k in messages.
func tagSubject(k string) string { return "tags[" + shortQuote(k) + "]" }

func checkTagValue(v, key string) error {
	n, i, r, bad := tagText(v)
	if n > MaxTagValueLen {
		return fmt.Errorf("%s: value must be 0 to %d characters, got %d", tagSubject(key), MaxTagValueLen, n)
	}
	if bad {
		return fmt.Errorf("%s: value character %d %q is not allowed (letters, separators, numbers and _.:/=+-@ only)",
			tagSubject(key), i, r)
	}
	return nil
}

// tagText reads a tag key or value in one pass: its length in code points,
// and the 1-based position and the rune of the first character outside the
// tag character set, if there is one (bad).
func tagText(s string) (n, at int, first rune, bad bool) {
	bmp := bmpTagRunes()
	for _, r := range s {
		n++
		if bad || tagRuneIn(bmp, r) {
			continue
		}
		at, first, bad = n, r, true
	}
	return n, at, first, bad
}

// IsTagRune reports whether r may appear in a tag key or value: a letter
// (\p{L}), a separator (\p{Z}), a number (\p{N}) or one of _ . : / = + - @.
func IsTagRune(r rune) bool { return tagRuneIn(bmpTagRunes(), r) }

// tagRuneIn is IsTagRune with the bitmap fetched by the caller (once per
// string, not per character).
func tagRuneIn(bmp *[1 << 10]uint64, r rune) bool {
	if r >= 0 && r < 1<<16 {
		return bmp[r>>6]&(1<<(r&63)) != 0
	}
	return isTagRune(r)
}

func isTagRune(r rune) bool {
	switch r {
	case '_', '.', ':', '/', '=', '+', '-', '@':
		return true
	}
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' || r == ' '
	}
	return unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.In(r, unicode.Z)
}

// bmpTagRunes is isTagRune for the Basic Multilingual Plane as a bitmap
// (8 KiB), built on first use: the unicode package answers by binary search
// in three range tables, which made tag checking a tenth of the reference
// emulator's time on bodies of non-ASCII tags.
var bmpTagRunes = sync.OnceValue(func() *[1 << 10]uint64 {
	var bits [1 << 10]uint64
	for r := rune(0); r < 1<<16; r++ {
		if isTagRune(r) {
			bits[r>>6] |= 1 << (r & 63)
		}
	}
	return &bits
})

// JSONKind names the JSON type of a syntactically valid raw value: string,
// number, boolean, null, object or array ("nothing" when empty). Exported for
// the mutants, which rewrite raw members.
func JSONKind(raw json.RawMessage) string {
	raw = trimJSONSpace(raw)
	if len(raw) == 0 {
		return "nothing"
	}
	switch raw[0] {
	case '"':
		return "string"
	case '{':
		return "object"
	case '[':
		return "array"
	case 't', 'f':
		return "boolean"
	case 'n':
		return "null"
	default:
		return "number"
	}
}

// trimJSONSpace removes JSON insignificant whitespace from both ends of b.
func trimJSONSpace(b []byte) []byte {
	isSpace := func(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }
	for len(b) > 0 && isSpace(b[0]) {
		b = b[1:]
	}
	for len(b) > 0 && isSpace(b[len(b)-1]) {
		b = b[:len(b)-1]
	}
	return b
}

// shortQuote quotes s for a message, eliding the middle of long strings.
func shortQuote(s string) string {
	const keep = 32
	if utf8.RuneCountInString(s) <= 2*keep {
		return strconv.Quote(s)
	}
	runes := []rune(s)
	return strconv.Quote(string(runes[:keep])) + "..." + strconv.Quote(string(runes[len(runes)-keep:]))
}
