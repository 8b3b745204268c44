package spec

import (
	"bytes"
	"encoding/json"
	"errors"
	"strconv"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

// compiledBodies holds, for each status the operation declares, its
// application/json response schema compiled once with
// santhosh-tekuri/jsonschema/v6: the JSON Schema 2020-12 engine kin-openapi
// itself validates OpenAPI 3.1 schemas with, given the same schema text
// (kin-openapi's own marshalling) and the same format checkers.
//
// kin-openapi compiles that validator anew on every call
// (getkin/kin-openapi#1186), which costs more than the exchange it judges;
// the compiled copy answers only "does this body conform?". A body it
// accepts needs no problem list; any other body is validated by
// openapi3filter, whose problems are the ones reported.
// TestCompiledAgreesWithKin holds the two to the same verdicts.
type compiledBodies map[int]*jsonschema.Schema

// compileBodies compiles what it can; a status whose schema does not
// compile is simply left to openapi3filter.
func compileBodies(op *openapi3.Operation) compiledBodies {
	out := compiledBodies{}
	for code, ref := range op.Responses.Map() {
		status, err := strconv.Atoi(code)
		if err != nil || ref.Value == nil {
			continue
		}
		mt := ref.Value.Content.Get("application/json")
		if mt == nil || mt.Schema == nil || mt.Schema.Value == nil {
			continue
		}
		if sch, err := compileSchema(mt.Schema.Value); err == nil {
			out[status] = sch
		}
	}
	return out
}

// compileSchema compiles schema as kin-openapi's JSON Schema 2020-12 path
// does: marshalled by kin-openapi, draft 2020-12, formats asserted with
// kin-openapi's string format validators.
func compileSchema(schema *openapi3.Schema) (*jsonschema.Schema, error) {
	text, err := json.Marshal(schema)
	if err != nil {
		return nil, err
	}
	if bytes.Contains(text, []byte(`"$ref"`)) {
		// kin-openapi rewrites internal references before compiling; leave
		// such schemas to it rather than resolve them differently.
		return nil, errors.New("schema has references")
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(text))
	if err != nil {
		return nil, err
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	// As kin-openapi does: every format the schema names is asserted, a
	// string by kin-openapi's validator for that format (none: accepted).
	// Other values (number formats) are left to kin-openapi itself.
	for name := range formatsIn(doc) {
		f := openapi3.SchemaStringFormats[name]
		c.RegisterFormat(&jsonschema.Format{Name: name, Validate: func(v any) error {
			s, ok := v.(string)
			switch {
			case !ok:
				return errNotString
			case f == nil:
				return nil
			}
			return f.Validate(s)
		}})
	}
	c.AssertFormat()
	const url = "https://spec.invalid/response.json"
	if err := c.AddResource(url, doc); err != nil {
		return nil, err
	}
	return c.Compile(url)
}

var errNotString = errors.New("not a string: checked by kin-openapi")

// formatsIn collects the values of every "format" keyword in a schema
// document.
func formatsIn(node any) map[string]bool {
	out := map[string]bool{}
	var walk func(any)
	walk = func(node any) {
		switch node := node.(type) {
		case map[string]any:
			if f, ok := node["format"].(string); ok && f != "" {
				out[f] = true
			}
			for _, v := range node {
				walk(v)
			}
		case []any:
			for _, v := range node {
				walk(v)
			}
		}
	}
	walk(node)
	return out
}

// conforms reports whether body certainly conforms to the schema of the
// response declared for status; false means "ask openapi3filter".
func (c compiledBodies) conforms(status int, body []byte) bool {
	sch := c[status]
	if sch == nil {
		return false
	}
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(body))
	if err != nil {
		return false
	}
	return sch.Validate(v) == nil
}
