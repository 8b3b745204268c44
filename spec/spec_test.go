package spec_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/putdestination/conformance/spec"
)

func embedded(t *testing.T) *spec.Spec {
	t.Helper()
	s, err := spec.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestContractFacts(t *testing.T) {
	s := embedded(t)
	for _, tc := range []struct{ what, got, want string }{
		{"OperationID", s.OperationID(), "PutDestination"},
		{"Target", s.Target(), "Logs_20140328.PutDestination"},
		{"ErrorCode", s.ErrorCode(), "VALIDATION_ERROR"},
	} {
		if tc.got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.what, tc.got, tc.want)
		}
	}
	if got := s.StatusFor(true); got != 200 {
		t.Errorf("StatusFor(success): got %d, want 200", got)
	}
	if got := s.StatusFor(false); got != 400 {
		t.Errorf("StatusFor(error): got %d, want 400", got)
	}
}

func TestValidateRequest(t *testing.T) {
	s := embedded(t)
	tests := []struct {
		name, body, want, reason string
	}{
		{"valid", `{"destinationName":"a","targetArn":"t","roleArn":"r"}`, "", "the smallest valid request"},
		{"null tags", `{"destinationName":"a","targetArn":"t","roleArn":"r","tags":null}`, "", "null counts as absent"},
		{"unknown member", `{"destinationName":"a","targetArn":"t","roleArn":"r","x":1}`, "", "unknown members are ignored"},
		{"512 astral", `{"destinationName":"` + strings.Repeat("😀", 512) + `","targetArn":"t","roleArn":"r"}`, "", "characters are code points"},
		{"513", `{"destinationName":"` + strings.Repeat("a", 513) + `","targetArn":"t","roleArn":"r"}`, "/destinationName maxLength", "one past the maximum"},
		{"colon", `{"destinationName":"a:b","targetArn":"t","roleArn":"r"}`, "/destinationName pattern", "the anchored pattern"},
		{"null role", `{"destinationName":"a","targetArn":"t","roleArn":null}`, "/roleArn type", "null is not a string"},
		{"missing", `{"targetArn":"t","roleArn":"r"}`, " required", "a required member missing"},
		{"empty tags", `{"destinationName":"a","targetArn":"t","roleArn":"r","tags":{}}`, "/tags minProperties", "at least one tag"},
		{"bad key", `{"destinationName":"a","targetArn":"t","roleArn":"r","tags":{"k#":"v"}}`, "/tags propertyNames/pattern", "a key breaks propertyNames"},
		{"bad value", `{"destinationName":"a","targetArn":"t","roleArn":"r","tags":{"k":"v*"}}`, "/tags/k pattern", "a value breaks its pattern"},
		{"trailing", `{"destinationName":"a","targetArn":"t","roleArn":"r"} x`, " json", "one JSON text"},
		{"empty", ``, " required", "the body is required"},
		{"array", `[]`, " type", "not an object"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, p := range s.ValidateRequest(nil, []byte(tt.body)) {
				got = append(got, p.Pointer+" "+p.Keyword)
			}
			if strings.Join(got, ",") != tt.want {
				t.Errorf("%s (%s): got %q, want %q", tt.name, tt.reason, got, tt.want)
			}
		})
	}
}

// TestPropertyNamesProblemsPointAtTheMember guards the workaround for
// kin-openapi's propertyNames errors, whose pointer is empty or wrong: with
// one bad key among many, and with one alone, the problem is at /tags.
func TestPropertyNamesProblemsPointAtTheMember(t *testing.T) {
	s := embedded(t)
	for _, body := range []string{
		`{"destinationName":"a","targetArn":"t","roleArn":"r","tags":{"!":""}}`,
		`{"destinationName":"a","targetArn":"t","roleArn":"r","tags":{"a":"","b":"","c!":"","d":""}}`,
	} {
		for i := 0; i < 20; i++ { // kin-openapi's pointer differs from call to call
			ps := s.ValidateRequest(nil, []byte(body))
			if len(ps) != 1 || ps[0].Pointer != "/tags" || ps[0].Keyword != "propertyNames/pattern" {
				t.Fatalf("%s: got %v, want one problem at /tags propertyNames/pattern", body, ps)
			}
		}
	}
}

func TestValidateResponse(t *testing.T) {
	s := embedded(t)
	ok := []byte(`{"success":true,"data":{"id":"x","created_at":"2025-01-01T00:00:00Z"}}`)
	c := s.ValidateResponse(200, "application/json; charset=utf-8", ok)
	if !c.StatusDeclared || !c.MediaTypeDeclared || len(c.Body) != 0 {
		t.Errorf("a valid success: got %+v, want declared, declared, no problems", c)
	}
	if c := s.ValidateResponse(201, "application/json", ok); c.StatusDeclared {
		t.Errorf("201: got declared, want not")
	}
	if c := s.ValidateResponse(200, "text/plain", ok); c.MediaTypeDeclared {
		t.Errorf("text/plain: got declared, want not")
	}
	bad := []byte(`{"success":true,"data":{"id":""}}`)
	for i := 0; i < 2; i++ { // the second answer comes from the memo
		c := s.ValidateResponse(200, "application/json", bad)
		var got []string
		for _, p := range c.Body {
			got = append(got, p.Pointer+" "+p.Keyword)
		}
		if want := "/data required,/data/id minLength"; strings.Join(got, ",") != want {
			t.Errorf("round %d: got %q, want %q", i, got, want)
		}
	}
}

func TestLoadErrors(t *testing.T) {
	dir := t.TempDir()
	v30 := strings.Replace(string(spec.EmbeddedSource()), "openapi: 3.1.0", "openapi: 3.0.3", 1)
	if err := os.WriteFile(filepath.Join(dir, "v30.yaml"), []byte(v30), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ path, want string }{
		{filepath.Join(dir, "missing.yaml"), "no such file"},
		{filepath.Join(dir, "v30.yaml"), "want 3.1"},
	} {
		_, err := spec.LoadFile(tc.path)
		if err == nil || !strings.Contains(err.Error(), tc.want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("LoadFile(%s): got %v, want one line containing %q", tc.path, err, tc.want)
		}
	}
}
