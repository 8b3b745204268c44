package oracle_test

import (
	"net/http"
	"slices"
	"testing"

	"github.com/putdestination/conformance/oracle"
	"github.com/putdestination/conformance/rules"
	"github.com/putdestination/conformance/spec"
	"github.com/putdestination/conformance/transport"
)

const (
	okBody  = `{"success":true,"data":{"id":"dst-1","created_at":"2025-01-01T00:00:00Z"}}`
	errBody = `{"success":false,"error":{"code":"VALIDATION_ERROR","message":"destinationName: bad"}}`
)

func resp(status int, ct, body string) transport.Response {
	h := http.Header{}
	if ct != "" {
		h.Set("Content-Type", ct)
	}
	return transport.Response{Status: status, Header: h, Body: []byte(body)}
}

var (
	accept = oracle.Expectation{Outcome: oracle.Accept}
	reject = oracle.Expectation{Outcome: oracle.Reject, Breaks: oracle.Constraint{Pointer: "/destinationName", Keyword: "pattern"}}
	either = oracle.Expectation{Outcome: oracle.Either}
)

func TestCheck(t *testing.T) {
	s, err := spec.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		reason string
		exp    oracle.Expectation
		resp   transport.Response
		err    error
		want   []rules.ID
	}{
		{"success", "the contract's own example", accept, resp(200, "application/json", okBody), nil, nil},
		{"charset", "media type parameters are allowed", accept, resp(200, "application/json; charset=utf-8", okBody), nil, nil},
		{"rejection", "the error envelope for an invalid request", reject, resp(400, "application/json", errBody), nil, nil},
		{"either, success", "the contract is silent: either envelope", either, resp(200, "application/json", okBody), nil, nil},
		{"either, error", "the contract is silent: either envelope", either, resp(400, "application/json", errBody), nil, nil},
		{"valid rejected", "a valid request got the error envelope", accept, resp(400, "application/json", errBody), nil, []rules.ID{rules.AcceptsValid}},
		{"invalid accepted", "an invalid request got the success envelope", reject, resp(200, "application/json", okBody), nil, []rules.ID{rules.RejectsInvalid}},
		{"error with 200", "a right error body under a wrong status is a status finding only", reject, resp(200, "application/json", errBody), nil, []rules.ID{rules.StatusCode}},
		{"success with 201", "a right success body under a wrong status", accept, resp(201, "application/json", okBody), nil, []rules.ID{rules.StatusCode}},
		{"text/plain success", "the body is right, the media type is not", accept, resp(200, "text/plain", okBody), nil, []rules.ID{rules.ContentType}},
		{"no created_at", "a member missing from the success envelope", accept, resp(200, "application/json", `{"success":true,"data":{"id":"x"}}`), nil, []rules.ID{rules.EnvelopeSchema}},
		{"bad created_at", "created_at must be an RFC 3339 date-time", accept, resp(200, "application/json", `{"success":true,"data":{"id":"x","created_at":"2025-01-01 00:00:00"}}`), nil, []rules.ID{rules.EnvelopeSchema}},
		{"wrong code", "the error code is a constant", reject, resp(400, "application/json", `{"success":false,"error":{"code":"BAD_REQUEST","message":"m"}}`), nil, []rules.ID{rules.EnvelopeSchema}},
		{"empty message", "the message must not be empty", reject, resp(400, "application/json", `{"success":false,"error":{"code":"VALIDATION_ERROR","message":""}}`), nil, []rules.ID{rules.EnvelopeSchema}},
		{"success as string", "success must be the boolean true", accept, resp(200, "application/json", `{"success":"true","data":{"id":"x","created_at":"2025-01-01T00:00:00Z"}}`), nil, []rules.ID{rules.AcceptsValid, rules.EnvelopeSchema}},
		{"html 400", "an HTML error page for an invalid request", reject, resp(400, "text/html", "<html>bad</html>"), nil, []rules.ID{rules.ContentType, rules.EnvelopeSchema, rules.RejectsInvalid}},
		{"500", "never a 5xx", accept, resp(500, "application/json", errBody), nil, []rules.ID{rules.Robustness}},
		{"302", "never a redirect", accept, resp(302, "", ""), &transport.Error{Kind: transport.KindRedirect}, []rules.ID{rules.Robustness}},
		{"timeout", "never a hang", accept, transport.Response{}, &transport.Error{Kind: transport.KindTimeout}, []rules.ID{rules.Robustness}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := oracle.Check(s, tt.exp, tt.resp, tt.err)
			var got []rules.ID
			for _, v := range res.Violations {
				if !slices.Contains(got, v.Rule) {
					got = append(got, v.Rule)
				}
			}
			slices.Sort(got)
			want := slices.Clone(tt.want)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("%s (%s): got rules %v, want %v\nviolations: %v", tt.name, tt.reason, got, want, res.Violations)
			}
		})
	}
}

func TestCheckSkipsWhatTheHarnessStopped(t *testing.T) {
	s, _ := spec.Embedded()
	for _, k := range []transport.Kind{transport.KindCanceled, transport.KindBudget} {
		res := oracle.Check(s, accept, transport.Response{}, &transport.Error{Kind: k})
		if !res.Skipped || len(res.Violations) != 0 {
			t.Errorf("%s: got skipped=%v with %v, want skipped with no violation (not the endpoint's fault)", k, res.Skipped, res.Violations)
		}
	}
}

func TestIdentity(t *testing.T) {
	a := oracle.Observed{Kind: oracle.Success, ID: "1", CreatedAt: "t1"}
	if v := oracle.CheckUpsert("n", a, a); len(v) != 0 {
		t.Errorf("same id and created_at on update: got %v, want none", v)
	}
	if v := oracle.CheckUpsert("n", a, oracle.Observed{Kind: oracle.Success, ID: "2", CreatedAt: "t2"}); len(v) != 2 || v[0].Rule != rules.UpsertIdentity {
		t.Errorf("new id and created_at on update: got %v, want two upsert-identity violations", v)
	}
	if v := oracle.CheckUpsert("n", a, oracle.Observed{Kind: oracle.Error}); len(v) != 0 {
		t.Errorf("update rejected: got %v, want none here (accepts-valid judges it)", v)
	}
	if v := oracle.CheckDistinct("a", a, "A", a); len(v) != 1 || v[0].Rule != rules.DistinctIdentity {
		t.Errorf("one id for two names: got %v, want a distinct-identity violation", v)
	}
	if v := oracle.CheckDistinct("a", a, "b", oracle.Observed{Kind: oracle.Success, ID: "2"}); len(v) != 0 {
		t.Errorf("two ids for two names: got %v, want none", v)
	}
}

func TestViolationString(t *testing.T) {
	v := oracle.Violation{Rule: rules.RejectsInvalid, Pointer: "/destinationName", Got: `200 success for "a:b"`, Want: "400 VALIDATION_ERROR", Reason: "pattern"}
	if got, want := v.String(), `rejects-invalid /destinationName: got 200 success for "a:b", want 400 VALIDATION_ERROR (pattern)`; got != want {
		t.Errorf("String(): got %q, want %q", got, want)
	}
}
