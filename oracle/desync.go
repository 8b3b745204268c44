package oracle

import (
	"fmt"

	"github.com/putdestination/conformance/contract"
	"github.com/putdestination/conformance/rules"
)

// Judged is one answer with what Check read off it (the reading of the
// answer the oracle judged, when a dialect rewrote it).
type Judged struct {
	Answer   Answer
	Observed Observed
}

// CheckDesync judges the desync check: a valid POST sent on one kept-alive
// connection right after a request of another method with a body (onOne),
// and the same POST on a connection of its own (fresh). A server that
// answered the first request without reading its body left the body on the
// connection, where it is read as the start of the POST: the POST's two
// answers then differ, a robustness violation. judged is false when the
// POST alone did not succeed either: the connection cannot be told at fault
// (the endpoint has other troubles, which other checks report).
func CheckDesync(method string, onOne, fresh Judged) (judged bool, vs []contract.Violation) {
	if fresh.Answer.Failure != nil || fresh.Observed.Envelope != SuccessEnvelope {
		return false, nil
	}
	if onOne.Answer.Failure == nil && onOne.Observed.Envelope == SuccessEnvelope && onOne.Answer.Status == fresh.Answer.Status {
		return true, nil
	}
	return true, []contract.Violation{{
		Rule: rules.Robustness,
		Got: fmt.Sprintf("left the body of a %s unread on a kept-alive connection; the next request on it, a valid POST, got %s where a fresh connection got %s (HTTP desync)",
			method, answered(onOne.Answer), answered(fresh.Answer)),
		Want:   "every request read whole, so the next one on the connection is read as sent",
		Reason: "a connection out of step misreads requests: the root of request smuggling",
	}}
}

// answered says in a few words what came back.
func answered(a Answer) string {
	if a.Failure != nil {
		return a.Failure.String()
	}
	return fmt.Sprintf("%d %s", a.Status, contract.Excerpt(a.Body, 80))
}
