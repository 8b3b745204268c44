package result_test

import (
	"encoding/json"
	"testing"

	"github.com/putdestination/conformance/result"
)

// TestBodyRoundTripsEveryByte: a body that is not valid UTF-8 comes back
// from its JSON form byte for byte (a JSON string would have U+FFFD in
// place of the bad bytes), and a valid one stays a plain string.
func TestBodyRoundTripsEveryByte(t *testing.T) {
	tests := []struct {
		name, reason string
		body         string
		want         string // the JSON form
	}{
		{"text", "valid UTF-8 is a string", `{"destinationName":"é"}`, `"{\"destinationName\":\"é\"}"`},
		{"empty", "an empty body is an empty string", "", `""`},
		{"invalid", "a lone continuation byte is base64", "{\"a\":\"\x80\"}", `{"base64":"eyJhIjoigCJ9"}`},
		{"nul", "a NUL is valid UTF-8, escaped in the string", "a\x00b", `"a\u0000b"`},
	}
	for _, tt := range tests {
		data, err := json.Marshal(result.Body(tt.body))
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if string(data) != tt.want {
			t.Errorf("%s (%s): got %s, want %s", tt.name, tt.reason, data, tt.want)
		}
		var back result.Body
		if err := json.Unmarshal(data, &back); err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if string(back) != tt.body {
			t.Errorf("%s: read back %q, want %q", tt.name, back, tt.body)
		}
	}
	var b result.Body
	for _, bad := range []string{`{"hex":"00"}`, `{"base64":"!!"}`, `42`} {
		if err := json.Unmarshal([]byte(bad), &b); err == nil {
			t.Errorf("body %s: got no error, want one", bad)
		}
	}
}
