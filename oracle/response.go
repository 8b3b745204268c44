package oracle

import (
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"strconv"
	"unicode/utf8"

	"github.com/putdestination/conformance/rules"
	"github.com/putdestination/conformance/spec"
	"github.com/putdestination/conformance/transport"
)

// Kind is which envelope a body claims to be, by its "success" member.
type Kind uint8

// The kinds.
const (
	Unknown Kind = iota // not a JSON object with a boolean "success"
	Success             // "success": true
	Error               // "success": false
)

// Observed is what the oracle read off one response.
type Observed struct {
	Kind      Kind
	Status    int
	ID        string // data.id of a success envelope, when a string
	CreatedAt string // data.created_at of a success envelope, when a string
	Code      string // error.code of an error envelope, when a string
}

// Result is the verdict on one exchange.
type Result struct {
	Observed   Observed
	Violations []Violation
	// Skipped is set when nothing was judged because the harness itself
	// stopped the exchange (interruption, request budget).
	Skipped bool
}

// Check judges one exchange: the response (or the transport error) to a
// request with the given expectation.
func Check(s *spec.Spec, exp Expectation, resp transport.Response, err error) Result {
	var r Result
	if err != nil {
		var te *transport.Error
		if !errors.As(err, &te) {
			te = &transport.Error{Kind: transport.KindReset, Err: err}
		}
		switch te.Kind {
		case transport.KindCanceled, transport.KindBudget:
			r.Skipped = true
		case transport.KindRedirect:
			r.add(rules.Robustness, "", fmt.Sprintf("%d redirect to %q", resp.Status, resp.Header.Get("Location")), "no redirect", "redirects are never followed")
		default:
			r.add(rules.Robustness, "", te.Error(), "a complete response within the harness's limits", "")
		}
		return r
	}
	r.Observed = observe(resp)
	if resp.Status >= 500 || resp.Status < 200 || (resp.Status >= 300 && resp.Status < 400) {
		r.add(rules.Robustness, "", summary(resp), "no 5xx, 1xx or 3xx, whatever the input", "")
		return r
	}
	ct := resp.Header.Get("Content-Type")
	successStatus, errorStatus := s.StatusFor(true), s.StatusFor(false)
	want := func(k Kind) string {
		if k == Success {
			return strconv.Itoa(successStatus) + " success envelope"
		}
		return fmt.Sprintf("%d %s envelope", errorStatus, s.ErrorCode())
	}

	check := s.ValidateResponse(statusFor(r.Observed.Kind, resp.Status, successStatus, errorStatus), ct, resp.Body)
	if !check.MediaTypeDeclared {
		r.add(rules.ContentType, "", fmt.Sprintf("Content-Type %q", ct), "application/json", "")
	}
	switch exp.Outcome {
	case Accept:
		if r.Observed.Kind != Success {
			r.add(rules.AcceptsValid, "", summary(resp), want(Success), "the request is valid")
		}
	case Reject:
		if r.Observed.Kind != Error {
			r.add(rules.RejectsInvalid, exp.Breaks.Pointer, summary(resp), want(Error), "breaks "+exp.Breaks.String())
		}
	}
	r.checkStatus(exp, resp.Status, successStatus, errorStatus)
	if r.Observed.Kind == Unknown {
		r.add(rules.EnvelopeSchema, "/success", summary(resp), "a JSON object with a boolean \"success\"", "")
		return r
	}
	for _, p := range check.Body {
		r.add(rules.EnvelopeSchema, p.Pointer, p.Message, "the "+envelopeName(r.Observed.Kind)+" in the spec", "")
	}
	return r
}

// statusFor is the status whose response schema the body is validated
// against: the one the spec pairs with the envelope the body claims to be, so
// that a right body under a wrong status is a status-code finding, not an
// envelope one.
func statusFor(k Kind, status, successStatus, errorStatus int) int {
	switch k {
	case Success:
		return successStatus
	case Error:
		return errorStatus
	}
	return status
}

func (r *Result) checkStatus(exp Expectation, status, successStatus, errorStatus int) {
	var want int
	switch {
	case r.Observed.Kind == Success:
		want = successStatus
	case r.Observed.Kind == Error:
		want = errorStatus
	case exp.Outcome == Accept:
		want = successStatus
	case exp.Outcome == Reject:
		want = errorStatus
	default:
		if status == successStatus || status == errorStatus {
			return
		}
		r.add(rules.StatusCode, "", strconv.Itoa(status), fmt.Sprintf("%d or %d", successStatus, errorStatus), "")
		return
	}
	if status != want {
		r.add(rules.StatusCode, "", fmt.Sprintf("%d with the %s", status, envelopeName(r.Observed.Kind)), strconv.Itoa(want), "")
	}
}

func envelopeName(k Kind) string {
	switch k {
	case Success:
		return "success envelope"
	case Error:
		return "error envelope"
	}
	return "unrecognised body"
}

func (r *Result) add(rule rules.ID, pointer, got, want, reason string) {
	r.Violations = append(r.Violations, Violation{Rule: rule, Pointer: pointer, Got: got, Want: want, Reason: reason})
}

// envelope is the loosest reading of a body that still tells its kind.
type envelope struct {
	Success json.RawMessage `json:"success"`
	Data    struct {
		ID        json.RawMessage `json:"id"`
		CreatedAt json.RawMessage `json:"created_at"`
	} `json:"data"`
	Error struct {
		Code json.RawMessage `json:"code"`
	} `json:"error"`
}

func observe(resp transport.Response) Observed {
	o := Observed{Status: resp.Status}
	var e envelope
	if json.Unmarshal(resp.Body, &e) != nil {
		// Members of the wrong type fail the whole decode; fall back to
		// the success member alone.
		var only struct {
			Success json.RawMessage `json:"success"`
		}
		if json.Unmarshal(resp.Body, &only) != nil {
			return o
		}
		e.Success = only.Success
	}
	switch string(e.Success) {
	case "true":
		o.Kind = Success
	case "false":
		o.Kind = Error
	}
	_ = json.Unmarshal(e.Data.ID, &o.ID)
	_ = json.Unmarshal(e.Data.CreatedAt, &o.CreatedAt)
	_ = json.Unmarshal(e.Error.Code, &o.Code)
	return o
}

// summary is a short, one-line description of a response for "got".
func summary(resp transport.Response) string {
	mt, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type"))
	if mt == "" {
		mt = "no Content-Type"
	}
	return fmt.Sprintf("%d %s %s", resp.Status, mt, Excerpt(resp.Body, 120))
}

// Excerpt quotes at most n bytes of b, marking what it left out.
func Excerpt(b []byte, n int) string {
	if len(b) == 0 {
		return "(empty body)"
	}
	if len(b) <= n {
		return strconv.Quote(string(b))
	}
	cut := n
	for cut > 0 && !utf8.RuneStart(b[cut]) {
		cut--
	}
	return strconv.Quote(string(b[:cut])) + fmt.Sprintf("…(%d bytes)", len(b))
}
