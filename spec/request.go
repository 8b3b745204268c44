package spec

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/putdestination/conformance/verdict"
	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
)

// Verdict is what the spec says of one request body (verdict.Verdict).
type Verdict = verdict.Verdict

// RequestVerdict judges a request body with the request schema compiled
// once: the same JSON Schema 2020-12 engine, schema text, references and
// format checkers kin-openapi validates with, without compiling anew
// (getkin/kin-openapi#1186). Valid is exactly whether ValidateRequest finds
// no problem in the body; TestRequestVerdictAgreesWithKin and
// FuzzRequestVerdict hold the two together, and Problem is one of the
// problems ValidateRequest lists. It costs a small fraction of what
// ValidateRequest costs, since nothing is compiled per call: fuzzing and
// mutation judge every body with it.
//
// Mutation, shrinking and fuzzing take their expectations from it
// (generators.ExpectBody): either envelope when Silent is set, for a silence
// of the contract (Silence) or, on a valid body, for a parser limit of the
// contract notes that the body goes past (PastLimit).
func (s *Spec) RequestVerdict(body []byte) Verdict {
	if s.contract != nil {
		return s.contract.RequestVerdict(body)
	}
	return s.schemaVerdict(body)
}

// schemaVerdict is RequestVerdict with the request schema compiled once by
// the JSON Schema engine, for any document.
func (s *Spec) schemaVerdict(body []byte) Verdict {
	// One JSON text decodes, and nothing else does (the decoder refuses
	// trailing bytes): as json.Valid, without another pass over the body.
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(body))
	v := Verdict{Silent: verdict.SilenceOf(body, err == nil)}
	v.Valid, v.Problem = s.request.judge(body, doc, err)
	if v.Valid {
		v.Problem = Problem{}
		if v.Silent == "" {
			v.Silent = verdict.PastLimit(body)
		}
	}
	return v
}

// compiledRequest is the request body schema compiled once.
type compiledRequest struct {
	schema *jsonschema.Schema
	// members maps the location of each top-level member's schema in the
	// compiled document to the member: a propertyNames failure is
	// reported at the member, as resolvePropertyNames does (the
	// instance location the engine gives it is not reliable).
	members map[string]string
}

// judge mirrors ValidateRequest on the body alone, given its decoding (doc,
// or the error that the body is not one JSON text): an empty body breaks
// "required", a body that is not one JSON text breaks "json", and any other
// is validated against the compiled schema.
func (c *compiledRequest) judge(body []byte, doc any, decodeErr error) (bool, Problem) {
	switch {
	case len(body) == 0:
		return false, Problem{Keyword: "required", Message: "request body is required"}
	case decodeErr != nil:
		return false, Problem{Keyword: "json", Message: "body is not a single JSON text: " + decodeErr.Error()}
	}
	err := c.schema.Validate(doc)
	if err == nil {
		return true, Problem{}
	}
	verr, ok := err.(*jsonschema.ValidationError)
	if !ok {
		return false, Problem{Message: err.Error()}
	}
	var ps []Problem
	c.leaves(verr, "", &ps)
	if len(ps) == 0 {
		return false, Problem{Message: verr.Error()}
	}
	return false, verdict.SortProblems(ps)[0]
}

// leaves collects the problems at the leaves of a validation error, as
// kin-openapi's conversion and problems() flatten them; a failure under
// propertyNames is reported at the object, with the keyword
// "propertyNames/<keyword>", as resolvePropertyNames reports it.
func (c *compiledRequest) leaves(e *jsonschema.ValidationError, under string, out *[]Problem) {
	if _, ok := e.ErrorKind.(*kind.PropertyNames); ok && under == "" {
		_, fragment, _ := strings.Cut(e.SchemaURL, "#")
		if member, ok := c.members[strings.TrimSuffix(fragment, "/propertyNames")]; ok {
			under = Pointer(member)
		} else {
			under = Pointer(e.InstanceLocation...)
		}
		if under == "" {
			under = "/" // the root: "" would read as "not under propertyNames"
		}
	}
	if len(e.Causes) > 0 {
		for _, sub := range e.Causes {
			c.leaves(sub, under, out)
		}
		return
	}
	p := Problem{Pointer: Pointer(e.InstanceLocation...), Message: e.Error()}
	if kw := e.ErrorKind.KeywordPath(); len(kw) > 0 {
		p.Keyword = kw[len(kw)-1]
	}
	if under != "" {
		p.Pointer = strings.TrimSuffix(under, "/")
		p.Keyword = "propertyNames/" + p.Keyword
	}
	*out = append(*out, p)
}

// compileRequest compiles the request body schema the way kin-openapi's
// JSON Schema 2020-12 path does (openapi3.Schema.VisitJSON with
// EnableJSONSchema2020): the schema marshalled by kin-openapi, every
// reference to #/components/schemas copied under $defs, draft 2020-12, and
// every format the schema names asserted by kin-openapi's own validators.
func compileRequest(doc *openapi3.T, root *openapi3.Schema) (*compiledRequest, error) {
	text, err := json.Marshal(root)
	if err != nil {
		return nil, err
	}
	var tree any
	if err := json.Unmarshal(text, &tree); err != nil {
		return nil, err
	}
	top, ok := tree.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("request schema is not an object")
	}
	if err := inlineComponentRefs(doc, top); err != nil {
		return nil, err
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	if formats := formatsIn(top); len(formats) > 0 {
		for name := range formats {
			c.RegisterFormat(&jsonschema.Format{Name: name, Validate: kinFormat(name)})
		}
		c.AssertFormat()
	}
	const url = "https://spec.invalid/request.json"
	if err := c.AddResource(url, top); err != nil {
		return nil, err
	}
	sch, err := c.Compile(url)
	if err != nil {
		return nil, err
	}
	cr := &compiledRequest{schema: sch, members: map[string]string{}}
	props, _ := top["properties"].(map[string]any)
	for name, v := range props {
		loc := "/properties/" + escapeToken(name)
		if m, ok := v.(map[string]any); ok {
			if ref, ok := m["$ref"].(string); ok {
				loc = strings.TrimPrefix(ref, "#")
			}
		}
		cr.members[loc] = name
	}
	return cr, nil
}

// inlineComponentRefs rewrites every "$ref": "#/components/schemas/X" in
// top (and in what they refer to, transitively) to "#/$defs/X", copying
// each referred schema, as kin-openapi marshals it, under $defs.
func inlineComponentRefs(doc *openapi3.T, top map[string]any) error {
	const prefix = "#/components/schemas/"
	defs := map[string]any{}
	pending := []any{top}
	for len(pending) > 0 {
		node := pending[len(pending)-1]
		pending = pending[:len(pending)-1]
		switch n := node.(type) {
		case map[string]any:
			if ref, ok := n["$ref"].(string); ok && strings.HasPrefix(ref, prefix) {
				name := strings.TrimPrefix(ref, prefix)
				if _, done := defs[name]; !done {
					if doc.Components == nil || doc.Components.Schemas[name] == nil || doc.Components.Schemas[name].Value == nil {
						return fmt.Errorf("request schema: unresolved reference %s", ref)
					}
					text, err := json.Marshal(doc.Components.Schemas[name].Value)
					if err != nil {
						return err
					}
					var target any
					if err := json.Unmarshal(text, &target); err != nil {
						return err
					}
					defs[name] = target
					pending = append(pending, target)
				}
				n["$ref"] = "#/$defs/" + escapeToken(name)
			}
			for k, v := range n {
				if k != "$defs" {
					pending = append(pending, v)
				}
			}
		case []any:
			pending = append(pending, n...)
		}
	}
	if len(defs) > 0 {
		top["$defs"] = defs
	}
	return nil
}

// kinFormat validates a format as kin-openapi's JSON Schema 2020-12 path
// does with its default settings: strings by the string format of that
// name, numbers by the integer or number format (none: accepted).
func kinFormat(name string) func(any) error {
	return func(v any) error {
		var f float64
		switch v := v.(type) {
		case string:
			if sf := openapi3.SchemaStringFormats[name]; sf != nil {
				return sf.Validate(v)
			}
			return nil
		case json.Number:
			n, err := v.Float64()
			if err != nil {
				return nil
			}
			f = n
		case float64:
			f = v
		default:
			return nil
		}
		if f == math.Trunc(f) && !math.IsInf(f, 0) {
			if inf := openapi3.SchemaIntegerFormats[name]; inf != nil {
				return inf.Validate(int64(f))
			}
		}
		if nf := openapi3.SchemaNumberFormats[name]; nf != nil {
			return nf.Validate(f)
		}
		return nil
	}
}
