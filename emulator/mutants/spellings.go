package mutants

import (
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"
)

// spellingFaults are mutants that read the JSON text instead of the value it
// spells: they check the raw text of a string, or parse by hand and expect
// one way of writing a body. The same request written otherwise (an
// escape, white space, another member order) gets another verdict.
func spellingFaults() []Mutant {
	return []Mutant{
		{
			Name: "name-pattern-checked-on-raw-text", Rule: "rejects-invalid",
			Description: `':' and '*' are looked for in destinationName's raw JSON text, so an escaped one ("a\u003ab") passes, and the decoded name is stored without it`,
			New: rewriteMembers(func(o *object) bool {
				raw, ok := o.get("destinationName")
				if !ok || strings.ContainsAny(string(raw), ":*") {
					return false // the raw check catches it
				}
				name, ok := stringOf(raw)
				if !ok || !strings.ContainsAny(name, ":*") {
					return false
				}
				kept, _ := dropRunes(name, ":*")
				o.set("destinationName", quote(kept))
				return true
			}),
		},
		{
			Name: "name-length-on-raw-text", Rule: "accepts-valid",
			Description: "the destinationName limit counts the characters of its raw JSON literal, escapes included (\\u00e9 is six)",
			New: rejectObjectWhen(func(o object) string {
				raw, ok := o.get("destinationName")
				if !ok || len(raw) < 2 || raw[0] != '"' {
					return ""
				}
				if n := utf8.RuneCount(raw[1 : len(raw)-1]); n > 512 {
					return fmt.Sprintf("destinationName: must be 1 to 512 characters, got %d", n)
				}
				return ""
			}),
		},
		{
			Name: "tag-key-escapes-not-decoded", Rule: "accepts-valid",
			Description: `tag keys are taken from the raw JSON text without decoding escapes, so a key sent as "\u00e9" is the six characters \u00e9, and '\' is not allowed`,
			New: rejectObjectWhen(func(o object) string {
				raw, ok := o.get("tags")
				if !ok {
					return ""
				}
				for _, m := range rawKeys.FindAllSubmatch(raw, -1) {
					if i := strings.IndexByte(string(m[1]), '\\'); i >= 0 {
						return fmt.Sprintf("tags: key %q: character %q is not allowed", m[1], '\\')
					}
				}
				return ""
			}),
		},
		{
			Name: "rejects-escaped-slash", Rule: "accepts-valid",
			Description: `a hand-rolled unescaper knows \" \\ \b \f \n \r \t and \u but not \/, and rejects a body that uses it`,
			New: rejectWhen(func(body []byte, _ object, _ bool) string {
				if escapesSlash(body) {
					return `request body is not valid JSON: unknown escape \/`
				}
				return ""
			}),
		},
		{
			Name: "rejects-leading-white-space", Rule: "accepts-valid",
			Description: "a hand-rolled parser wants '{' as the first byte: white space before the object is rejected",
			New: rejectWhen(func(body []byte, _ object, isObject bool) string {
				if isObject && len(body) > 0 && body[0] != '{' {
					return "request body must start with '{'"
				}
				return ""
			}),
		},
		{
			Name: "expects-member-order", Rule: "accepts-valid",
			Description: "a streaming parser reads destinationName, targetArn and roleArn as the first three members, in that order",
			New: rejectObjectWhen(func(o object) string {
				for i, want := range []string{"destinationName", "targetArn", "roleArn"} {
					if i >= len(o.members) || o.members[i].key != want {
						return fmt.Sprintf("member %d: want %s", i+1, want)
					}
				}
				return ""
			}),
		},
	}
}

// rawKeys finds the raw text of the keys of an object written as JSON: a
// string literal followed by ':' (inside a valid object, a value literal is
// followed by ',' or '}').
var rawKeys = regexp.MustCompile(`"((?:[^"\\]|\\.)*)"[ \t\r\n]*:`)

// escapesSlash reports whether a string of the JSON text body uses the \/
// escape.
func escapesSlash(body []byte) bool {
	inString := false
	for i := 0; i < len(body); i++ {
		switch c := body[i]; {
		case !inString:
			inString = c == '"'
		case c == '\\' && i+1 < len(body):
			if body[i+1] == '/' {
				return true
			}
			i++
		case c == '"':
			inString = false
		}
	}
	return false
}
