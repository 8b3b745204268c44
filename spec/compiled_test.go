package spec

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/putdestination/conformance/verdict"
	"github.com/santhosh-tekuri/jsonschema/v6"
	"pgregory.net/rapid"
)

// responseBody draws bodies around the two envelopes: a conforming
// envelope with up to two changes (a member removed, or set to a value of
// the other envelope, another type, a bad date-time, an empty string), and
// now and then a body that is not one JSON text.
func responseBody(t *rapid.T) []byte {
	ok := func() map[string]any {
		return map[string]any{"success": true, "data": map[string]any{
			"id":         rapid.SampledFrom([]string{"dst-1", "0f8fad5b-d9cb-469f-a165-70867728950e"}).Draw(t, "id"),
			"created_at": rapid.SampledFrom([]string{"2026-11-24T05:28:04Z", "2026-11-24T05:28:04.123456789+01:00"}).Draw(t, "created_at"),
		}}
	}
	failed := func() map[string]any {
		return map[string]any{"success": false, "error": map[string]any{"code": "VALIDATION_ERROR", "message": "destinationName: is required"}}
	}
	env := ok()
	if rapid.Bool().Draw(t, "error envelope") {
		env = failed()
	}
	values := []any{nil, true, false, 0, 1.5, "", "x", []any{}, map[string]any{}, "VALIDATION_ERROR", "INTERNAL",
		"2026-11-24 05:28:04", "2026-13-24T05:28:04Z", "2026-11-24", ok()["data"], failed()["error"]}
	// Each change is to one member of the envelope, its data or its
	// error object (requestId stands for an unknown member).
	type member struct{ in, name string }
	members := []member{{"", "success"}, {"", "data"}, {"", "error"}, {"", "requestId"},
		{"data", "id"}, {"data", "created_at"}, {"data", "requestId"},
		{"error", "code"}, {"error", "message"}, {"error", "requestId"}}
	for range rapid.IntRange(0, 2).Draw(t, "changes") {
		m := rapid.SampledFrom(members).Draw(t, "member")
		obj := env
		if m.in != "" {
			if obj, _ = env[m.in].(map[string]any); obj == nil {
				continue
			}
		}
		if rapid.IntRange(0, 3).Draw(t, "remove") == 0 {
			delete(obj, m.name)
			continue
		}
		obj[m.name] = rapid.SampledFrom(values).Draw(t, "value")
	}
	body, err := json.Marshal(env)
	if err != nil {
		t.Fatalf("marshal: %v", err)
	}
	switch rapid.IntRange(0, 9).Draw(t, "text") {
	case 0:
		return append(body, " {}"...)
	case 1:
		return body[:len(body)/2]
	case 2:
		return []byte(rapid.SampledFrom([]string{"", "null", "[]", `"ok"`, "<html>error</html>", "1e999"}).Draw(t, "not an envelope"))
	}
	return body
}

// TestCompiledAgreesWithKin: the schema compiled once must never call a
// body conforming that openapi3filter finds a problem in (that would hide a
// finding), and must recognise every conforming single JSON text (else the
// fast path would not be taken).
func TestCompiledAgreesWithKin(t *testing.T) {
	s, err := Embedded()
	if err != nil {
		t.Fatal(err)
	}
	for _, status := range []int{200, 400} {
		if s.compiled[status] == nil {
			t.Fatalf("status %d: got no compiled schema, want one", status)
		}
	}
	agree := func(t interface{ Fatalf(string, ...any) }, status int, body []byte) bool {
		fast := s.compiled.conforms(status, body)
		problems := s.validateBody(status, body)
		if fast && len(problems) > 0 {
			t.Fatalf("status %d body %s: compiled schema says it conforms, openapi3filter finds %v", status, body, problems)
		}
		if !fast && len(problems) == 0 && json.Valid(body) {
			t.Fatalf("status %d body %s: compiled schema says it does not conform, openapi3filter finds no problem", status, body)
		}
		return fast
	}
	// Bodies each checker could get wrong alone, always tried.
	for _, c := range edgeResponses {
		agree(t, c.status, []byte(c.body))
	}
	conforming := map[int]int{}
	rapid.Check(t, func(t *rapid.T) {
		status := rapid.SampledFrom([]int{200, 400}).Draw(t, "status")
		if agree(t, status, responseBody(t)) {
			conforming[status]++
		}
	})
	// The generator must reach conforming bodies of both envelopes, or
	// the agreement above says little.
	for _, status := range []int{200, 400} {
		if conforming[status] == 0 {
			t.Errorf("status %d: got no conforming body among the draws, want some", status)
		}
	}
}

// BenchmarkConforms is the cost of judging one success envelope, the
// oracle's commonest case, and the part of it spent decoding.
func BenchmarkConforms(b *testing.B) {
	s, err := Embedded()
	if err != nil {
		b.Fatal(err)
	}
	body := []byte(`{"success":true,"data":{"id":"dst-0f8fad5bd9cb469f","created_at":"2026-11-24T05:28:04.123456789Z"}}`)
	b.Run("conforms", func(b *testing.B) {
		for b.Loop() {
			if !s.compiled.conforms(200, body) {
				b.Fatal("does not conform")
			}
		}
	})
	c, err := verdict.Embedded()
	if err != nil {
		b.Fatal(err)
	}
	b.Run("verdict.Embedded", func(b *testing.B) {
		for b.Loop() {
			if len(c.ValidateResponse(200, "application/json", body).Body) > 0 {
				b.Fatal("does not conform")
			}
		}
	})
	b.Run("jsonschema.UnmarshalJSON", func(b *testing.B) {
		for b.Loop() {
			_, _ = jsonschema.UnmarshalJSON(bytes.NewReader(body))
		}
	})
}

// edgeResponses are bodies that break each keyword of the envelopes alone.
var edgeResponses = []struct {
	status int
	body   string
}{
	{200, `{"success":true,"data":{"id":"d","created_at":"2026-11-24T05:28:04Z"}}`},
	{200, `{"success":true,"data":{"id":"d","created_at":"2026-11-24 05:28:04"}}`},
	{200, `{"success":true,"data":{"id":"d","created_at":"2026-13-24T05:28:04Z"}}`},
	{200, `{"success":true,"data":{"id":"","created_at":"2026-11-24T05:28:04Z"}}`},
	{200, `{"success":"true","data":{"id":"d","created_at":"2026-11-24T05:28:04Z"}}`},
	{200, `{"success":true,"data":{"id":"d","created_at":1700000000}}`},
	{400, `{"success":false,"error":{"code":"VALIDATION_ERROR","message":"m"}}`},
	{400, `{"success":false,"error":{"code":"VALIDATION_ERROR","message":""}}`},
	{400, `{"success":false,"error":{"code":"INTERNAL","message":"m"}}`},
	{400, `{"success":false}`},
	{200, `{"success":true,"data":{}}`},
	{200, `{"success":true,"data":[]}`},
	{200, `[]`},
	{400, `{"success":false,"error":null}`},
	{400, `{"success":true,"error":{"code":"VALIDATION_ERROR","message":"m"}}`},
}
