package emulator

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strconv"
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
// The body is decoded once into generic values (strings, json.Number,
// bools, maps, slices, nil for null) and checked from there: ARNs have no
// upper bound, so scanning a member again per check would cost as much as
// the whole request.
func Parse(body []byte) (Request, error) {
	var req Request
	if len(trimJSONSpace(body)) == 0 {
		return req, errors.New("request body must be a JSON object, got an empty body")
	}
	doc, err := decode(body)
	if err != nil {
		return req, err
	}
	members, ok := doc.(map[string]any)
	if !ok {
		return req, fmt.Errorf("request body must be a JSON object, got %s", valueKind(doc))
	}

	if req.DestinationName, err = requiredString(members, "destinationName"); err != nil {
		return Request{}, err
	}
	if err = checkDestinationName(req.DestinationName); err != nil {
		return Request{}, err
	}
	if req.TargetArn, err = requiredString(members, "targetArn"); err != nil {
		return Request{}, err
	}
	if req.TargetArn == "" {
		return Request{}, errors.New("targetArn: must be at least 1 character, got 0")
	}
	if req.RoleArn, err = requiredString(members, "roleArn"); err != nil {
		return Request{}, err
	}
	if req.RoleArn == "" {
		return Request{}, errors.New("roleArn: must be at least 1 character, got 0")
	}
	if req.Tags, err = parseTags(members["tags"]); err != nil {
		return Request{}, err
	}
	return req, nil
}

// decode reads the body as one JSON text. json.Unmarshal (which also
// refuses trailing data) is the fast path; a number too large for a float64
// is valid JSON, so that case is decoded again keeping numbers as text.
func decode(body []byte) (any, error) {
	var doc any
	err := json.Unmarshal(body, &doc)
	var typeErr *json.UnmarshalTypeError
	if !errors.As(err, &typeErr) {
		if err != nil {
			return nil, fmt.Errorf("request body is not valid JSON: %v", err)
		}
		return doc, nil
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("request body is not valid JSON: %v", err)
	}
	return doc, nil
}

// requiredString returns the top-level member name, which must be present,
// not null, and a JSON string.
func requiredString(members map[string]any, name string) (string, error) {
	v, ok := members[name]
	if !ok || v == nil {
		return "", fmt.Errorf("%s: is required", name)
	}
	return asString(v, name)
}

// asString returns v, which must be a JSON string; subject names the value
// in the error message.
func asString(v any, subject string) (string, error) {
	s, ok := v.(string)
	if !ok {
		return "", fmt.Errorf("%s: must be a string, got %s", subject, valueKind(v))
	}
	return s, nil
}

// valueKind names the JSON type of a decoded value.
func valueKind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case string:
		return "string"
	case bool:
		return "boolean"
	case json.Number, float64:
		return "number"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return fmt.Sprintf("%T", v)
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

// parseTags validates the optional tags member; absent or null gives a nil
// map.
func parseTags(v any) (map[string]string, error) {
	if v == nil {
		return nil, nil
	}
	entries, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("tags: must be an object, got %s", valueKind(v))
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
		subject := "tags[" + shortQuote(k) + "]"
		val, err := asString(entries[k], subject)
		if err != nil {
			return nil, err
		}
		if err := checkTagValue(val, subject); err != nil {
			return nil, err
		}
		tags[k] = val
	}
	return tags, nil
}

func checkTagKey(k string) error {
	n := utf8.RuneCountInString(k)
	if n < 1 || n > MaxTagKeyLen {
		return fmt.Errorf("tags: key must be 1 to %d characters, got %d", MaxTagKeyLen, n)
	}
	if i, r, bad := firstBadTagRune(k); bad {
		return fmt.Errorf("tags: key %s: character %d %q is not allowed (letters, separators, numbers and _.:/=+-@ only)",
			shortQuote(k), i, r)
	}
	return nil
}

func checkTagValue(v, subject string) error {
	n := utf8.RuneCountInString(v)
	if n > MaxTagValueLen {
		return fmt.Errorf("%s: value must be 0 to %d characters, got %d", subject, MaxTagValueLen, n)
	}
	if i, r, bad := firstBadTagRune(v); bad {
		return fmt.Errorf("%s: value character %d %q is not allowed (letters, separators, numbers and _.:/=+-@ only)",
			subject, i, r)
	}
	return nil
}

// firstBadTagRune returns the 1-based code point position and the first rune
// of s outside the tag character set, and whether there is one.
func firstBadTagRune(s string) (int, rune, bool) {
	i := 0
	for _, r := range s {
		i++
		if !IsTagRune(r) {
			return i, r, true
		}
	}
	return 0, 0, false
}

// IsTagRune reports whether r may appear in a tag key or value: a letter
// (\p{L}), a separator (\p{Z}), a number (\p{N}) or one of _ . : / = + - @.
func IsTagRune(r rune) bool {
	switch r {
	case '_', '.', ':', '/', '=', '+', '-', '@':
		return true
	}
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' || r == ' '
	}
	return unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.In(r, unicode.Z)
}

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
