package mutants

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/putdestination/conformance/emulator"
)

// requestMembers are the members of the request, as the contract names them.
var requestMembers = []string{"destinationName", "targetArn", "roleArn", "tags"}

// lenientFaults are mutants whose decoder reads more than the contract
// allows, the way common decoders do: names matched without case or after
// trimming, null read as the empty string, a pattern checked on a prefix,
// a key check that an empty key passes, tags taken in another shape.
func lenientFaults() []Mutant {
	return []Mutant{
		{
			Name: "member-names-matched-without-case", Rule: "rejects-invalid",
			Description: `member names are matched without case, as Go's encoding/json matches struct fields: {"DestinationName": ...} is read as destinationName (of names that match, the last wins)`,
			New: rewriteMembers(func(o *object) bool {
				changed := false
				for _, name := range requestMembers {
					last := -1
					for i, m := range o.members {
						if strings.EqualFold(m.key, name) {
							last = i
							changed = changed || m.key != name
						}
					}
					if last < 0 {
						continue
					}
					raw := o.members[last].raw
					o.members = slices.DeleteFunc(o.members, func(m member) bool { return strings.EqualFold(m.key, name) })
					o.set(name, raw)
				}
				return changed
			}),
		},
		{
			Name: "trims-member-names", Rule: "accepts-valid",
			Description: `member names are trimmed of white space before they are matched, and a name that then comes twice is refused as a duplicate: {"roleArn": ..., "roleArn ": 42} is rejected`,
			New: rejectObjectWhen(func(o object) string {
				seen := map[string]bool{}
				for _, m := range o.members {
					name := strings.TrimSpace(m.key)
					if seen[name] && name != m.key {
						return fmt.Sprintf("duplicate member %q", name)
					}
					seen[name] = true
				}
				return ""
			}),
		},
		{
			Name: "null-tag-values-read-as-empty", Rule: "rejects-invalid",
			Description: `a null tag value is read as "", as decoding into Go's map[string]string reads it`,
			New: rewriteTags(func(tags *object) bool {
				changed := false
				for i, m := range tags.members {
					if emulator.JSONKind(m.raw) == "null" {
						tags.members[i].raw = quote("")
						changed = true
					}
				}
				return changed
			}),
		},
		{
			Name: "tag-keys-checked-from-the-start-only", Rule: "rejects-invalid",
			Description: "the tag key pattern is matched without its end anchor (^[...]+ against the key): a key that starts with an allowed character passes whatever follows",
			New: rewriteTags(func(tags *object) bool {
				changed := false
				for i, m := range tags.members {
					first, _ := utf8.DecodeRuneInString(m.key)
					if m.key != "" && emulator.IsTagRune(first) {
						if k := keepTagRunes(m.key); k != m.key {
							tags.members[i].key = k
							changed = true
						}
					}
				}
				return changed
			}),
		},
		{
			Name: "accepts-empty-tag-key", Rule: "rejects-invalid",
			Description: "an empty tag key is accepted: the key check looks at each character, and an empty key has none",
			New: rewriteTags(func(tags *object) bool {
				changed := false
				for i, m := range tags.members {
					if m.key == "" {
						tags.members[i].key = fmt.Sprintf("tag%d", i)
						changed = true
					}
				}
				return changed
			}),
		},
		{
			Name: "accepts-tags-as-key-value-list", Rule: "rejects-invalid",
			Description: `tags may also come as a list of {"Key": ..., "Value": ...} objects, the shape other AWS APIs take (an empty list is no tags)`,
			New: rewriteMembers(func(o *object) bool {
				raw, ok := o.get("tags")
				if !ok || emulator.JSONKind(raw) != "array" {
					return false
				}
				var list []struct{ Key, Value string }
				if json.Unmarshal(raw, &list) != nil {
					return false
				}
				if len(list) == 0 {
					o.set("tags", json.RawMessage("null"))
					return true
				}
				var tags object
				for _, kv := range list {
					tags.members = append(tags.members, member{kv.Key, quote(kv.Value)})
				}
				o.set("tags", tags.encode())
				return true
			}),
		},
	}
}
