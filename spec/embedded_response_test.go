package spec

import (
	"encoding/json"
	"fmt"
	"slices"
	"testing"

	"github.com/putdestination/conformance/verdict"
	"pgregory.net/rapid"
)

// responseDisagreement is how the compiled contract's check of a response
// differs from the spec's ("" when it does not): the status and media type
// declared, and the pointer and keyword of every problem of the body.
func responseDisagreement(s *Spec, c *verdict.Contract, status int, ct string, body []byte) string {
	got, want := c.ValidateResponse(status, ct, body), s.ValidateResponse(status, ct, body)
	if want.StatusDeclared {
		// kin-openapi's problems, whatever decides that a body conforms.
		want.Body = s.validateBody(status, body)
	}
	key := func(ps []Problem) []string {
		var out []string
		for _, p := range ps {
			out = append(out, p.Pointer+" "+p.Keyword)
		}
		return out
	}
	if fast := c.Conforms(status, body); want.StatusDeclared && fast != (len(want.Body) == 0 && json.Valid(body)) {
		return fmt.Sprintf("%d %q: verdict.Embedded's Conforms says %v, openapi3filter finds %q", status, body, fast, key(want.Body))
	}
	if got.StatusDeclared != want.StatusDeclared || got.MediaTypeDeclared != want.MediaTypeDeclared || !slices.Equal(key(got.Body), key(want.Body)) {
		return fmt.Sprintf("%d %q %q: verdict.Embedded says %v %v %q, the spec %v %v %q", status, ct, body,
			got.StatusDeclared, got.MediaTypeDeclared, key(got.Body), want.StatusDeclared, want.MediaTypeDeclared, key(want.Body))
	}
	return ""
}

// TestEmbeddedResponsesAgreeWithSpec holds the compiled contract's
// response check (fuzz targets judge with it, and the spec uses it to tell
// a conforming body) to openapi3filter's, on bodies
// around both envelopes, declared and undeclared statuses and
// Content-Types kin-openapi resolves in each of its ways.
func TestEmbeddedResponsesAgreeWithSpec(t *testing.T) {
	s, err := Embedded()
	if err != nil {
		t.Fatal(err)
	}
	if s.contract == nil {
		t.Fatal("the embedded spec does not judge with verdict.Embedded")
	}
	if other, err := Load("edited", append(EmbeddedSource(), '\n')); err != nil || other.contract != nil {
		t.Fatalf("a document of other bytes: %v, judges with verdict.Embedded: %v; want it to judge with its own schemas", err, other != nil && other.contract != nil)
	}
	c, err := verdict.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	for _, ct := range []string{"", "application/json", "Application/JSON", " application/json ", "application/json; charset=utf-8",
		"application/json;charset=UTF-8", "application/*", "text/plain", "application", "*/*", "application/problem+json"} {
		for _, status := range []int{200, 201, 400, 404, 500} {
			if d := responseDisagreement(s, c, status, ct, []byte(`{"success":true}`)); d != "" {
				t.Error(d)
			}
		}
	}
	for _, body := range []string{"", " ", "nul", `{"a":1}{}`, `{"success":true,"data":{"id":"a","created_at":"2025-02-29T00:00:00Z"}}`,
		`{"success":true,"data":{"id":"a","created_at":"2024-02-29T00:00:00Z"}}`, `{"success":true,"data":{"id":"a","created_at":"2024-04-31T00:00:00Z"}}`} {
		for _, status := range []int{200, 400} {
			if d := responseDisagreement(s, c, status, "application/json", []byte(body)); d != "" {
				t.Error(d)
			}
		}
	}
	for _, e := range edgeResponses {
		if d := responseDisagreement(s, c, e.status, "application/json", []byte(e.body)); d != "" {
			t.Error(d)
		}
	}
	rapid.Check(t, func(t *rapid.T) {
		status := rapid.SampledFrom([]int{200, 400}).Draw(t, "status")
		if d := responseDisagreement(s, c, status, "application/json", responseBody(t)); d != "" {
			t.Fatal(d)
		}
	})
}
