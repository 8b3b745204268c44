package emulator

import (
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
func Parse(body []byte) (Request, error) {
	var req Request
	if len(trimJSONSpace(body)) == 0 {
		return req, errors.New("request body must be a JSON object, got an empty body")
	}
	var members map[string]json.RawMessage
	if err := json.Unmarshal(body, &members); err != nil {
		var typeErr *json.UnmarshalTypeError
		if errors.As(err, &typeErr) {
			return req, fmt.Errorf("request body must be a JSON object, got %s", typeErr.Value)
		}
		return req, fmt.Errorf("request body is not valid JSON: %v", err)
	}
	if members == nil { // the body was the literal null
		return req, errors.New("request body must be a JSON object, got null")
	}

	var err error
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

// requiredString decodes the top-level member name, which must be present,
// not null, and a JSON string.
func requiredString(members map[string]json.RawMessage, name string) (string, error) {
	raw, ok := members[name]
	if !ok || jsonKind(raw) == "null" {
		return "", fmt.Errorf("%s: is required", name)
	}
	return decodeString(raw, name)
}

// decodeString decodes raw, which must be a JSON string; subject names the
// value in the error message.
func decodeString(raw json.RawMessage, subject string) (string, error) {
	if kind := jsonKind(raw); kind != "string" {
		return "", fmt.Errorf("%s: must be a string, got %s", subject, kind)
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return "", fmt.Errorf("%s: must be a string: %v", subject, err)
	}
	return s, nil
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

// parseTags decodes and validates the optional tags member; absent or null
// gives a nil map.
func parseTags(raw json.RawMessage) (map[string]string, error) {
	if raw == nil {
		return nil, nil
	}
	kind := jsonKind(raw)
	if kind == "null" {
		return nil, nil
	}
	if kind != "object" {
		return nil, fmt.Errorf("tags: must be an object, got %s", kind)
	}
	var entries map[string]json.RawMessage
	if err := json.Unmarshal(raw, &entries); err != nil {
		return nil, fmt.Errorf("tags: must be an object: %v", err)
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
		v, err := decodeString(entries[k], subject)
		if err != nil {
			return nil, err
		}
		if err := checkTagValue(v, subject); err != nil {
			return nil, err
		}
		tags[k] = v
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

// jsonKind names the JSON type of a syntactically valid raw value.
func jsonKind(raw json.RawMessage) string {
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
