package emulator

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"unicode"
	"unicode/utf8"
)

// parseTags validates the optional tags member raw (nil when absent). Absent
// or null gives a nil map. Otherwise it must be an object of MinTags to
// MaxTags entries (duplicate keys: the last one wins); each key has 1 to
// MaxTagKeyLen code points and each value is a string of 0 to
// MaxTagValueLen code points, all of them tag characters (see IsTagRune).
// Entries are checked in key order, so the error is always the same.
func parseTags(raw json.RawMessage) (map[string]string, error) {
	switch kind := JSONKind(raw); kind {
	case "nothing", "null":
		return nil, nil
	case "object":
	default:
		return nil, fmt.Errorf("tags: must be an object, got %s", kind)
	}
	var entries map[string]json.RawMessage
	if err := json.Unmarshal(raw, &entries); err != nil {
		return nil, fmt.Errorf("tags: %v", err)
	}
	if len(entries) < MinTags || len(entries) > MaxTags {
		return nil, fmt.Errorf("tags: must have %d to %d entries, got %d", MinTags, MaxTags, len(entries))
	}
	tags := make(map[string]string, len(entries))
	for _, key := range slices.Sorted(maps.Keys(entries)) {
		if err := checkTagKey(key); err != nil {
			return nil, err
		}
		subject := "tags[" + shortQuote(key) + "]"
		value, err := decodeString(entries[key], subject)
		if err != nil {
			return nil, err
		}
		if err := checkTagValue(value, subject); err != nil {
			return nil, err
		}
		tags[key] = value
	}
	return tags, nil
}

// IsTagRune reports whether r may appear in a tag key or value: a letter
// (\p{L}), a separator (\p{Z}), a number (\p{N}) or one of _ . : / = + - @.
func IsTagRune(r rune) bool {
	switch r {
	case '_', '.', ':', '/', '=', '+', '-', '@':
		return true
	}
	return unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.In(r, unicode.Z)
}

func checkTagKey(key string) error {
	if n := utf8.RuneCountInString(key); n < 1 || n > MaxTagKeyLen {
		return fmt.Errorf("tags: key must be 1 to %d characters, got %d", MaxTagKeyLen, n)
	}
	if at, r, found := firstNonTagRune(key); found {
		return fmt.Errorf("tags: key %s: character %d %q is not allowed (letters, separators, numbers and _.:/=+-@ only)",
			shortQuote(key), at, r)
	}
	return nil
}

// checkTagValue checks a tag value; subject names its entry.
func checkTagValue(value, subject string) error {
	if n := utf8.RuneCountInString(value); n > MaxTagValueLen {
		return fmt.Errorf("%s: value must be 0 to %d characters, got %d", subject, MaxTagValueLen, n)
	}
	if at, r, found := firstNonTagRune(value); found {
		return fmt.Errorf("%s: value character %d %q is not allowed (letters, separators, numbers and _.:/=+-@ only)",
			subject, at, r)
	}
	return nil
}

// firstNonTagRune returns the first character of s that is not a tag
// character and its position, counted in code points from 1.
func firstNonTagRune(s string) (at int, r rune, found bool) {
	n := 0
	for _, c := range s {
		n++
		if !IsTagRune(c) {
			return n, c, true
		}
	}
	return 0, 0, false
}

// shortQuote quotes s for a message, eliding the middle of long strings.
func shortQuote(s string) string {
	const keep = 32
	runes := []rune(s)
	if len(runes) <= 2*keep {
		return strconv.Quote(s)
	}
	return strconv.Quote(string(runes[:keep])) + "..." + strconv.Quote(string(runes[len(runes)-keep:]))
}
