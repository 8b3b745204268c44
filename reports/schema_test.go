package reports_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/putdestination/conformance/result"

	"github.com/putdestination/conformance"
)

// validReport holds dir/conformance.json to the schema, strictly.
func validReport(t *testing.T, dir string) {
	t.Helper()
	if err := result.Validate(readFile(t, filepath.Join(dir, result.JSONFile))); err != nil {
		t.Fatalf("%s: %v", filepath.Join(dir, result.JSONFile), err)
	}
}

// TestSchemaNamesEveryMember: the schema names exactly the members of
// result.Result's JSON form, at every level it describes, so a field
// added to the result without the schema (or the other way round) fails
// here, naming it.
func TestSchemaNamesEveryMember(t *testing.T) {
	var schema map[string]any
	if err := json.Unmarshal(result.SchemaJSON, &schema); err != nil {
		t.Fatal(err)
	}
	defs, _ := schema["$defs"].(map[string]any)
	resolve := func(node map[string]any) map[string]any {
		for range 4 {
			ref, ok := node["$ref"].(string)
			if !ok {
				break
			}
			node, _ = defs[strings.TrimPrefix(ref, "#/$defs/")].(map[string]any)
		}
		if items, ok := node["items"].(map[string]any); ok {
			return resolveItems(items, defs)
		}
		return node
	}
	var walk func(path string, typ reflect.Type, node map[string]any)
	walk = func(path string, typ reflect.Type, node map[string]any) {
		for typ.Kind() == reflect.Pointer || typ.Kind() == reflect.Slice {
			typ = typ.Elem()
		}
		props, ok := node["properties"].(map[string]any)
		if typ.Kind() != reflect.Struct || !ok {
			return
		}
		var fields []string
		for i := range typ.NumField() {
			f := typ.Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if name == "-" || !f.IsExported() {
				continue
			}
			if name == "" {
				name = f.Name
			}
			fields = append(fields, name)
			sub, ok := props[name].(map[string]any)
			if !ok {
				t.Errorf("schema %s: no member %q (field %s.%s): add it to result/conformance.schema.json", path, name, typ.Name(), f.Name)
				continue
			}
			walk(path+"/"+name, f.Type, resolve(sub))
		}
		for name := range props {
			if !slices.Contains(fields, name) {
				t.Errorf("schema %s: member %q, which %s does not have", path, name, typ.Name())
			}
		}
	}
	walk("", reflect.TypeFor[result.Result](), schema)
}

func resolveItems(items map[string]any, defs map[string]any) map[string]any {
	if ref, ok := items["$ref"].(string); ok {
		n, _ := defs[strings.TrimPrefix(ref, "#/$defs/")].(map[string]any)
		return n
	}
	return items
}

// TestSchemaRejects: what the schema refuses, each with why.
func TestSchemaRejects(t *testing.T) {
	_, dir, _ := check(t, conformance.Handler(alwaysSuccess))
	good := readFile(t, filepath.Join(dir, result.JSONFile))
	tests := []struct {
		name, reason string
		edit         func(doc map[string]any)
		where        string
	}{
		{"verdict", "one of three verdicts", func(d map[string]any) { d["verdict"] = "mostly fine" }, "/verdict"},
		{"seed number", "seeds are strings: JSON readers lose digits of a uint64", func(d map[string]any) { d["seed"] = 42 }, "/seed"},
		{"no findings", "findings is always there, [] when none", func(d map[string]any) { delete(d, "findings") }, "findings"},
		{"rule status", "pass, fail or skipped", func(d map[string]any) { d["rules"].([]any)[0].(map[string]any)["status"] = "ok" }, "/rules/0/status"},
		{"finding without violations", "a finding is at least one violation", func(d map[string]any) {
			d["findings"].([]any)[0].(map[string]any)["violations"] = []any{}
		}, "/findings/0/violations"},
		{"unknown member", "strict: the writer writes what the schema names", func(d map[string]any) { d["colour"] = "red" }, "colour"},
		{"sha256", "64 hex digits", func(d map[string]any) { d["spec"].(map[string]any)["sha256"] = "abc" }, "/spec/sha256"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var doc map[string]any
			if err := json.Unmarshal(good, &doc); err != nil {
				t.Fatal(err)
			}
			tt.edit(doc)
			data, _ := json.Marshal(doc)
			err := result.Validate(data)
			if err == nil || !strings.Contains(err.Error(), tt.where) || strings.Contains(err.Error(), "\n") {
				t.Errorf("Validate (%s): got %v, want one line naming %s", tt.reason, err, tt.where)
			}
		})
	}
}

// TestLoad: a report is read from its file or its directory, held to the
// schema, members it does not know accepted (a newer harness's report
// still reads); anything else is one line naming the file.
func TestLoad(t *testing.T) {
	res, dir, _ := check(t, conformance.Handler(alwaysSuccess))
	for _, p := range []string{dir, filepath.Join(dir, result.JSONFile)} {
		got, err := result.Load(p)
		if err != nil || got.Seed != res.Seed || len(got.Findings) != len(res.Findings) {
			t.Errorf("Load(%s): got %v, want the report back", p, err)
		}
	}
	var doc map[string]any
	_ = json.Unmarshal(readFile(t, filepath.Join(dir, result.JSONFile)), &doc)
	doc["added_in_v2_1"] = true
	newer := filepath.Join(t.TempDir(), "newer.json")
	data, _ := json.Marshal(doc)
	_ = os.WriteFile(newer, data, 0o644)
	if _, err := result.Load(newer); err != nil {
		t.Errorf("Load of a report with a member this version does not know: got %v, want it read", err)
	}
	bad := map[string]string{
		"not json":     "{",
		"other format": `{"format": "putdestination-conformance/v1"}`,
		"not a report": `{"format": "putdestination-conformance/v2", "verdict": "conformant"}`,
	}
	for name, content := range bad {
		p := filepath.Join(t.TempDir(), "conformance.json")
		_ = os.WriteFile(p, []byte(content), 0o644)
		if _, err := result.Load(p); err == nil || !strings.Contains(err.Error(), p) || strings.Contains(err.Error(), "\n") {
			t.Errorf("Load (%s): got %v, want one line naming %s", name, err, p)
		}
	}
	if _, err := result.Load(filepath.Join(t.TempDir(), "missing.json")); err == nil {
		t.Errorf("Load of a missing file: got nil, want an error")
	}
}
