package jsontext

import (
	"encoding/json"
	"testing"

	"pgregory.net/rapid"
)

// TestAppendStringMatchesEncodingJSON: the hand-written encoder must produce
// valid JSON that decodes to what encoding/json's own encoding decodes to,
// for any string, invalid UTF-8 included.
func TestAppendStringMatchesEncodingJSON(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := rapid.OneOf(rapid.String(), rapid.StringMatching(`[\x00-\x7f"\\]*`), rapid.Map(rapid.SliceOf(rapid.Byte()), func(b []byte) string { return string(b) })).Draw(t, "s")
		got := AppendString(nil, s)
		if !json.Valid(got) {
			t.Fatalf("AppendString(%q) = %s: got invalid JSON, want valid", s, got)
		}
		want, _ := json.Marshal(s)
		var a, b string
		_ = json.Unmarshal(got, &a)
		_ = json.Unmarshal(want, &b)
		if a != b {
			t.Fatalf("AppendString(%q) decodes to %q, want %q (as encoding/json's %s)", s, a, b, want)
		}
	})
}
