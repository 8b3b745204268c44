package generators

import (
	"bytes"
	"fmt"

	"github.com/putdestination/conformance/internal/jsontext"
	"github.com/putdestination/conformance/oracle"
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
	Expect oracle.Expectation `json:"expect"`
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

func (c Case) String() string {
	return fmt.Sprintf("%s %s %s", c.Label, c.HTTPMethod(), oracle.Excerpt(c.Body, 200))
}

// field is one member of a JSON object, in the order it is written.
type field struct {
	name   string
	quoted []byte // name as a JSON string literal, when known already
	raw    []byte
	text   string // the decoded value, when raw is a string written by setText
}

// object writes members in order; a nil raw is written as JSON null.
func object(fields []field) []byte {
	var b bytes.Buffer
	size := 2
	for _, f := range fields {
		size += len(f.name) + len(f.raw) + 8
	}
	b.Grow(size)
	b.WriteByte('{')
	for i, f := range fields {
		if i > 0 {
			b.WriteByte(',')
		}
		if f.quoted != nil {
			b.Write(f.quoted)
		} else {
			b.Write(jsonString(f.name))
		}
		b.WriteByte(':')
		if f.raw == nil {
			b.WriteString("null")
		} else {
			b.Write(f.raw)
		}
	}
	b.WriteByte('}')
	return b.Bytes()
}

// jsonString encodes s as a JSON string, leaving <, > and & readable.
func jsonString(s string) []byte {
	return jsontext.AppendString(make([]byte, 0, len(s)+2), s)
}
