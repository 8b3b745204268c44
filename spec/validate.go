package spec

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"sync"

	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/putdestination/conformance/verdict"
)

// ValidateRequest validates a request body (with the given headers; nil means
// the contract's own) against the operation with openapi3filter, collecting
// every problem.
//
// openapi3filter decodes the first JSON value of the body and ignores what
// follows it, but a body with trailing bytes is not one JSON text
// (RFC 8259), so that case is checked first with encoding/json.Valid.
func (s *Spec) ValidateRequest(header http.Header, body []byte) []Problem {
	if len(bytes.TrimSpace(body)) > 0 && !json.Valid(body) {
		return []Problem{{Pointer: "", Keyword: "json", Message: "body is not a single JSON text"}}
	}
	if header == nil {
		header = s.RequestHeaders()
	}
	req, err := http.NewRequest(http.MethodPost, "http://spec.invalid"+s.route.Path, bytes.NewReader(body))
	if err != nil {
		return []Problem{{Keyword: "request", Message: err.Error()}}
	}
	req.Header = header.Clone()
	in := &openapi3filter.RequestValidationInput{
		Request: req,
		Route:   s.route,
		Options: &openapi3filter.Options{MultiError: true, AuthenticationFunc: openapi3filter.NoopAuthenticationFunc},
	}
	return resolvePropertyNames(problems(openapi3filter.ValidateRequest(context.Background(), in)), s.RequestSchema())
}

// ResponseCheck is what the spec says of one response (verdict.ResponseCheck).
type ResponseCheck = verdict.ResponseCheck

// ValidateResponse validates a response body as the response the spec
// declares for status, with openapi3filter. The media type is judged on its
// own (MediaTypeDeclared) and the body is validated as JSON whatever the
// Content-Type said, so one wrong header does not hide a wrong body.
//
// kin-openapi compiles the JSON Schema 2020-12 validator on every call
// (getkin/kin-openapi#1186), which costs far more than the exchange itself.
// So a body is first checked against the schema compiled once (see
// compiledBodies): one that conforms has no problems. Otherwise
// openapi3filter lists the problems. Identical inputs get identical
// verdicts, so recent ones are memoized (a handler's error envelopes
// repeat, and fuzzing judges many).
func (s *Spec) ValidateResponse(status int, contentType string, body []byte) ResponseCheck {
	var c ResponseCheck
	ref := s.op.Responses.Status(status)
	c.StatusDeclared = ref != nil
	for _, content := range s.contents {
		if content.Get(contentType) != nil {
			c.MediaTypeDeclared = true
			break
		}
	}
	if !c.StatusDeclared {
		return c
	}
	c.Body = s.memo.get(status, body, func() ([]Problem, bool) {
		if s.conforms(status, body) {
			// A conforming success envelope carries an id of its own:
			// it does not come again, and keeping it only churns the
			// memo. Error envelopes repeat, conforming or not.
			return nil, status != s.StatusFor(true)
		}
		return s.validateBody(status, body), true
	})
	return c
}

func (s *Spec) validateBody(status int, body []byte) []Problem {
	req, _ := http.NewRequest(http.MethodPost, "http://spec.invalid"+s.route.Path, nil)
	h := http.Header{}
	h.Set("Content-Type", "application/json")
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{Request: req, Route: s.route},
		Status:                 status,
		Header:                 h,
		Body:                   io.NopCloser(bytes.NewReader(body)),
		Options:                &openapi3filter.Options{MultiError: true, IncludeResponseStatus: true},
	}
	return plain(problems(openapi3filter.ValidateResponse(context.Background(), in)))
}

// responseMemo keeps the verdicts of recent distinct (status, body) pairs.
// It is bounded: when full it is emptied, so memory stays flat on long runs.
// Its maps are keyed by status, then body, so that a lookup converts the
// body to a string without copying it (the compiler's m[string(b)] form).
type responseMemo struct {
	mu sync.Mutex
	m  map[int]map[string][]Problem
	n  int
}

const memoMax = 4096

// memoBodyMax keeps large bodies out of the memo: they are rarely repeated.
const memoBodyMax = 1024

// get is the verdict on (status, body): a kept one, or compute's, kept
// when compute says to.
func (m *responseMemo) get(status int, body []byte, compute func() (p []Problem, keep bool)) []Problem {
	if len(body) > memoBodyMax {
		p, _ := compute()
		return p
	}
	m.mu.Lock()
	p, ok := m.m[status][string(body)]
	m.mu.Unlock()
	if ok {
		return p
	}
	p, keep := compute()
	if !keep {
		return p
	}
	m.mu.Lock()
	if m.m == nil || m.n >= memoMax {
		m.m, m.n = map[int]map[string][]Problem{}, 0
	}
	if m.m[status] == nil {
		m.m[status] = make(map[string][]Problem, 64)
	}
	if _, ok := m.m[status][string(body)]; !ok {
		m.n++
	}
	m.m[status][string(body)] = p
	m.mu.Unlock()
	return p
}

// conforms reports whether body conforms to the schema of status: by the
// document compiled to Go when there is one (see Spec.contract), else by
// the schema compiled once.
func (s *Spec) conforms(status int, body []byte) bool {
	if s.contract != nil {
		return s.contract.Conforms(status, body)
	}
	return s.compiled.conforms(status, body)
}
