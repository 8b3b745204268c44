package oracle

import (
	"fmt"
	"mime"
	"net/http"

	"github.com/putdestination/conformance/contract"
	"github.com/putdestination/conformance/rules"
)

// Answer is what came back for one request, as plain data: the status,
// headers and body of the response, or the failure that ended the exchange
// (a 3xx comes with both: the response, and a redirect failure).
type Answer struct {
	Status  int
	Header  http.Header
	Body    []byte
	Failure *contract.Failure
}

// Observed is what the oracle read off one response.
type Observed struct {
	Envelope  Envelope
	Status    int
	ID        string // data.id of a success envelope, when a string
	CreatedAt string // data.created_at of a success envelope, when a string
	Code      string // error.code of an error envelope, when a string
}

// Judgment is the verdict on one exchange.
type Judgment struct {
	Observed   Observed
	Violations []contract.Violation
	// Skipped is set when nothing was judged because the harness itself
	// stopped the exchange (interruption, request budget).
	Skipped bool
}

func (r *Judgment) add(rule rules.ID, pointer, got, want, reason string) {
	r.Violations = append(r.Violations, contract.Violation{Rule: rule, Pointer: pointer, Got: got, Want: want, Reason: reason})
}

// summary is a short, one-line description of a response for "got".
func summary(a Answer) string {
	mt, _, _ := mime.ParseMediaType(a.Header.Get("Content-Type"))
	if mt == "" {
		mt = "no Content-Type"
	}
	return fmt.Sprintf("%d %s %s", a.Status, mt, contract.Excerpt(a.Body, 120))
}
