package spec

import (
	"context"
	"crypto/sha256"
	_ "embed"
	"fmt"
	"net/http"
	"os"
	"strconv"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"
	"github.com/putdestination/conformance/verdict"
)

// File is the name of the embedded contract.
const File = "putdestination.openapi.yaml"

//go:embed putdestination.openapi.yaml
var embedded []byte

// Spec is a loaded and validated contract. It is safe for concurrent use.
type Spec struct {
	// Doc is the loaded OpenAPI document.
	Doc *openapi3.T
	// Source names where the document came from (a path, or "embedded:<File>").
	Source string
	// Bytes is the document as read.
	Bytes []byte

	route *routers.Route
	op    *openapi3.Operation
	memo  responseMemo
	// compiled answers "does this body conform?" without recompiling.
	compiled compiledBodies
	// request is the request body schema compiled once (RequestVerdict).
	request *compiledRequest
	// statuses are the error and success statuses (see StatusFor).
	statuses [2]int
	target   string // see Target
	// contents are the media types of the operation's responses, read
	// once (Responses.Map copies the map on every call).
	contents []openapi3.Content
	// contract is the document compiled to Go (verdict.Embedded) when it
	// is the one that is compiled from (the same bytes), else nil: it
	// judges the same (its differential tests say so) at a fraction of the
	// cost.
	contract *verdict.Contract
}

var embeddedSpec = sync.OnceValues(func() (*Spec, error) {
	return Load("embedded:"+File, embedded)
})

// Embedded returns the contract shipped with the harness (loaded once).
func Embedded() (*Spec, error) { return embeddedSpec() }

// EmbeddedSource returns the bytes of the embedded contract.
func EmbeddedSource() []byte { return append([]byte(nil), embedded...) }

// LoadFile loads a contract from a file: a modified copy of the spec, say.
func LoadFile(path string) (*Spec, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("spec: %w", err)
	}
	return Load(path, data)
}

// Load parses, resolves and validates an OpenAPI 3.1 document that describes
// exactly one POST operation (PutDestination).
func Load(source string, data []byte) (*Spec, error) {
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(data)
	if err != nil {
		return nil, fmt.Errorf("spec %s: %v", source, err)
	}
	if !doc.IsOpenAPI31OrLater() {
		return nil, fmt.Errorf("spec %s: openapi %q, want 3.1 or later", source, doc.OpenAPI)
	}
	if err := doc.Validate(context.Background()); err != nil {
		return nil, fmt.Errorf("spec %s: invalid document: %v", source, err)
	}
	router, err := legacy.NewRouter(doc)
	if err != nil {
		return nil, fmt.Errorf("spec %s: %v", source, err)
	}
	s := &Spec{Doc: doc, Source: source, Bytes: append([]byte(nil), data...)}
	for path, item := range doc.Paths.Map() {
		if item.Post == nil {
			continue
		}
		if s.op != nil {
			return nil, fmt.Errorf("spec %s: more than one POST operation", source)
		}
		s.op = item.Post
		req, _ := http.NewRequest(http.MethodPost, "http://spec.invalid"+path, nil)
		route, _, err := router.FindRoute(req)
		if err != nil {
			return nil, fmt.Errorf("spec %s: %v", source, err)
		}
		s.route = route
	}
	if s.op == nil {
		return nil, fmt.Errorf("spec %s: no POST operation", source)
	}
	if s.RequestSchema() == nil {
		return nil, fmt.Errorf("spec %s: the operation has no application/json request body schema", source)
	}
	s.compiled = compileBodies(s.op)
	if s.request, err = compileRequest(doc, s.RequestSchema()); err != nil {
		return nil, fmt.Errorf("spec %s: request schema: %v", source, err)
	}
	s.statuses = [2]int{s.statusFor(false), s.statusFor(true)}
	for _, r := range s.op.Responses.Map() {
		if r.Value != nil {
			s.contents = append(s.contents, r.Value.Content)
		}
	}
	s.target = s.targetOf()
	if fmt.Sprintf("%x", sha256.Sum256(data)) == verdict.EmbeddedSHA256 {
		if c, err := verdict.Embedded(); err == nil {
			s.contract = c
		}
	}
	return s, nil
}

// OperationID is the operation's id (PutDestination).
func (s *Spec) OperationID() string { return s.op.OperationID }

// RequestSchema is the resolved schema of the JSON request body.
func (s *Spec) RequestSchema() *openapi3.Schema {
	if s.op.RequestBody == nil || s.op.RequestBody.Value == nil {
		return nil
	}
	mt := s.op.RequestBody.Value.Content.Get("application/json")
	if mt == nil || mt.Schema == nil {
		return nil
	}
	return mt.Schema.Value
}

// Target is the value the contract requires in the X-Amz-Target header.
func (s *Spec) Target() string { return s.target }

// targetOf reads what Target answers (once, in Load).
func (s *Spec) targetOf() string {
	for _, p := range s.op.Parameters {
		if p.Value != nil && p.Value.In == openapi3.ParameterInHeader && http.CanonicalHeaderKey(p.Value.Name) == "X-Amz-Target" {
			if sch := p.Value.Schema; sch != nil && sch.Value != nil {
				if v, ok := sch.Value.Const.(string); ok {
					return v
				}
			}
		}
	}
	return ""
}

// RequestHeaders are the headers the contract requires on every request.
func (s *Spec) RequestHeaders() http.Header { return verdict.RequestHeaders(s.target) }

// StatusFor returns the status code whose response schema is the envelope
// with the given "success" constant (200 for true, 400 for false in the
// shipped contract), or 0 when the spec declares none.
func (s *Spec) StatusFor(success bool) int {
	if success {
		return s.statuses[1]
	}
	return s.statuses[0]
}

// statusFor reads what StatusFor answers (once, in Load: it is asked on
// every exchange).
func (s *Spec) statusFor(success bool) int {
	for code, ref := range s.op.Responses.Map() {
		if ref.Value == nil {
			continue
		}
		mt := ref.Value.Content.Get("application/json")
		if mt == nil || mt.Schema == nil || mt.Schema.Value == nil {
			continue
		}
		prop := mt.Schema.Value.Properties["success"]
		if prop == nil || prop.Value == nil {
			continue
		}
		if c, ok := prop.Value.Const.(bool); ok && c == success {
			var n int
			if _, err := fmt.Sscanf(code, "%d", &n); err == nil {
				return n
			}
		}
	}
	return 0
}

// ErrorCode returns the error code the error envelope requires
// (VALIDATION_ERROR in the shipped contract).
func (s *Spec) ErrorCode() string {
	ref := s.op.Responses.Status(s.StatusFor(false))
	if ref == nil || ref.Value == nil {
		return ""
	}
	mt := ref.Value.Content.Get("application/json")
	if mt == nil || mt.Schema == nil || mt.Schema.Value == nil {
		return ""
	}
	e := mt.Schema.Value.Properties["error"]
	if e == nil || e.Value == nil || e.Value.Properties["code"] == nil {
		return ""
	}
	code, _ := e.Value.Properties["code"].Value.Const.(string)
	return code
}

// Responses are the operation's responses by status (statuses that are not
// numbers, such as "default", left out).
func (s *Spec) Responses() map[int]*openapi3.Response {
	out := map[int]*openapi3.Response{}
	for code, ref := range s.op.Responses.Map() {
		n, err := strconv.Atoi(code)
		if err == nil && ref.Value != nil {
			out[n] = ref.Value
		}
	}
	return out
}
