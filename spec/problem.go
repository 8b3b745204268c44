package spec

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
)

// Problem is one way a document broke the spec: the JSON pointer of the
// offending value (RFC 6901, "" for the whole document), the schema keyword
// that rejected it ("json" when the body is not JSON at all) and a message
// for people.
type Problem struct {
	Pointer string `json:"pointer"`
	Keyword string `json:"keyword"`
	Message string `json:"message"`

	// schema is the schema that failed, to tell propertyNames problems.
	schema *openapi3.Schema
}

func (p Problem) String() string {
	return fmt.Sprintf("%s %s: %s", displayPointer(p.Pointer), p.Keyword, p.Message)
}

func displayPointer(p string) string {
	if p == "" {
		return "/"
	}
	return p
}

// Pointer builds an RFC 6901 JSON pointer from unescaped tokens.
func Pointer(tokens ...string) string {
	var b strings.Builder
	for _, t := range tokens {
		b.WriteByte('/')
		b.WriteString(escapeToken(t))
	}
	return b.String()
}

// tokenEscaper escapes one reference token (RFC 6901, section 3); built
// once, as a Replacer builds its tables on first use.
var tokenEscaper = strings.NewReplacer("~", "~0", "/", "~1")

func escapeToken(t string) string { return tokenEscaper.Replace(t) }

// problems flattens a kin-openapi validation error into leaf problems.
//
// kin-openapi's SchemaError tree carries the JSON pointer of each failing
// value, but under propertyNames the failing "value" is a property name, so
// the leaves there lose the object's location (and the node's own pointer is
// not reliable either). The leaves keep the schema that failed, and
// resolvePropertyNames recognises a member's propertyNames schema among
// them.
func problems(err error) []Problem {
	var out []Problem
	collect(err, &out)
	return sortProblems(out)
}

func sortProblems(ps []Problem) []Problem {
	slices.SortFunc(ps, func(a, b Problem) int {
		return strings.Compare(a.Pointer+" "+a.Keyword, b.Pointer+" "+b.Keyword)
	})
	return slices.CompactFunc(ps, func(a, b Problem) bool { return a.Pointer == b.Pointer && a.Keyword == b.Keyword })
}

// collect walks the error tree with type switches, not errors.As: a
// SchemaError unwraps to its children, and errors.As would skip the node.
func collect(err error, out *[]Problem) {
	switch e := err.(type) {
	case nil:
		return
	case openapi3.MultiError:
		for _, sub := range e {
			collect(sub, out)
		}
		return
	case *openapi3.SchemaError:
		var sub openapi3.MultiError
		if e.Origin != nil && errors.As(e.Origin, &sub) {
			collect(sub, out)
			return
		}
		*out = append(*out, Problem{Pointer: Pointer(e.JSONPointer()...), Keyword: e.SchemaField, Message: e.Reason, schema: e.Schema})
		return
	case *openapi3filter.ParseError:
		*out = append(*out, Problem{Pointer: "", Keyword: "json", Message: e.Error()})
		return
	case *openapi3filter.RequestError:
		switch {
		case e.Parameter != nil:
			*out = append(*out, Problem{Pointer: "", Keyword: "header " + e.Parameter.Name, Message: e.Error()})
		case errors.Is(e.Err, openapi3filter.ErrInvalidRequired):
			*out = append(*out, Problem{Pointer: "", Keyword: "required", Message: "request body is required"})
		case e.Err != nil:
			collect(e.Err, out)
		default:
			*out = append(*out, Problem{Message: e.Error()})
		}
		return
	case *openapi3filter.ResponseError:
		if e.Err != nil {
			collect(e.Err, out)
			return
		}
		*out = append(*out, Problem{Message: e.Error()})
		return
	}
	if next := errors.Unwrap(err); next != nil {
		collect(next, out)
		return
	}
	*out = append(*out, Problem{Message: err.Error()})
}

// resolvePropertyNames reports each problem raised by a member's
// propertyNames schema at that member, with the keyword
// "propertyNames/<keyword>".
func resolvePropertyNames(ps []Problem, root *openapi3.Schema) []Problem {
	for i := range ps {
		for name, ref := range root.Properties {
			if pn := ref.Value.PropertyNames; ps[i].schema != nil && pn != nil && pn.Value == ps[i].schema {
				ps[i].Pointer = Pointer(name)
				ps[i].Keyword = "propertyNames/" + ps[i].Keyword
			}
		}
		ps[i].schema = nil
	}
	return sortProblems(ps)
}
