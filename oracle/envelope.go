package oracle

import (
	"fmt"
	"strconv"

	"github.com/putdestination/conformance/contract"
	"github.com/putdestination/conformance/rules"
)

// Envelope is which envelope of the spec a body claims to be, by its
// "success" member.
type Envelope uint8

// The envelopes.
const (
	NoEnvelope      Envelope = iota // not a JSON object with a boolean "success"
	SuccessEnvelope                 // "success": true
	ErrorEnvelope                   // "success": false
)

// String names the envelope as the oracle's words do.
func (e Envelope) String() string {
	switch e {
	case SuccessEnvelope:
		return "success envelope"
	case ErrorEnvelope:
		return "error envelope"
	}
	return "unrecognised body"
}

// statusFor is the status whose response schema the body is validated
// against: the one the spec pairs with the envelope the body claims to be, so
// that a right body under a wrong status is a status-code finding, not an
// envelope one.
func statusFor(e Envelope, status, successStatus, errorStatus int) int {
	switch e {
	case SuccessEnvelope:
		return successStatus
	case ErrorEnvelope:
		return errorStatus
	}
	return status
}

// checkStatus holds the status to the one the spec pairs with the body's
// envelope, or, for a body of neither, with the expected outcome.
func (r *Judgment) checkStatus(exp contract.Expectation, status, successStatus, errorStatus int) {
	var want int
	switch {
	case r.Observed.Envelope == SuccessEnvelope:
		want = successStatus
	case r.Observed.Envelope == ErrorEnvelope:
		want = errorStatus
	case exp.Outcome == contract.Accept:
		want = successStatus
	case exp.Outcome == contract.Reject:
		want = errorStatus
	default:
		if status == successStatus || status == errorStatus {
			return
		}
		r.add(rules.StatusCode, "", strconv.Itoa(status), fmt.Sprintf("%d or %d", successStatus, errorStatus), "")
		return
	}
	if status != want {
		r.add(rules.StatusCode, "", fmt.Sprintf("%d with the %s", status, r.Observed.Envelope), strconv.Itoa(want), "")
	}
}
