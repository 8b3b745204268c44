package parity

import (
	"testing"

	"github.com/putdestination/conformance/contract"
)

func ok(body string) Answer {
	return Answer{Status: 200, ContentType: "application/json", Body: []byte(body)}
}

// TestCompare: what varies between runs (ids, timestamps, request ids)
// never diverges; what the table does not cover always does, at the
// member that differs.
func TestCompare(t *testing.T) {
	type step struct {
		name     string
		ref, got Answer
		want     []string // pointers of the violations
	}
	for _, tt := range []struct {
		reason string
		rules  Rules
		steps  []step
	}{
		{reason: "ids and timestamps of another run, request ids, a charset parameter's case", steps: []step{
			{"a", Answer{Status: 200, ContentType: "application/json;charset=utf-8", Body: []byte(`{"success":true,"data":{"id":"dst-1","created_at":"2026-01-01T00:00:00Z"},"requestId":"r1"}`)},
				Answer{Status: 200, ContentType: "application/json; charset=UTF-8", Body: []byte(`{"success":true,"data":{"id":"x-9","created_at":"2027-05-05T10:00:00.123Z"},"requestId":"zz"}`)}, nil},
			{"a", ok(`{"success":true,"data":{"id":"dst-1","created_at":"2026-01-01T00:00:00Z"}}`),
				ok(`{"success":true,"data":{"id":"x-9","created_at":"2027-05-05T10:00:00.123Z"}}`), nil},
		}},
		{reason: "a new id on update breaks the equality class; a reset created_at is kept on one side only", steps: []step{
			{"a", ok(`{"data":{"id":"dst-1","created_at":"2026-01-01T00:00:00Z"}}`), ok(`{"data":{"id":"x-1","created_at":"2027-01-01T00:00:00Z"}}`), nil},
			{"a", ok(`{"data":{"id":"dst-1","created_at":"2026-01-01T00:00:00Z"}}`), ok(`{"data":{"id":"x-2","created_at":"2027-01-01T00:00:01Z"}}`), []string{"/data/created_at", "/data/id"}},
		}},
		{reason: "two names given one id where the reference gives two", steps: []step{
			{"a", ok(`{"data":{"id":"dst-1"}}`), ok(`{"data":{"id":"x-1"}}`), nil},
			{"b", ok(`{"data":{"id":"dst-2"}}`), ok(`{"data":{"id":"x-1"}}`), []string{"/data/id"}},
		}},
		{reason: "a timestamp in another format, status, error code, null, absent, content type", steps: []step{
			{"a", ok(`{"destination":{"creationTime":1700000000000,"accessPolicy":"p"}}`), ok(`{"destination":{"creationTime":1700000000,"accessPolicy":null}}`), []string{"/destination/accessPolicy", "/destination/creationTime"}},
			{"", Answer{Status: 400, ContentType: "application/json", Body: []byte(`{"error":{"code":"VALIDATION_ERROR"}}`)},
				Answer{Status: 500, ContentType: "text/html", Body: []byte(`{"error":{"code":"INTERNAL","extra":1}}`)}, []string{"", "", "/error/code", "/error/extra"}},
		}},
		{reason: "ARNs compare with region and account masked, and a user's rule makes null and absent equal", rules: append(Rules{}, append(DefaultRules, Rule{Pointer: "/destination/accessPolicy", Treat: NullIsAbsent})...), steps: []step{
			{"a", ok(`{"destination":{"arn":"arn:aws:logs:us-east-1:123456789012:destination:n"}}`), ok(`{"destination":{"arn":"arn:aws:logs:eu-west-1:000000000000:destination:n","accessPolicy":null}}`), nil},
			{"a", ok(`{"destination":{"arn":"arn:aws:logs:us-east-1:123456789012:destination:n"}}`), ok(`{"destination":{"arn":"arn:aws:logs:eu-west-1:000000000000:destination:m"}}`), []string{"/destination/arn"}},
		}},
	} {
		rs := tt.rules
		if rs == nil {
			rs = DefaultRules
		}
		c := newComparer(rs, Side{}, Side{})
		for i, s := range tt.steps {
			vs := c.compare(s.name, s.ref, s.got)
			if got := pointers(vs); !equal(got, s.want) {
				t.Errorf("%s, step %d: got violations at %q (%v), want at %q", tt.reason, i, got, vs, s.want)
			}
		}
	}
}

func pointers(vs []contract.Violation) []string {
	var out []string
	for _, v := range vs {
		out = append(out, v.Pointer)
	}
	return out
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestReprefixed: the prefix is replaced however a name spells it, and
// every other byte kept.
func TestReprefixed(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{`{"destinationName":"rec1-a","x":"rec1-"}`, `{"destinationName":"new1-a","x":"new1-"}`},
		{`{"destinationName":"r\u0065c1\u002d\u00e9"}`, `{"destinationName":"new1-\u00e9"}`},
		{`{"destinationName":"other"}`, `{"destinationName":"other"}`},
		{"\xff rec1-", "\xff new1-"},
	} {
		if got := string(reprefixed([]byte(tt.in), "rec1-", "new1-")); got != tt.want {
			t.Errorf("reprefixed(%q): got %q, want %q", tt.in, got, tt.want)
		}
	}
}
