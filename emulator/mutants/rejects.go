package mutants

import (
	"fmt"
	"net/http"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/putdestination/conformance/emulator"
)

// rejectsValid are mutants that reject what must be accepted: the harness
// must report accepts-valid.
func rejectsValid() []Mutant {
	const maxName = emulator.MaxDestinationNameLen
	return []Mutant{
		{
			Name: "name-length-in-bytes", Rule: "accepts-valid",
			Description: "the destinationName limit counts UTF-8 bytes, not characters",
			New: rejectName(func(n string) string {
				if len(n) > maxName {
					return fmt.Sprintf("destinationName: must be 1 to %d characters, got %d", maxName, len(n))
				}
				return ""
			}),
		},
		{
			Name: "name-length-in-utf16-units", Rule: "accepts-valid",
			Description: "the destinationName limit counts UTF-16 code units (astral characters count twice)",
			New: rejectName(func(n string) string {
				if units := len(utf16.Encode([]rune(n))); units > maxName {
					return fmt.Sprintf("destinationName: must be 1 to %d characters, got %d", maxName, units)
				}
				return ""
			}),
		},
		{
			Name: "name-max-off-by-one", Rule: "accepts-valid",
			Description: "the destinationName limit is exclusive: exactly 512 characters are rejected",
			New: rejectName(func(n string) string {
				if c := utf8.RuneCountInString(n); c >= maxName {
					return fmt.Sprintf("destinationName: must be fewer than %d characters, got %d", maxName, c)
				}
				return ""
			}),
		},
		{
			Name: "rejects-whitespace-only-name", Rule: "accepts-valid",
			Description: "a destinationName of white space only is taken as blank and rejected",
			New: rejectName(func(n string) string {
				if n != "" && strings.TrimSpace(n) == "" {
					return "destinationName: must not be blank"
				}
				return ""
			}),
		},
		{
			Name: "rejects-control-characters-in-name", Rule: "accepts-valid",
			Description: "control characters (tab, newline, NUL, DEL) in destinationName are rejected",
			New: rejectName(func(n string) string {
				if i := strings.IndexFunc(n, unicode.IsControl); i >= 0 {
					return fmt.Sprintf("destinationName: control character %q not allowed", n[i:i+1])
				}
				return ""
			}),
		},
		{
			Name: "rejects-empty-tag-value", Rule: "accepts-valid",
			Description: "an empty tag value is rejected (the value pattern is read as + instead of *)",
			New: rejectTags(func(tags object) string {
				for _, m := range tags.members {
					if s, ok := stringOf(m.raw); ok && s == "" {
						return "tags[" + m.key + "]: value must not be empty"
					}
				}
				return ""
			}),
		},
		{
			Name: "rejects-non-ascii-tag-key", Rule: "accepts-valid",
			Description: "tag keys are checked against an ASCII-only class instead of \\p{L}\\p{Z}\\p{N}",
			New: rejectTags(func(tags object) string {
				for _, m := range tags.members {
					for _, r := range m.key {
						if r >= utf8.RuneSelf {
							return fmt.Sprintf("tags: key %q: character %q is not allowed", m.key, r)
						}
					}
				}
				return ""
			}),
		},
		{
			Name: "rejects-50-tags", Rule: "accepts-valid",
			Description: "the tag count limit is exclusive: exactly 50 tags are rejected",
			New: rejectTags(func(tags object) string {
				if n := len(tags.members); n >= emulator.MaxTags {
					return fmt.Sprintf("tags: must have fewer than %d entries, got %d", emulator.MaxTags, n)
				}
				return ""
			}),
		},
		{
			Name: "rejects-null-tags", Rule: "accepts-valid",
			Description: "\"tags\": null is rejected as a wrong type instead of counting as absent",
			New: rejectObjectWhen(func(o object) string {
				if raw, ok := o.get("tags"); ok && emulator.JSONKind(raw) == "null" {
					return "tags: must be an object, got null"
				}
				return ""
			}),
		},
		{
			Name: "rejects-unknown-members", Rule: "accepts-valid",
			Description: "unknown top-level members are rejected instead of ignored",
			New: rejectObjectWhen(func(o object) string {
				for _, m := range o.members {
					switch m.key {
					case "destinationName", "targetArn", "roleArn", "tags":
					default:
						return fmt.Sprintf("unknown member %q", m.key)
					}
				}
				return ""
			}),
		},
		{
			Name: "rejects-bodies-over-64-kib", Rule: "accepts-valid",
			Description: "request bodies over 64 KiB are rejected, though the ARNs have no upper bound",
			New: rejectWhen(func(body []byte, _ object, _ bool) string {
				if len(body) > 64<<10 {
					return fmt.Sprintf("request body too large: limit is %d bytes", 64<<10)
				}
				return ""
			}),
		},
	}
}

// rejectName rejects a POST whose destinationName is a string refused by
// refuse (a non-empty message).
func rejectName(refuse func(name string) string) func() http.Handler {
	return rejectObjectWhen(func(o object) string {
		name, ok := o.str("destinationName")
		if !ok {
			return ""
		}
		return refuse(name)
	})
}

// rejectTags rejects a POST whose tags object is refused by refuse.
func rejectTags(refuse func(tags object) string) func() http.Handler {
	return rejectObjectWhen(func(o object) string {
		raw, ok := o.get("tags")
		if !ok {
			return ""
		}
		tags, ok := parseObject(raw)
		if !ok {
			return ""
		}
		return refuse(tags)
	})
}
