package generators

import (
	"fmt"
	"math"
	"slices"
	"unicode/utf8"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/putdestination/conformance/spec"
)

// Text is the constraint on one JSON string, read from a schema.
type Text struct {
	// Min is the fewest code points a valid string has: minLength, or 1
	// when the pattern wants a character at least (^C+$).
	Min int
	// MinLength is the minLength keyword itself (0 when absent): the
	// bound a string of MinLength-1 characters breaks.
	MinLength int
	Max       int // maxLength, in code points; Unbounded when absent
	// Class is the character class the pattern repeats (nil: any character).
	Class *Class
}

// valid reports whether s satisfies t: its length in code points and its
// class (a nil t: any string).
func (t *Text) valid(s string) bool {
	if t == nil {
		return true
	}
	n := utf8.RuneCountInString(s)
	return n >= t.Min && n <= t.Max && t.Class.Matches(s)
}

// Unbounded marks a string without maxLength.
const Unbounded = math.MaxInt

// Member is one property of the request object.
type Member struct {
	Name     string
	Required bool
	Nullable bool // the type array admits "null": null counts as absent
	// Exactly one of Text or Map is set.
	Text *Text
	Map  *MapShape
}

// MapShape is an object used as a map (tags): property counts, the
// propertyNames schema and the additionalProperties schema.
type MapShape struct {
	MinEntries, MaxEntries int
	Key, Value             Text
}

// Model is the request schema, read from the spec.
type Model struct {
	Members []Member // in the order the spec lists them
}

// Member returns the named member.
func (m *Model) Member(name string) (*Member, bool) {
	for i := range m.Members {
		if m.Members[i].Name == name {
			return &m.Members[i], true
		}
	}
	return nil, false
}

// NewModel reads the request schema of s. It fails on a schema the
// generators cannot honour exactly (say, a pattern that is not one repeated
// character class), rather than generating requests it cannot label.
func NewModel(s *spec.Spec) (*Model, error) {
	root := s.RequestSchema()
	if root == nil || !root.Type.Is("object") {
		return nil, fmt.Errorf("generators: request schema is not an object")
	}
	names := make([]string, 0, len(root.Properties))
	for name := range root.Properties {
		names = append(names, name)
	}
	// Required members first, in the order "required" lists them, then the
	// optional ones by name: a stable order for generated bodies.
	slices.SortFunc(names, func(a, b string) int {
		ia, ib := slices.Index(root.Required, a), slices.Index(root.Required, b)
		switch {
		case ia >= 0 && ib >= 0:
			return ia - ib
		case ia >= 0:
			return -1
		case ib >= 0:
			return 1
		}
		if a < b {
			return -1
		}
		return 1
	})
	m := &Model{}
	for _, name := range names {
		sch := root.Properties[name].Value
		if err := oneType(name, sch); err != nil {
			return nil, err
		}
		mem := Member{Name: name, Required: slices.Contains(root.Required, name), Nullable: sch.Type.IncludesNull()}
		switch {
		case sch.Type.Includes("string"):
			t, err := textOf(name, sch)
			if err != nil {
				return nil, err
			}
			mem.Text = &t
		case sch.Type.Includes("object"):
			ms, err := mapOf(name, sch)
			if err != nil {
				return nil, err
			}
			mem.Map = ms
		default:
			return nil, fmt.Errorf("generators: member %q: unsupported type %v", name, sch.Type)
		}
		m.Members = append(m.Members, mem)
	}
	return m, nil
}

// oneType checks that sch admits one JSON type, with or without null: the
// breakers send every other type as a wrong one, so a second type would
// be sent as invalid though the schema admits it.
func oneType(where string, sch *openapi3.Schema) error {
	var types []string
	if sch.Type != nil {
		types = slices.DeleteFunc(slices.Clone(sch.Type.Slice()), func(t string) bool { return t == "null" })
	}
	if len(types) != 1 {
		return fmt.Errorf("generators: %s: type %v, want one JSON type (and null or not)", where, types)
	}
	return nil
}

func textOf(where string, sch *openapi3.Schema) (Text, error) {
	t := Text{Min: int(sch.MinLength), MinLength: int(sch.MinLength), Max: Unbounded}
	if sch.MaxLength != nil {
		t.Max = int(*sch.MaxLength)
	}
	if sch.Pattern != "" {
		c, err := ParseClass(sch.Pattern)
		if err != nil {
			return t, fmt.Errorf("generators: %s: %w", where, err)
		}
		if c.AtLeastOne && t.Min < 1 {
			t.Min = 1
		}
		t.Class = c
	}
	return t, nil
}

func mapOf(where string, sch *openapi3.Schema) (*MapShape, error) {
	ms := &MapShape{MinEntries: int(sch.MinProps), MaxEntries: Unbounded}
	if sch.MaxProps != nil {
		ms.MaxEntries = int(*sch.MaxProps)
	}
	if sch.PropertyNames == nil || sch.PropertyNames.Value == nil {
		return nil, fmt.Errorf("generators: %s: object without propertyNames", where)
	}
	if sch.AdditionalProperties.Schema == nil || sch.AdditionalProperties.Schema.Value == nil {
		return nil, fmt.Errorf("generators: %s: object without an additionalProperties schema", where)
	}
	for what, s := range map[string]*openapi3.Schema{"keys": sch.PropertyNames.Value, "values": sch.AdditionalProperties.Schema.Value} {
		if s.Type == nil || !s.Type.Is("string") {
			return nil, fmt.Errorf("generators: %s %s: type %v, want string (not null)", where, what, s.Type)
		}
	}
	var err error
	if ms.Key, err = textOf(where+" keys", sch.PropertyNames.Value); err != nil {
		return nil, err
	}
	if ms.Value, err = textOf(where+" values", sch.AdditionalProperties.Schema.Value); err != nil {
		return nil, err
	}
	return ms, nil
}
