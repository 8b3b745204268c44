package verdict

import (
	"net/http"
	"strings"
	"sync"
)

// Contract is the spec compiled to Go: what judging a request body and a
// response needs, with no OpenAPI library, YAML parser or schema compiler
// behind it. Embedded (compiled.go, written by `go generate` from the
// spec's embedded document) is the contract the harness ships; the spec
// package judges any other document with kin-openapi.
type Contract struct {
	// Request is the schema of the request body.
	Request *Schema
	// Responses are the body schemas of the declared statuses.
	Responses map[int]*Schema
	// MediaTypes are the media types the responses declare, as the spec
	// writes them (a key may list several ranges, comma-separated).
	MediaTypes []string
	// SuccessStatus and ErrorStatus are the statuses of the success and
	// error envelopes; Code is the error envelope's code.
	SuccessStatus, ErrorStatus int
	Code                       string
	// Target is the X-Amz-Target value every request carries.
	Target string

	// scratches are what its judges read texts with (see scratch).
	scratches *sync.Pool
}

// compile prepares the schemas' regular expressions.
func (c *Contract) compile() (*Contract, error) {
	if err := c.Request.compile(); err != nil {
		return nil, err
	}
	for _, s := range c.Responses {
		if err := s.compile(); err != nil {
			return nil, err
		}
	}
	c.scratches = scratchPool(contractNames(c))
	return c, nil
}

// scratch is a scratch to read one text with, nil for a contract that was
// not compiled; done gives it back.
func (c *Contract) scratch() *scratch {
	if c.scratches == nil {
		return nil
	}
	return c.scratches.Get().(*scratch)
}

// done releases s (from scratch): nothing read with it may be used after.
func (c *Contract) done(s *scratch) {
	if s != nil {
		s.release()
		c.scratches.Put(s)
	}
}

// RequestVerdict judges a request body as spec.Spec.RequestVerdict does:
// valid or not (the first problem, in the order of SortProblems), and
// whether the contract is silent on it. A text fastText reads is read once:
// its reader notes Silence and PastLimit on the way, and builds only what
// the request schema looks at.
func (c *Contract) RequestVerdict(body []byte) Verdict { return c.requestVerdict(body, true) }

// requestVerdict is RequestVerdict, reading the whole value (lazy false)
// or what the schema looks at (see textReader.lazy).
func (c *Contract) requestVerdict(body []byte, lazy bool) Verdict {
	var v Verdict
	var doc any
	var err error
	sc := c.scratch()
	defer c.done(sc)
	r := textReader{b: body, s: sc, lazy: lazy && sc != nil}
	doc, fast := r.text(c.Request)
	if fast {
		v.Silent = r.silence()
	} else {
		doc, err = stdText(body)
		v.Silent = SilenceOf(body, err == nil)
	}
	v.Valid, v.Problem = c.judgeRequest(body, doc, err, sc.root())
	if v.Valid && v.Silent == "" {
		if fast {
			v.Silent = r.pastLimit()
		} else {
			v.Silent = PastLimit(body)
		}
	}
	return v
}

// judgeRequest is what the request schema says of body (decoded as doc, or
// decodeErr): an empty body breaks "required", one that is not one JSON
// text "json".
func (c *Contract) judgeRequest(body []byte, doc any, decodeErr error, at *path) (bool, Problem) {
	switch {
	case len(body) == 0:
		return false, Problem{Keyword: "required", Message: "request body is required"}
	case decodeErr != nil:
		return false, Problem{Keyword: "json", Message: "body is not a single JSON text: " + decodeErr.Error()}
	}
	var ps []Problem
	c.Request.validate(doc, at, &ps)
	if len(ps) == 0 {
		return true, Problem{}
	}
	return false, SortProblems(ps)[0]
}

// ValidateResponse judges a response as spec.Spec.ValidateResponse does:
// whether the status and the media type are declared, and how the body
// breaks the schema of the status (read as its first JSON value, as
// openapi3filter reads it).
func (c *Contract) ValidateResponse(status int, contentType string, body []byte) ResponseCheck {
	return c.validateResponse(status, contentType, body, true)
}

// validateResponse is ValidateResponse, reading the whole value (lazy
// false) or what the schema looks at (see textReader.lazy).
func (c *Contract) validateResponse(status int, contentType string, body []byte, lazy bool) ResponseCheck {
	var r ResponseCheck
	s, ok := c.Responses[status]
	r.StatusDeclared = ok
	r.MediaTypeDeclared = c.declares(contentType)
	if !ok || s == nil {
		return r
	}
	sc := c.scratch()
	defer c.done(sc)
	doc, err := decodeFirst(body, sc, lazily(lazy, s))
	if err != nil {
		r.Body = []Problem{{Keyword: "json", Message: err.Error()}}
		return r
	}
	var ps []Problem
	s.validate(doc, sc.root(), &ps)
	if len(ps) > 0 {
		r.Body = SortProblems(ps)
	}
	return r
}

// declares reports whether a Content-Type resolves to a declared media
// type as openapi3.Content.Get resolves it: the whole value, lower-cased
// and trimmed, then without its parameters, then type/*, then */*; an
// empty one only to */*.
func (c *Contract) declares(contentType string) bool {
	if contentType == "" {
		return c.lists("*/*")
	}
	mt := strings.ToLower(strings.TrimSpace(contentType))
	if c.lists(mt) {
		return true
	}
	base, _, _ := strings.Cut(mt, ";")
	base = strings.TrimSpace(base)
	if c.lists(base) {
		return true
	}
	typ, _, ok := strings.Cut(base, "/")
	if !ok {
		return false
	}
	return c.lists(typ+"/*") || c.lists("*/*")
}

// lists reports whether a declared media type (a comma-separated list of
// ranges) lists want.
func (c *Contract) lists(want string) bool {
	for _, key := range c.MediaTypes {
		if key == want {
			return true
		}
		for entry := range strings.SplitSeq(key, ",") {
			if strings.ToLower(strings.TrimSpace(entry)) == want {
				return true
			}
		}
	}
	return false
}

// StatusFor is the status of the success envelope (true) or of the error
// envelope (false).
func (c *Contract) StatusFor(success bool) int {
	if success {
		return c.SuccessStatus
	}
	return c.ErrorStatus
}

// ErrorCode is the code the error envelope requires.
func (c *Contract) ErrorCode() string { return c.Code }

// RequestHeaders are the headers the contract requires on every request.
func (c *Contract) RequestHeaders() http.Header { return RequestHeaders(c.Target) }

// RequestHeaders are the headers every request carries: the JSON media
// type both ways, and the X-Amz-Target value target ("": none).
func RequestHeaders(target string) http.Header {
	// Built from canonical keys directly: it is asked for on every request.
	h := http.Header{"Content-Type": {"application/json"}, "Accept": {"application/json"}}
	if target != "" {
		h["X-Amz-Target"] = []string{target}
	}
	return h
}

// Conforms reports whether body is one JSON text that conforms to the
// schema of status: ValidateResponse's "no problem", without building the
// problems, for a caller that lists them with another validator.
func (c *Contract) Conforms(status int, body []byte) bool { return c.conforms(status, body, true) }

// conforms is Conforms, reading the whole value (lazy false) or what the
// schema looks at (see textReader.lazy).
func (c *Contract) conforms(status int, body []byte, lazy bool) bool {
	s := c.Responses[status]
	if s == nil {
		return false
	}
	sc := c.scratch()
	defer c.done(sc)
	doc, err := decodeText(body, sc, lazily(lazy, s))
	if err != nil {
		return false
	}
	var ps []Problem
	s.validate(doc, sc.root(), &ps)
	return len(ps) == 0
}

// lazily is the schema to read a text lazily against: s, or nil to read
// the whole value.
func lazily(lazy bool, s *Schema) *Schema {
	if lazy {
		return s
	}
	return nil
}
