package generators

import (
	"fmt"

	"github.com/putdestination/conformance/contract"
	"github.com/putdestination/conformance/internal/jsontext"
)

// Case is one generated request and what the contract says must happen to it.
type Case struct {
	// Label says what the case is, e.g. "valid" or
	// "invalid /destinationName pattern: ':' at end".
	Label string `json:"label"`
	// Method is the HTTP method; "" means POST.
	Method string `json:"method,omitempty"`
	// Body is the exact text to send.
	Body []byte `json:"-"`
	// Name is the destinationName the body carries, when it is a valid
	// string (identity bookkeeping).
	Name string `json:"-"`
	// Expect is what must happen to the request.
	Expect contract.Expectation `json:"expect"`
	// Edges lists the edge classes the case exercises (coverage tests and
	// reports).
	Edges []string `json:"edges,omitempty"`
}

// HTTPMethod is the method to send.
func (c Case) HTTPMethod() string {
	if c.Method == "" {
		return "POST"
	}
	return c.Method
}

// Alone reports whether the case must go out on a connection of its own:
// another method with a body, or a malformed body, can leave a kept-alive
// connection out of step with the server (a server that does not read the
// body of a GET leaves it for the next request to be misread), and the next
// case must not pay for it.
func (c Case) Alone() bool {
	return c.HTTPMethod() != "POST" || c.Expect.Breaks.Keyword == "json"
}

func (c Case) String() string {
	return fmt.Sprintf("%s %s %s", c.Label, c.HTTPMethod(), contract.Excerpt(c.Body, 200))
}

// field is one member of a JSON object, in the order it is written.
type field struct {
	name   string
	quoted []byte // name as a JSON string literal, when known already
	raw    []byte // the value as JSON (nil: null), unless fromSrc
	src    drawn  // the string value, when set by textField or drawnField
	// fromSrc: the value is src's literal, written straight into the body.
	fromSrc bool
}

// object writes members in order; a nil raw is written as JSON null.
func object(fields []field) []byte {
	size := 2
	for _, f := range fields {
		// A capacity hint: names are plain member names, quoted.
		size += len(f.name) + 2 + len(f.quoted) + len(f.raw) + len(",:null")
		if f.fromSrc {
			size += f.src.litLen()
		}
	}
	b := make([]byte, 0, size)
	b = append(b, '{')
	for i, f := range fields {
		if i > 0 {
			b = append(b, ',')
		}
		if f.quoted != nil {
			b = append(b, f.quoted...)
		} else {
			b = jsontext.AppendString(b, f.name)
		}
		b = append(b, ':')
		switch {
		case f.fromSrc:
			b = f.src.appendLit(b)
		case f.raw == nil:
			b = append(b, "null"...)
		default:
			b = append(b, f.raw...)
		}
	}
	return append(b, '}')
}

// jsonString encodes s as a JSON string, leaving <, > and & readable.
func jsonString(s string) []byte {
	return jsontext.AppendString(make([]byte, 0, len(s)+2), s)
}
