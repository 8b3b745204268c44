package parity_test

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/putdestination/conformance"
	"github.com/putdestination/conformance/parity"
	"github.com/putdestination/conformance/rules"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

// TestHARSchema: a cassette is valid against the published JSON Schema of
// HAR 1.2 (testdata/har-schema: the npm package har-schema, which
// har-validator uses), formats asserted, in both dialects.
func TestHARSchema(t *testing.T) {
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	files, err := filepath.Glob("testdata/har-schema/*.json")
	if err != nil || len(files) < 10 {
		t.Fatalf("testdata/har-schema: %d files, %v; want the package's schemas", len(files), err)
	}
	const base = "file:///har-schema/"
	for _, file := range files {
		f, err := os.Open(file)
		if err != nil {
			t.Fatal(err)
		}
		doc, err := jsonschema.UnmarshalJSON(f)
		f.Close()
		if err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		if err := c.AddResource(base+filepath.Base(file), doc); err != nil {
			t.Fatal(err)
		}
	}
	schema, err := c.Compile(base + "har.json")
	if err != nil {
		t.Fatal(err)
	}
	var aws bytes.Buffer
	if _, err := conformance.Record(t.Context(), conformance.Handler(awsEmulator), &aws,
		conformance.WithDialect(rules.AWS), testCreds, conformance.WithSeed(2), conformance.WithBudget(4)); err != nil {
		t.Fatal(err)
	}
	for name, cassette := range map[string][]byte{"envelope": record(t), "aws": aws.Bytes()} {
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(cassette))
		if err != nil {
			t.Fatal(err)
		}
		if err := schema.Validate(doc); err != nil {
			t.Errorf("%s cassette against har-schema's HAR 1.2: got %v, want valid", name, err)
		}
	}
	// The schema is not vacuous: a cassette without an entry's timings
	// is refused.
	var broken map[string]any
	if err := json.Unmarshal(record(t), &broken); err != nil {
		t.Fatal(err)
	}
	delete(broken["log"].(map[string]any)["entries"].([]any)[0].(map[string]any), "timings")
	if err := schema.Validate(broken); err == nil {
		t.Errorf("a cassette whose first entry has no timings: valid, want refused by the schema")
	}
}

// TestHARRequiredFields: a cassette validates against a JSON Schema of
// HAR 1.2 written from the spec (testdata/har-1.2.schema.json: every
// required member, custom fields only with a leading _), has one entry
// per exchange, and its bodies decode to the bytes sent and received.
func TestHARRequiredFields(t *testing.T) {
	cassette := record(t)
	f, err := os.Open("testdata/har-1.2.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	schemaDoc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource("har-1.2.schema.json", schemaDoc); err != nil {
		t.Fatal(err)
	}
	schema, err := c.Compile("har-1.2.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(cassette))
	if err != nil {
		t.Fatal(err)
	}
	if err := schema.Validate(doc); err != nil {
		t.Errorf("cassette against HAR 1.2: got %v, want valid", err)
	}
	h, err := parity.Read(bytes.NewReader(cassette))
	if err != nil {
		t.Fatal(err)
	}
	m := h.Log.Harness
	if m.Seed != 7 || m.Budget != 8 || m.Dialect != "envelope" || !strings.HasPrefix(m.NamePrefix, "rec") || m.Version == "" {
		t.Errorf("_harness: got %+v, want seed 7, budget 8, envelope, a rec prefix, a version", m)
	}
	if len(h.Log.Entries) < 8 {
		t.Fatalf("entries: got %d, want every exchange of the campaign", len(h.Log.Entries))
	}
	var encoded int
	for i, e := range h.Log.Entries {
		if e.Request.PostData != nil && e.Request.PostData.Encoding == "base64" {
			encoded++
			if _, err := base64.StdEncoding.DecodeString(e.Request.PostData.Text); err != nil {
				t.Errorf("entry %d: request body marked base64 does not decode: %v", i, err)
			}
		}
	}
	if encoded == 0 {
		t.Errorf("entries: got no request body in base64, want the campaign's bodies that are not UTF-8 so")
	}
}
