package correct

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/putdestination/conformance/emulator"
)

// limitVariants refuse a POST body past one parser limit that RFC 8259 §9
// allows and the spec's contract notes document, with 400 and the
// VALIDATION_ERROR envelope, as a server answers its parser's error; every
// other request is the emulator's. The limits are the contract notes'
// (verdict/limits.go), written out here because the emulator's packages
// import nothing of the harness.
func limitVariants() []Server {
	return []Server{
		{
			Name:        "depth-limit-32",
			Description: "refuses a body nested deeper than 32 levels of arrays and objects with a 400, as ASP.NET Core's JSON input does (MaxDepth 32)",
			New: refuseBody(func(body []byte) string {
				if d := measure(body).depth; d > maxDepth {
					return fmt.Sprintf("request body: nesting of %d levels, the limit is %d", d, maxDepth)
				}
				return ""
			}),
		},
		{
			Name:        "number-length-1000",
			Description: "refuses a number written in more than 1,000 characters with a 400, as Jackson 2.15 does (maxNumberLength)",
			New: refuseBody(func(body []byte) string {
				if n := measure(body).number; n > maxNumberLength {
					return fmt.Sprintf("request body: a number of %d characters, the limit is %d", n, maxNumberLength)
				}
				return ""
			}),
		},
		{
			Name:        "string-limit-512-kib",
			Description: "refuses a string of more than 512 KiB as written (escapes as sent) with a 400",
			New: refuseBody(func(body []byte) string {
				if n := measure(body).str; n > maxStringBytes {
					return fmt.Sprintf("request body: a string of %d bytes, the limit is %d", n, maxStringBytes)
				}
				return ""
			}),
		},
		{
			Name:        "body-limit-1-mib",
			Description: "refuses a body of more than 1 MiB with a 400, as behind nginx's default client_max_body_size",
			New: refuseBody(func(body []byte) string {
				if len(body) > maxTextBytes {
					return fmt.Sprintf("request body too large: the limit is %d bytes", maxTextBytes)
				}
				return ""
			}),
		},
		{
			Name:        "numbers-as-float64",
			Description: "decodes the body into map[string]any first (Go's encoding/json), so a number beyond a double's range (1e400, a 400-digit integer) is a 400",
			New: refuseBody(func(body []byte) string {
				var m map[string]any
				var typeErr *json.UnmarshalTypeError
				if err := json.Unmarshal(body, &m); errors.As(err, &typeErr) && strings.HasPrefix(typeErr.Value, "number") {
					return "request body: " + err.Error()
				}
				return ""
			}),
		},
	}
}

// The parser limits of the contract notes (verdict.MaxDepth and the others).
const (
	maxDepth        = 32
	maxNumberLength = 1000
	maxStringBytes  = 512 << 10
	maxTextBytes    = 1 << 20
)

// sizes are what the parser limits measure in a JSON text.
type sizes struct {
	depth  int // the deepest nesting of arrays and objects
	number int // the longest number literal, in bytes
	str    int // the longest string literal, in bytes between its quotes
}

// measure reads the sizes of a JSON text in one pass, as a tokenizer sees
// it: brackets and digits inside strings are no nesting and no number.
// Of bytes that are not JSON it says nothing useful, and need not: a
// server refuses them anyway.
func measure(b []byte) sizes {
	var s sizes
	depth := 0
	for i := 0; i < len(b); i++ {
		switch c := b[i]; {
		case c == '{' || c == '[':
			depth++
			s.depth = max(s.depth, depth)
		case c == '}' || c == ']':
			depth--
		case c == '"':
			start := i + 1
			for i = start; i < len(b) && b[i] != '"'; i++ {
				if b[i] == '\\' {
					i++
				}
			}
			s.str = max(s.str, min(i, len(b))-start)
		case c == '-' || c >= '0' && c <= '9':
			start := i
			for i < len(b) && strings.IndexByte("0123456789.eE+-", b[i]) >= 0 {
				i++
			}
			s.number = max(s.number, i-start)
			i--
		}
	}
	return s
}

// maxRead bounds what a variant reads of a body to check it: one byte past
// the emulator's own limit of 16 MiB, which refuses anything longer.
const maxRead = 16<<20 + 1

// refuseBody returns servers that answer a POST 400 with the
// VALIDATION_ERROR envelope when refuse gives a message for its body (the
// first maxRead bytes), and are a fresh emulator otherwise.
func refuseBody(refuse func(body []byte) string) func() http.Handler {
	return func() http.Handler {
		em := emulator.New()
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method == http.MethodPost && r.Body != nil {
				body, _ := io.ReadAll(io.LimitReader(r.Body, maxRead))
				if why := refuse(body); why != "" {
					drain(r)
					emulator.WriteError(w, http.StatusBadRequest, why)
					return
				}
				r.Body = io.NopCloser(io.MultiReader(bytes.NewReader(body), r.Body))
			}
			em.ServeHTTP(w, r)
		})
	}
}
