package result

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

// SchemaJSON is the JSON Schema (2020-12) of conformance.json, format
// putdestination-conformance/v4.
//
//go:embed conformance.schema.json
var SchemaJSON []byte

// SchemaURL is the schema's $id.
const SchemaURL = "https://github.com/putdestination/conformance/result/conformance.schema.json"

// compile compiles the schema; lenient drops every "additionalProperties":
// false, so that members the schema does not know are accepted.
func compile(lenient bool) (*jsonschema.Schema, error) {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(SchemaJSON))
	if err != nil {
		return nil, err
	}
	if lenient {
		doc = openObjects(doc)
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	if err := c.AddResource(SchemaURL, doc); err != nil {
		return nil, err
	}
	return c.Compile(SchemaURL)
}

// openObjects removes "additionalProperties": false throughout a schema.
func openObjects(v any) any {
	switch x := v.(type) {
	case map[string]any:
		if b, ok := x["additionalProperties"].(bool); ok && !b {
			delete(x, "additionalProperties")
		}
		for k, e := range x {
			x[k] = openObjects(e)
		}
	case []any:
		for i, e := range x {
			x[i] = openObjects(e)
		}
	}
	return v
}

var (
	strictSchema  = sync.OnceValues(func() (*jsonschema.Schema, error) { return compile(false) })
	lenientSchema = sync.OnceValues(func() (*jsonschema.Schema, error) { return compile(true) })
)

// Validate checks data, a conformance.json, against the schema, strictly:
// no member the schema does not name. The harness's own reports pass it
// (its tests hold every report they write to it). The error names the
// first place that does not match, on one line.
func Validate(data []byte) error { return validate(strictSchema, data) }

// validateLenient is Validate accepting members the schema does not know:
// how readers (replay, compare, merge) take a report, so that a report of
// a newer version of the harness, with more members, still reads.
func validateLenient(data []byte) error { return validate(lenientSchema, data) }

func validate(schema func() (*jsonschema.Schema, error), data []byte) error {
	sch, err := schema()
	if err != nil {
		return fmt.Errorf("conformance.json schema: %v", err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		return fmt.Errorf("not JSON: %v", err)
	}
	if err := sch.Validate(doc); err != nil {
		var ve *jsonschema.ValidationError
		if errors.As(err, &ve) {
			return fmt.Errorf("does not match the conformance.json schema: %s", firstCause(ve))
		}
		return err
	}
	return nil
}

// firstCause is the deepest first cause of a validation error: where and
// what, on one line.
func firstCause(ve *jsonschema.ValidationError) string {
	for len(ve.Causes) > 0 {
		ve = ve.Causes[0]
	}
	loc := "/" + strings.Join(ve.InstanceLocation, "/")
	msg := strings.Join(strings.Fields(ve.ErrorKind.LocalizedString(message.NewPrinter(language.English))), " ")
	return ClipTo(loc+": "+msg, 300)
}

// Load reads a report: path is a conformance.json, or a report directory
// holding one. It must be valid JSON, of this format, matching the schema
// (members it does not know are accepted).
func Load(path string) (*Result, error) {
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		path = filepath.Join(path, JSONFile)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("report %s: %v", path, unwrapPath(err))
	}
	var head struct {
		Format string `json:"format"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return nil, fmt.Errorf("report %s: not a conformance.json: %v", path, err)
	}
	if head.Format != Format {
		return nil, fmt.Errorf("report %s: format %q, want %q", path, head.Format, Format)
	}
	if err := validateLenient(data); err != nil {
		return nil, fmt.Errorf("report %s: %v", path, err)
	}
	var res Result
	if err := json.Unmarshal(data, &res); err != nil {
		return nil, fmt.Errorf("report %s: %v", path, err)
	}
	return &res, nil
}

func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
