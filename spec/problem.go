package spec

import (
	"errors"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/putdestination/conformance/verdict"
)

// Problem is one way a document broke the spec (verdict.Problem).
type Problem = verdict.Problem

// kinProblem is a problem as collected from kin-openapi's error tree, with
// the schema that failed, to tell propertyNames problems.
type kinProblem struct {
	Problem
	schema *openapi3.Schema
}

// Pointer builds an RFC 6901 JSON pointer from unescaped tokens
// (verdict.Pointer).
func Pointer(tokens ...string) string { return verdict.Pointer(tokens...) }

func escapeToken(t string) string { return verdict.EscapeToken(t) }

// problems flattens a kin-openapi validation error into leaf problems.
//
// kin-openapi's SchemaError tree carries the JSON pointer of each failing
// value, but under propertyNames the failing "value" is a property name, so
// the leaves there lose the object's location (and the node's own pointer is
// not reliable either). The leaves keep the schema that failed, and
// resolvePropertyNames recognises a member's propertyNames schema among
// them.
func problems(err error) []kinProblem {
	var out []kinProblem
	collect(err, &out)
	return out
}

// plain is ps without their schemas, in the order of verdict.SortProblems.
func plain(ps []kinProblem) []Problem {
	out := make([]Problem, len(ps))
	for i, p := range ps {
		out[i] = p.Problem
	}
	return verdict.SortProblems(out)
}

// collect walks the error tree with type switches, not errors.As: a
// SchemaError unwraps to its children, and errors.As would skip the node.
func collect(err error, out *[]kinProblem) {
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
		*out = append(*out, kinProblem{Problem: Problem{Pointer: Pointer(e.JSONPointer()...), Keyword: e.SchemaField, Message: e.Reason}, schema: e.Schema})
		return
	case *openapi3filter.ParseError:
		*out = append(*out, kinProblem{Problem: Problem{Pointer: "", Keyword: "json", Message: e.Error()}})
		return
	case *openapi3filter.RequestError:
		switch {
		case e.Parameter != nil:
			*out = append(*out, kinProblem{Problem: Problem{Pointer: "", Keyword: "header " + e.Parameter.Name, Message: e.Error()}})
		case errors.Is(e.Err, openapi3filter.ErrInvalidRequired):
			*out = append(*out, kinProblem{Problem: Problem{Pointer: "", Keyword: "required", Message: "request body is required"}})
		case e.Err != nil:
			collect(e.Err, out)
		default:
			*out = append(*out, kinProblem{Problem: Problem{Message: e.Error()}})
		}
		return
	case *openapi3filter.ResponseError:
		if e.Err != nil {
			collect(e.Err, out)
			return
		}
		*out = append(*out, kinProblem{Problem: Problem{Message: e.Error()}})
		return
	}
	if next := errors.Unwrap(err); next != nil {
		collect(next, out)
		return
	}
	*out = append(*out, kinProblem{Problem: Problem{Message: err.Error()}})
}

// resolvePropertyNames reports each problem raised by a member's
// propertyNames schema at that member, with the keyword
// "propertyNames/<keyword>".
func resolvePropertyNames(ps []kinProblem, root *openapi3.Schema) []Problem {
	for i := range ps {
		for name, ref := range root.Properties {
			if pn := ref.Value.PropertyNames; ps[i].schema != nil && pn != nil && pn.Value == ps[i].schema {
				ps[i].Pointer = Pointer(name)
				ps[i].Keyword = "propertyNames/" + ps[i].Keyword
			}
		}
	}
	return plain(ps)
}
