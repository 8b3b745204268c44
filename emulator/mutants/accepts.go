package mutants

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/putdestination/conformance/emulator"
)

// Defaults a lenient server falls back on.
const (
	defaultName      = "default"
	defaultTargetArn = "arn:aws:kinesis:us-east-1:123456789012:stream/default"
	defaultRoleArn   = "arn:aws:iam::123456789012:role/default"
)

// acceptsInvalid are mutants that accept what must be rejected, one
// constraint each: the harness must report rejects-invalid.
func acceptsInvalid() []Mutant {
	return []Mutant{
		{
			Name: "accepts-colon-in-name", Rule: "rejects-invalid",
			Description: "':' is not checked in destinationName (a name with one is accepted)",
			New:         rewriteName(func(n string) (string, bool) { return dropRunes(n, ":") }),
		},
		{
			Name: "accepts-asterisk-in-name", Rule: "rejects-invalid",
			Description: "'*' is not checked in destinationName (a name with one is accepted)",
			New:         rewriteName(func(n string) (string, bool) { return dropRunes(n, "*") }),
		},
		{
			Name: "accepts-513-character-name", Rule: "rejects-invalid",
			Description: "the destinationName limit is off by one: 513 characters are accepted",
			New: rewriteName(func(n string) (string, bool) {
				if utf8.RuneCountInString(n) != emulator.MaxDestinationNameLen+1 {
					return "", false
				}
				return truncate(n, emulator.MaxDestinationNameLen), true
			}),
		},
		{
			Name: "accepts-empty-name", Rule: "rejects-invalid",
			Description: "an empty destinationName is accepted (stored under a default name)",
			New: rewriteName(func(n string) (string, bool) {
				return defaultName, n == ""
			}),
		},
		{
			Name: "accepts-missing-target-arn", Rule: "rejects-invalid",
			Description: "a missing targetArn is accepted (a default stream is assumed)",
			New: rewriteMembers(func(o *object) bool {
				if _, ok := o.get("targetArn"); ok {
					return false
				}
				o.set("targetArn", quote(defaultTargetArn))
				return true
			}),
		},
		{
			Name: "accepts-empty-role-arn", Rule: "rejects-invalid",
			Description: "an empty roleArn is accepted (a default role is assumed)",
			New: rewriteMembers(func(o *object) bool {
				if s, ok := o.str("roleArn"); !ok || s != "" {
					return false
				}
				o.set("roleArn", quote(defaultRoleArn))
				return true
			}),
		},
		{
			Name: "accepts-null-required-member", Rule: "rejects-invalid",
			Description: "a required member that is null counts as absent-with-default instead of being rejected",
			New: rewriteMembers(func(o *object) bool {
				changed := false
				for key, def := range map[string]string{"destinationName": defaultName, "targetArn": defaultTargetArn, "roleArn": defaultRoleArn} {
					if raw, ok := o.get(key); ok && emulator.JSONKind(raw) == "null" {
						o.set(key, quote(def))
						changed = true
					}
				}
				return changed
			}),
		},
		{
			Name: "coerces-scalars-to-strings", Rule: "rejects-invalid",
			Description: "loose typing: a number or boolean where a string is required is turned into its text (42 becomes \"42\")",
			New: rewriteMembers(func(o *object) bool {
				changed := false
				for _, key := range []string{"destinationName", "targetArn", "roleArn"} {
					if raw, ok := o.get(key); ok {
						if s, ok := scalarText(raw); ok {
							o.set(key, quote(s))
							changed = true
						}
					}
				}
				if raw, ok := o.get("tags"); ok {
					if tags, ok := parseObject(raw); ok {
						tagsChanged := false
						for i, m := range tags.members {
							if s, ok := scalarText(m.raw); ok {
								tags.members[i].raw = quote(s)
								tagsChanged = true
							}
						}
						if tagsChanged {
							o.set("tags", tags.encode())
							changed = true
						}
					}
				}
				return changed
			}),
		},
		{
			Name: "accepts-trailing-bytes", Rule: "rejects-invalid",
			Description: "the body is decoded as a stream: bytes after the JSON object are ignored",
			New: rewriteBody(func(body []byte) ([]byte, bool) {
				dec := json.NewDecoder(bytes.NewReader(body))
				var first json.RawMessage
				if dec.Decode(&first) != nil || len(bytes.TrimSpace(body)) == len(first) {
					return nil, false
				}
				return first, true
			}),
		},
		{
			Name: "accepts-51-tags", Rule: "rejects-invalid",
			Description: "the tag count limit is off by one: 51 tags are accepted",
			New: rewriteTags(func(tags *object) bool {
				if len(tags.members) != emulator.MaxTags+1 {
					return false
				}
				tags.members = tags.members[:emulator.MaxTags]
				return true
			}),
		},
		{
			Name: "accepts-empty-tags-object", Rule: "rejects-invalid",
			Description: "tags {} is taken as no tags instead of being rejected (minimum 1 entry)",
			New: rewriteMembers(func(o *object) bool {
				raw, ok := o.get("tags")
				if !ok {
					return false
				}
				if tags, ok := parseObject(raw); !ok || len(tags.members) != 0 {
					return false
				}
				o.set("tags", json.RawMessage("null"))
				return true
			}),
		},
		{
			Name: "truncates-long-tag-keys", Rule: "rejects-invalid",
			Description: "tag keys over 128 characters (129 and up) are silently truncated instead of rejected",
			New: rewriteTags(func(tags *object) bool {
				changed := false
				for i, m := range tags.members {
					if utf8.RuneCountInString(m.key) > emulator.MaxTagKeyLen {
						tags.members[i].key = truncate(m.key, emulator.MaxTagKeyLen)
						changed = true
					}
				}
				return changed
			}),
		},
		{
			Name: "truncates-long-tag-values", Rule: "rejects-invalid",
			Description: "tag values over 256 characters (257 and up) are silently truncated instead of rejected",
			New: rewriteTags(func(tags *object) bool {
				changed := false
				for i, m := range tags.members {
					if s, ok := stringOf(m.raw); ok && utf8.RuneCountInString(s) > emulator.MaxTagValueLen {
						tags.members[i].raw = quote(truncate(s, emulator.MaxTagValueLen))
						changed = true
					}
				}
				return changed
			}),
		},
		{
			Name: "sanitizes-tag-keys", Rule: "rejects-invalid",
			Description: "tag key characters are not checked: refused characters are dropped instead of rejected",
			New: rewriteTags(func(tags *object) bool {
				changed := false
				for i, m := range tags.members {
					if k := keepTagRunes(m.key); k != m.key {
						if k == "" {
							k = fmt.Sprintf("tag%d", i)
						}
						tags.members[i].key = k
						changed = true
					}
				}
				return changed
			}),
		},
		{
			Name: "sanitizes-tag-values", Rule: "rejects-invalid",
			Description: "tag value characters are not checked: refused characters are dropped instead of rejected",
			New: rewriteTags(func(tags *object) bool {
				changed := false
				for i, m := range tags.members {
					if s, ok := stringOf(m.raw); ok {
						if v := keepTagRunes(s); v != s {
							tags.members[i].raw = quote(v)
							changed = true
						}
					}
				}
				return changed
			}),
		},
		{
			Name: "unanchored-tag-patterns", Rule: "rejects-invalid",
			Description: "the tag key and value patterns are unanchored: a key or value matches when any one character is allowed",
			New: rewriteTags(func(tags *object) bool {
				changed := false
				for i, m := range tags.members {
					if k := keepTagRunes(m.key); k != m.key && hasTagRune(m.key) {
						tags.members[i].key = k
						changed = true
					}
					if s, ok := stringOf(m.raw); ok && hasTagRune(s) {
						if v := keepTagRunes(s); v != s {
							tags.members[i].raw = quote(v)
							changed = true
						}
					}
				}
				return changed
			}),
		},
		{
			Name: "validates-first-3-tags-only", Rule: "rejects-invalid",
			Description: "only the first 3 tags are validated: a bad tag in 4th position or later is accepted",
			New: rewriteTags(func(tags *object) bool {
				changed := false
				for i := 3; i < len(tags.members); i++ {
					m := tags.members[i]
					k := truncate(keepTagRunes(m.key), emulator.MaxTagKeyLen)
					if k == "" {
						k = fmt.Sprintf("tag%d", i)
					}
					v, ok := stringOf(m.raw)
					if !ok {
						if v, ok = scalarText(m.raw); !ok {
							v = ""
						}
					}
					raw := quote(truncate(keepTagRunes(v), emulator.MaxTagValueLen))
					if k != m.key || !bytes.Equal(raw, m.raw) {
						tags.members[i] = member{k, raw}
						changed = true
					}
				}
				return changed
			}),
		},
	}
}

// dropRunes removes the characters of cut from a name; a name left empty
// becomes a default one, so that only the one check is missing.
func dropRunes(name, cut string) (string, bool) {
	if !strings.ContainsAny(name, cut) {
		return "", false
	}
	out := strings.Map(func(r rune) rune {
		if strings.ContainsRune(cut, r) {
			return -1
		}
		return r
	}, name)
	if out == "" {
		out = defaultName
	}
	return out, true
}

// scalarText is the text of a JSON number or boolean.
func scalarText(raw json.RawMessage) (string, bool) {
	switch emulator.JSONKind(raw) {
	case "number", "boolean":
		return string(bytes.TrimSpace(raw)), true
	}
	return "", false
}
