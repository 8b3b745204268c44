package oracle

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/putdestination/conformance/contract"
	"github.com/putdestination/conformance/rules"
	"github.com/putdestination/conformance/verdict"
)

// Contract is what judging an answer needs of the contract: the statuses
// and error code of the envelopes, and the check of a response.
// *spec.Spec is one (any document, with kin-openapi), and so is
// *verdict.Contract (the embedded spec compiled to Go), which fuzz targets
// judge with.
type Contract interface {
	StatusFor(success bool) int
	ErrorCode() string
	ValidateResponse(status int, contentType string, body []byte) verdict.ResponseCheck
}

// Check judges one exchange: the answer to a request with the given
// expectation. JudgedBy lists the rules it holds the exchange to.
//
// Every answer is held to robustness (no 5xx, 1xx or 3xx, no failed
// exchange). A request the contract does not describe (another method than
// POST: [contract.Unspecified]) is held to nothing else, and a 501 Not
// Implemented is a fair answer to it. Any other answer is held to the
// envelopes of the spec: status, Content-Type, body, and the outcome the
// expectation names.
func Check(s Contract, exp contract.Expectation, a Answer) Judgment {
	var r Judgment
	if f := a.Failure; f != nil {
		switch {
		case f.Harness():
			r.Skipped = true
		case f.Kind == contract.FailClosedEarly && exp.Outcome == contract.Unspecified:
			// A request the contract does not describe may be refused by
			// closing the connection before its body is read (a 405 and
			// "Connection: close", say): nothing to hold the endpoint to.
		case f.Kind == contract.FailRedirect:
			r.add(rules.Robustness, "", fmt.Sprintf("%d redirect to %q", a.Status, a.Header.Get("Location")), "no redirect", "redirects are never followed")
		default:
			r.add(rules.Robustness, "", f.String(), "a complete response within the harness's limits", "")
		}
		return r
	}
	r.Observed = observe(a)
	if exp.Outcome == contract.Unspecified {
		if a.Status < 200 || a.Status >= 300 && a.Status < 400 || a.Status >= 500 && a.Status != http.StatusNotImplemented {
			r.add(rules.Robustness, "", summary(a), "no 5xx (but 501), 1xx or 3xx", "the contract does not describe this method: any other answer will do")
		}
		return r
	}
	if a.Status >= 500 || a.Status < 200 || (a.Status >= 300 && a.Status < 400) {
		r.add(rules.Robustness, "", summary(a), "no 5xx, 1xx or 3xx, whatever the input", "")
		return r
	}
	ct := a.Header.Get("Content-Type")
	successStatus, errorStatus := s.StatusFor(true), s.StatusFor(false)
	want := func(e Envelope) string {
		if e == SuccessEnvelope {
			return strconv.Itoa(successStatus) + " success envelope"
		}
		return fmt.Sprintf("%d %s envelope", errorStatus, s.ErrorCode())
	}

	check := s.ValidateResponse(statusFor(r.Observed.Envelope, a.Status, successStatus, errorStatus), ct, a.Body)
	if !check.MediaTypeDeclared {
		r.add(rules.ContentType, "", fmt.Sprintf("Content-Type %q", ct), "application/json", "")
	}
	switch exp.Outcome {
	case contract.Accept:
		if r.Observed.Envelope != SuccessEnvelope {
			r.add(rules.AcceptsValid, "", summary(a), want(SuccessEnvelope), "the request is valid")
		}
	case contract.Reject:
		if r.Observed.Envelope != ErrorEnvelope {
			r.add(rules.RejectsInvalid, exp.Breaks.Pointer, summary(a), want(ErrorEnvelope), "breaks "+exp.Breaks.String())
		}
	}
	r.checkStatus(exp, a.Status, successStatus, errorStatus)
	if r.Observed.Envelope == NoEnvelope {
		r.add(rules.EnvelopeSchema, "/success", summary(a), "a JSON object with a boolean \"success\"", "")
		return r
	}
	for _, p := range check.Body {
		r.add(rules.EnvelopeSchema, p.Pointer, p.Message, "the "+r.Observed.Envelope.String()+" in the spec", "")
	}
	return r
}
