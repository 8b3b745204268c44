package oracle

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"

	"github.com/go-json-experiment/json/jsontext"
	"github.com/putdestination/conformance/contract"
	"github.com/putdestination/conformance/rules"
	"github.com/putdestination/conformance/spec"
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

// Answer is what came back for one request, as plain data: the status,
// headers and body of the response, or the failure that ended the exchange
// (a 3xx comes with both: the response, and a redirect failure).
type Answer struct {
	Status  int
	Header  http.Header
	Body    []byte
	Failure *contract.Failure
}

// Result is the verdict on one exchange.
type Result struct {
	Observed   Observed
	Violations []contract.Violation
	// Skipped is set when nothing was judged because the harness itself
	// stopped the exchange (interruption, request budget).
	Skipped bool
}

// Check judges one exchange: the answer to a request with the given
// expectation.
//
// Every answer is held to robustness (no 5xx, 1xx or 3xx, no failed
// exchange). A request the contract does not describe (another method than
// POST: [contract.Unspecified]) is held to nothing else, and a 501 Not
// Implemented is a fair answer to it. Any other answer is held to the
// envelopes of the spec: status, Content-Type, body, and the outcome the
// expectation names.
func Check(s *spec.Spec, exp contract.Expectation, a Answer) Result {
	var r Result
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
	want := func(k Kind) string {
		if k == Success {
			return strconv.Itoa(successStatus) + " success envelope"
		}
		return fmt.Sprintf("%d %s envelope", errorStatus, s.ErrorCode())
	}

	check := s.ValidateResponse(statusFor(r.Observed.Kind, a.Status, successStatus, errorStatus), ct, a.Body)
	if !check.MediaTypeDeclared {
		r.add(rules.ContentType, "", fmt.Sprintf("Content-Type %q", ct), "application/json", "")
	}
	switch exp.Outcome {
	case contract.Accept:
		if r.Observed.Kind != Success {
			r.add(rules.AcceptsValid, "", summary(a), want(Success), "the request is valid")
		}
	case contract.Reject:
		if r.Observed.Kind != Error {
			r.add(rules.RejectsInvalid, exp.Breaks.Pointer, summary(a), want(Error), "breaks "+exp.Breaks.String())
		}
	}
	r.checkStatus(exp, a.Status, successStatus, errorStatus)
	if r.Observed.Kind == Unknown {
		r.add(rules.EnvelopeSchema, "/success", summary(a), "a JSON object with a boolean \"success\"", "")
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

func (r *Result) checkStatus(exp contract.Expectation, status, successStatus, errorStatus int) {
	var want int
	switch {
	case r.Observed.Kind == Success:
		want = successStatus
	case r.Observed.Kind == Error:
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
	r.Violations = append(r.Violations, contract.Violation{Rule: rule, Pointer: pointer, Got: got, Want: want, Reason: reason})
}

// observe is the loosest reading of a body that still tells its kind: a
// JSON object whose "success" is true or false, and the strings at
// data.id, data.created_at and error.code when they are strings (for a
// repeated member, the last). Anything else reads as Unknown.
//
// It streams tokens with jsontext (a response is judged on every exchange,
// and decoding into structs with encoding/json was a twentieth of the
// harness's CPU); TestObserveAgreesWithEncodingJSON holds it to the
// encoding/json reading it replaced.
func observe(a Answer) Observed {
	o := Observed{Status: a.Status}
	dec := jsontext.NewDecoder(bytes.NewBuffer(a.Body), jsontext.AllowDuplicateNames(true), jsontext.AllowInvalidUTF8(true))
	var success string
	err := readObject(dec, func(name string) error {
		switch name {
		case "success":
			v, err := dec.ReadValue()
			success = string(v)
			return err
		case "data":
			return readMembers(dec, func(name string) *string {
				switch name {
				case "id":
					return &o.ID
				case "created_at":
					return &o.CreatedAt
				}
				return nil
			})
		case "error":
			return readMembers(dec, func(name string) *string {
				if name == "code" {
					return &o.Code
				}
				return nil
			})
		}
		return dec.SkipValue()
	})
	if err == nil {
		_, err = dec.ReadToken()
	}
	if err != io.EOF {
		return Observed{Status: a.Status}
	}
	switch success {
	case "true":
		o.Kind = Success
	case "false":
		o.Kind = Error
	}
	return o
}

// readObject reads an object, calling member for each name; member reads
// the value.
func readObject(dec *jsontext.Decoder, member func(name string) error) error {
	if tok, err := dec.ReadToken(); err != nil || tok.Kind() != '{' {
		return errNotObject
	}
	for dec.PeekKind() != '}' {
		tok, err := dec.ReadToken()
		if err != nil {
			return err
		}
		if err := member(tok.String()); err != nil {
			return err
		}
	}
	_, err := dec.ReadToken()
	return err
}

var errNotObject = errors.New("not an object")

// readMembers reads a value; when it is an object, each member into names
// (into returns where it goes, nil for the others) is stored there when it
// is a string and cleared otherwise, as encoding/json would.
func readMembers(dec *jsontext.Decoder, into func(name string) *string) error {
	if dec.PeekKind() != '{' {
		return dec.SkipValue()
	}
	return readObject(dec, func(name string) error {
		dst := into(name)
		if dst == nil {
			return dec.SkipValue()
		}
		if dec.PeekKind() != '"' {
			*dst = ""
			return dec.SkipValue()
		}
		tok, err := dec.ReadToken()
		*dst = tok.String()
		return err
	})
}

// summary is a short, one-line description of a response for "got".
func summary(a Answer) string {
	mt, _, _ := mime.ParseMediaType(a.Header.Get("Content-Type"))
	if mt == "" {
		mt = "no Content-Type"
	}
	return fmt.Sprintf("%d %s %s", a.Status, mt, contract.Excerpt(a.Body, 120))
}
