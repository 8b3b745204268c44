package oracle_test

import (
	"net/http"
	"slices"
	"testing"

	"github.com/putdestination/conformance/contract"
	"github.com/putdestination/conformance/oracle"
	"github.com/putdestination/conformance/rules"
	"github.com/putdestination/conformance/spec"
)

const (
	okBody  = `{"success":true,"data":{"id":"dst-1","created_at":"2025-01-01T00:00:00Z"}}`
	errBody = `{"success":false,"error":{"code":"VALIDATION_ERROR","message":"destinationName: bad"}}`
)

func resp(status int, ct, body string) oracle.Answer {
	h := http.Header{}
	if ct != "" {
		h.Set("Content-Type", ct)
	}
	return oracle.Answer{Status: status, Header: h, Body: []byte(body)}
}

func failed(kind contract.FailureKind, a oracle.Answer) oracle.Answer {
	a.Failure = &contract.Failure{Kind: kind}
	return a
}

var (
	accept = contract.Expectation{Outcome: contract.Accept}
	reject = contract.Expectation{Outcome: contract.Reject, Breaks: contract.Constraint{Pointer: "/destinationName", Keyword: "pattern"}}
	either = contract.Expectation{Outcome: contract.Either}
	// unspecified: another method than POST, which the contract does not describe.
	unspecified = contract.Expectation{Outcome: contract.Unspecified}
)

func TestCheck(t *testing.T) {
	s, err := spec.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		reason string
		exp    contract.Expectation
		answer oracle.Answer
		want   []rules.ID
	}{
		{"success", "the contract's own example", accept, resp(200, "application/json", okBody), nil},
		{"charset", "media type parameters are allowed", accept, resp(200, "application/json; charset=utf-8", okBody), nil},
		{"rejection", "the error envelope for an invalid request", reject, resp(400, "application/json", errBody), nil},
		{"either, success", "the contract is silent: either envelope", either, resp(200, "application/json", okBody), nil},
		{"either, error", "the contract is silent: either envelope", either, resp(400, "application/json", errBody), nil},
		{"valid rejected", "a valid request got the error envelope", accept, resp(400, "application/json", errBody), []rules.ID{rules.AcceptsValid}},
		{"invalid accepted", "an invalid request got the success envelope", reject, resp(200, "application/json", okBody), []rules.ID{rules.RejectsInvalid}},
		{"error with 200", "a right error body under a wrong status is a status finding only", reject, resp(200, "application/json", errBody), []rules.ID{rules.StatusCode}},
		{"success with 201", "a right success body under a wrong status", accept, resp(201, "application/json", okBody), []rules.ID{rules.StatusCode}},
		{"text/plain success", "the body is right, the media type is not", accept, resp(200, "text/plain", okBody), []rules.ID{rules.ContentType}},
		{"no created_at", "a member missing from the success envelope", accept, resp(200, "application/json", `{"success":true,"data":{"id":"x"}}`), []rules.ID{rules.EnvelopeSchema}},
		{"bad created_at", "created_at must be an RFC 3339 date-time", accept, resp(200, "application/json", `{"success":true,"data":{"id":"x","created_at":"2025-01-01 00:00:00"}}`), []rules.ID{rules.EnvelopeSchema}},
		{"wrong code", "the error code is a constant", reject, resp(400, "application/json", `{"success":false,"error":{"code":"BAD_REQUEST","message":"m"}}`), []rules.ID{rules.EnvelopeSchema}},
		{"empty message", "the message must not be empty", reject, resp(400, "application/json", `{"success":false,"error":{"code":"VALIDATION_ERROR","message":""}}`), []rules.ID{rules.EnvelopeSchema}},
		{"success as string", "success must be the boolean true", accept, resp(200, "application/json", `{"success":"true","data":{"id":"x","created_at":"2025-01-01T00:00:00Z"}}`), []rules.ID{rules.AcceptsValid, rules.EnvelopeSchema}},
		{"html 400", "an HTML error page for an invalid request", reject, resp(400, "text/html", "<html>bad</html>"), []rules.ID{rules.ContentType, rules.EnvelopeSchema, rules.RejectsInvalid}},
		{"500", "never a 5xx", accept, resp(500, "application/json", errBody), []rules.ID{rules.Robustness}},
		{"302", "never a redirect", accept, failed(contract.FailRedirect, resp(302, "", "")), []rules.ID{rules.Robustness}},
		{"GET 405 text", "the contract does not describe GET: any answer", unspecified, resp(405, "text/plain", "Method Not Allowed"), nil},
		{"GET 404 json", "the contract does not describe GET: any answer", unspecified, resp(404, "application/json", `{"message":"Not Found"}`), nil},
		{"GET 501 html", "501 Not Implemented is a fair answer to a method the server does not implement", unspecified, resp(501, "text/html", "<h1>501</h1>"), nil},
		{"GET 400 envelope", "the reference's answer", unspecified, resp(400, "application/json", errBody), nil},
		{"GET 200 empty", "any answer", unspecified, resp(200, "", ""), nil},
		{"GET 500", "never a 5xx other than 501, whatever the method", unspecified, resp(500, "text/plain", "boom"), []rules.ID{rules.Robustness}},
		{"GET 503", "never a 5xx other than 501", unspecified, resp(503, "", ""), []rules.ID{rules.Robustness}},
		{"GET 302", "never a redirect, whatever the method", unspecified, failed(contract.FailRedirect, resp(302, "", "")), []rules.ID{rules.Robustness}},
		{"GET reset", "never a dropped connection", unspecified, failed(contract.FailReset, oracle.Answer{}), []rules.ID{rules.Robustness}},
		{"GET closed while its body was written", "a method the contract does not describe may be refused before its body is read", unspecified, failed(contract.FailClosedEarly, oracle.Answer{}), nil},
		{"POST closed while its body was written", "the contract's own request must be read", accept, failed(contract.FailClosedEarly, oracle.Answer{}), []rules.ID{rules.Robustness}},
		{"timeout", "never a hang", accept, failed(contract.FailTimeout, oracle.Answer{}), []rules.ID{rules.Robustness}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := oracle.Check(s, tt.exp, tt.answer)
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
	for _, k := range []contract.FailureKind{contract.FailCanceled, contract.FailBudget, contract.FailInvalid} {
		res := oracle.Check(s, accept, failed(k, oracle.Answer{}))
		if !res.Skipped || len(res.Violations) != 0 {
			t.Errorf("%s: got skipped=%v with %v, want skipped with no violation (not the endpoint's fault)", k, res.Skipped, res.Violations)
		}
	}
}

func TestIdentity(t *testing.T) {
	a := oracle.Observed{Envelope: oracle.SuccessEnvelope, ID: "1", CreatedAt: "t1"}
	if v := oracle.CheckUpsert("n", a, a); len(v) != 0 {
		t.Errorf("same id and created_at on update: got %v, want none", v)
	}
	if v := oracle.CheckUpsert("n", a, oracle.Observed{Envelope: oracle.SuccessEnvelope, ID: "2", CreatedAt: "t2"}); len(v) != 2 || v[0].Rule != rules.UpsertIdentity {
		t.Errorf("new id and created_at on update: got %v, want two upsert-identity violations", v)
	}
	if v := oracle.CheckUpsert("n", a, oracle.Observed{Envelope: oracle.ErrorEnvelope}); len(v) != 0 {
		t.Errorf("update rejected: got %v, want none here (accepts-valid judges it)", v)
	}
	if v := oracle.CheckDistinct("a", a, "A", a); len(v) != 1 || v[0].Rule != rules.DistinctIdentity {
		t.Errorf("one id for two names: got %v, want a distinct-identity violation", v)
	}
	if v := oracle.CheckDistinct("a", a, "b", oracle.Observed{Envelope: oracle.SuccessEnvelope, ID: "2"}); len(v) != 0 {
		t.Errorf("two ids for two names: got %v, want none", v)
	}
}

func TestViolationString(t *testing.T) {
	v := contract.Violation{Rule: rules.RejectsInvalid, Pointer: "/destinationName", Got: `200 success for "a:b"`, Want: "400 VALIDATION_ERROR", Reason: "pattern"}
	if got, want := v.String(), `rejects-invalid /destinationName: got 200 success for "a:b", want 400 VALIDATION_ERROR (pattern)`; got != want {
		t.Errorf("String(): got %q, want %q", got, want)
	}
}
