package generators

import (
	"bytes"
	"encoding/json"
	"fmt"
	"unicode/utf8"

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
	name string
	raw  []byte
}

// object writes members in order; a nil raw is written as JSON null.
func object(fields []field) []byte {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, f := range fields {
		if i > 0 {
			b.WriteByte(',')
		}
		b.Write(jsonString(f.name))
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

// jsonString encodes s as a JSON string (RFC 8259), leaving <, > and &
// readable. Written by hand rather than with encoding/json's Encoder, which
// cost a tenth of the pipeline's CPU in bench for this one job;
// TestJSONStringMatchesEncodingJSON holds it to encoding/json's reading.
func jsonString(s string) []byte {
	const hex = "0123456789abcdef"
	b := make([]byte, 0, len(s)+2)
	b = append(b, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' && c < utf8.RuneSelf {
			b = append(b, c)
			i++
			continue
		}
		if c < utf8.RuneSelf {
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, `\ufffd`...) // as encoding/json does
			i++
			continue
		}
		b = append(b, s[i:i+size]...)
		i += size
	}
	return append(b, '"')
}

func jsonUnmarshal(b []byte, v any) error { return json.Unmarshal(b, v) }
