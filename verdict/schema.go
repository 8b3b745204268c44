package verdict

import (
	"encoding/json"
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Schema is one JSON Schema of the contract, as `go generate` compiles it
// from the spec (compiled.go): the keywords the contract uses and nothing
// more. The compiler refuses a spec with any other keyword, so that a
// keyword never goes unchecked here; TestCompiledAgreesWithSpec holds the
// verdicts of these schemas to those of the spec's own validators.
//
// A nil pointer or zero value means the keyword is absent.
type Schema struct {
	// Types lists the JSON types allowed ("object", "string", "null",
	// ...); none: any.
	Types []string
	// Const is the one value allowed: a string, a bool or nil, with
	// HasConst.
	Const    any
	HasConst bool

	MinLength, MaxLength *int
	// Pattern is an unanchored regular expression (Go's RE2 syntax, as the
	// spec's validators compile it).
	Pattern string
	// Format is a string format, asserted as kin-openapi asserts it by
	// default ("date-time", "date", "byte"); any other format is accepted.
	Format string

	Required                     []string
	Properties                   map[string]*Schema
	AdditionalProperties         *Schema
	PropertyNames                *Schema
	MinProperties, MaxProperties *int

	pattern, format *regexp.Regexp
}

// Int is a pointer to n, for the bounds of a Schema literal.
func Int(n int) *int { return &n }

// compile prepares the regular expressions of s and of the schemas under
// it.
func (s *Schema) compile() error {
	if s == nil {
		return nil
	}
	if s.Pattern != "" {
		re, err := regexp.Compile(s.Pattern)
		if err != nil {
			return fmt.Errorf("pattern %q: %w", s.Pattern, err)
		}
		s.pattern = re
	}
	if p := formatPatterns[s.Format]; p != "" {
		s.format = regexp.MustCompile(p)
	}
	for _, sub := range s.Properties {
		if err := sub.compile(); err != nil {
			return err
		}
	}
	if err := s.AdditionalProperties.compile(); err != nil {
		return err
	}
	return s.PropertyNames.compile()
}

// path is where a value is in a document: the member names down to it
// (none: the whole document). A judge builds the JSON pointer of a path
// only for a problem found there, and pushes and pops the names of the
// members it validates on one path (a scratch keeps it from text to text).
type path struct{ names []string }

// pointer is the JSON pointer of p ("" for the whole document).
func (p *path) pointer() string {
	if len(p.names) == 0 {
		return ""
	}
	var b strings.Builder
	for _, name := range p.names {
		b.WriteByte('/')
		b.WriteString(EscapeToken(name))
	}
	return b.String()
}

// validate appends to out every way v (decoded with UseNumber, at path
// at) breaks s: the leaves of the failure, as the spec's validators list
// them. A propertyNames failure is reported at the object, its keyword
// "propertyNames/<keyword>".
func (s *Schema) validate(v any, at *path, out *[]Problem) {
	typ := jsonType(v)
	if len(s.Types) > 0 && !slices.Contains(s.Types, typ) && !(typ == "integer" && slices.Contains(s.Types, "number")) &&
		!(typ == "number" && isIntegral(v) && slices.Contains(s.Types, "integer")) {
		*out = append(*out, Problem{Pointer: at.pointer(), Keyword: "type", Message: fmt.Sprintf("got %s, want %s", typeName(typ), typeList(s.Types))})
		return
	}
	if s.HasConst && !sameConst(v, s.Const) {
		*out = append(*out, Problem{Pointer: at.pointer(), Keyword: "const", Message: fmt.Sprintf("value must be %s", constText(s.Const))})
	}
	switch x := v.(type) {
	case string:
		s.validateString(x, at, out)
	case map[string]any:
		s.validateObject(x, at, out)
	}
}

func (s *Schema) validateString(x string, at *path, out *[]Problem) {
	n := utf8.RuneCountInString(x)
	if s.MinLength != nil && n < *s.MinLength {
		*out = append(*out, Problem{Pointer: at.pointer(), Keyword: "minLength", Message: fmt.Sprintf("minLength: got %d, want %d", n, *s.MinLength)})
	}
	if s.MaxLength != nil && n > *s.MaxLength {
		*out = append(*out, Problem{Pointer: at.pointer(), Keyword: "maxLength", Message: fmt.Sprintf("maxLength: got %d, want %d", n, *s.MaxLength)})
	}
	if s.pattern != nil && !s.pattern.MatchString(x) {
		*out = append(*out, Problem{Pointer: at.pointer(), Keyword: "pattern", Message: fmt.Sprintf("%s does not match pattern %s", strconv.Quote(x), strconv.Quote(s.Pattern))})
	}
	if s.format != nil {
		if err := checkFormat(s.Format, s.format, x); err != nil {
			*out = append(*out, Problem{Pointer: at.pointer(), Keyword: "format", Message: fmt.Sprintf("%s is not valid %s: %v", strconv.Quote(x), s.Format, err)})
		}
	}
}

func (s *Schema) validateObject(x map[string]any, at *path, out *[]Problem) {
	var missing []string
	for _, name := range s.Required {
		if _, ok := x[name]; !ok {
			missing = append(missing, name)
		}
	}
	if len(missing) > 0 {
		*out = append(*out, Problem{Pointer: at.pointer(), Keyword: "required", Message: fmt.Sprintf("missing properties %q", missing)})
	}
	if s.MinProperties != nil && len(x) < *s.MinProperties {
		*out = append(*out, Problem{Pointer: at.pointer(), Keyword: "minProperties", Message: fmt.Sprintf("minProperties: got %d, want %d", len(x), *s.MinProperties)})
	}
	if s.MaxProperties != nil && len(x) > *s.MaxProperties {
		*out = append(*out, Problem{Pointer: at.pointer(), Keyword: "maxProperties", Message: fmt.Sprintf("maxProperties: got %d, want %d", len(x), *s.MaxProperties)})
	}
	for name, value := range x {
		if sub := s.member(name); sub != nil {
			at.names = append(at.names, name)
			sub.validate(value, at, out)
			at.names = at.names[:len(at.names)-1]
		}
		if s.PropertyNames != nil {
			// The name's problems, reported at the object.
			n := len(*out)
			s.PropertyNames.validate(name, at, out)
			for i := n; i < len(*out); i++ {
				p := (*out)[i]
				(*out)[i] = Problem{Pointer: at.pointer(), Keyword: "propertyNames/" + p.Keyword, Message: fmt.Sprintf("member name %s: %s", strconv.Quote(name), p.Message)}
			}
		}
	}
}

// member is the schema of an object's member of that name under s
// (properties, else additionalProperties), nil when none applies (or s is
// nil).
func (s *Schema) member(name string) *Schema {
	if s == nil {
		return nil
	}
	if sub, ok := s.Properties[name]; ok {
		return sub
	}
	return s.AdditionalProperties
}

// jsonType is the JSON Schema type of a value decoded with UseNumber
// ("integer" for a number with no fraction).
func jsonType(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case string:
		return "string"
	case json.Number:
		if isIntegral(x) {
			return "integer"
		}
		return "number"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	// Never reached with a decoded value; reflect names the type as %T
	// would, without v escaping to the heap on every call.
	return reflect.TypeOf(v).String()
}

// isIntegral reports whether a number has no fractional part.
func isIntegral(v any) bool {
	n, ok := v.(json.Number)
	if !ok {
		return false
	}
	if _, err := strconv.ParseInt(string(n), 10, 64); err == nil {
		return true
	}
	f, err := strconv.ParseFloat(string(n), 64)
	return err == nil && f == float64(int64(f))
}

func typeName(t string) string {
	if t == "integer" {
		return "number"
	}
	return t
}

func typeList(ts []string) string {
	if len(ts) == 1 {
		return ts[0]
	}
	return fmt.Sprintf("one of %q", ts)
}

// sameConst compares a decoded value with a const of a Schema (a string, a
// bool or nil: the compiler allows no other).
func sameConst(v, c any) bool {
	switch c := c.(type) {
	case nil:
		return v == nil
	case bool:
		b, ok := v.(bool)
		return ok && b == c
	case string:
		s, ok := v.(string)
		return ok && s == c
	}
	return false
}

func constText(c any) string {
	if s, ok := c.(string); ok {
		return strconv.Quote(s)
	}
	return fmt.Sprint(c)
}

// The string formats kin-openapi asserts by default, with its patterns
// (openapi3.FormatOfStringDateTime and the others): the spec's validators
// assert formats with kin-openapi's, and these are copied so that judging
// links no OpenAPI library. TestFormatsAreKins holds them together.
const (
	formatDateTime = `^[0-9]{4}-(0[1-9]|10|11|12)-(0[1-9]|[12][0-9]|3[01])T([0-1][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\.[0-9]+)?(Z|(\+|-)([0-1][0-9]|2[0-3]):[0-5][0-9])$`
	formatDate     = `^[0-9]{4}-(0[1-9]|10|11|12)-(0[1-9]|[12][0-9]|3[01])$`
	formatByte     = `(^$|^[a-zA-Z0-9+/\-_]*=*$)`
)

// formatPatterns are the patterns of the formats asserted; any other
// format is accepted, as kin-openapi accepts formats it does not know.
var formatPatterns = map[string]string{"date-time": formatDateTime, "date": formatDate, "byte": formatByte}

// checkFormat asserts a string format as kin-openapi's default validators
// do: its pattern (re), and for dates a day that the month has (RFC 3339
// §5.7).
func checkFormat(name string, re *regexp.Regexp, x string) error {
	matches := dateTimeMatches
	if name != "date-time" {
		matches = re.MatchString
	}
	if !matches(x) {
		return fmt.Errorf("string doesn't match pattern %q", re.String())
	}
	if name != "byte" {
		if _, err := time.Parse(time.DateOnly, x[:len(time.DateOnly)]); err != nil {
			return err
		}
	}
	return nil
}
