package spec

import (
	"strings"

	"github.com/go-openapi/jsonpointer"
)

// PointerPattern is a pointer into a request body with every token that
// names an entry of a map (a member the schema admits through
// additionalProperties, rather than one it names) replaced by "*": the
// place in the schema, the same whatever names a case drew. A pointer the
// schema does not reach is kept as it is past that point.
func (s *Spec) PointerPattern(pointer string) string {
	if pointer == "" {
		return ""
	}
	tokens := strings.Split(strings.TrimPrefix(pointer, "/"), "/")
	sch := s.RequestSchema()
	out := make([]string, len(tokens))
	for i, raw := range tokens {
		out[i] = raw
		if sch == nil {
			continue
		}
		name := jsonpointer.Unescape(raw)
		switch {
		case sch.Properties[name] != nil:
			sch = sch.Properties[name].Value
		case sch.AdditionalProperties.Schema != nil:
			out[i], sch = "*", sch.AdditionalProperties.Schema.Value
		case sch.Items != nil:
			out[i], sch = "*", sch.Items.Value
		default:
			sch = nil
		}
	}
	return "/" + strings.Join(out, "/")
}
