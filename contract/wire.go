package contract

import "strings"

// Wire is how a request goes on the wire beyond its method, headers and
// body: one of the encodings real clients use, which a server must meet
// as the spec's contract notes say. The generators choose it, the
// transport sends it. The zero Wire is the plain form: HTTP/1.1, the body
// with Content-Length, the harness's headers as they are.
type Wire struct {
	// Chunks, when positive, sends the body in the chunked transfer
	// coding (RFC 9112 §7.1), without Content-Length, in that many chunks
	// of near-equal size (at most one a byte).
	Chunks int `json:"chunks,omitempty"`
	// Trailers ends a chunked body with a trailer section (RFC 9112
	// §7.1.2), its field announced in a Trailer header.
	Trailers bool `json:"trailers,omitempty"`
	// Expect100 sends "Expect: 100-continue" and holds the body until the
	// server answers 100 (Continue), or a while (RFC 9110 §10.1.1).
	Expect100 bool `json:"expect100,omitempty"`
	// HTTP10 sends an HTTP/1.0 request, with Content-Length, on a
	// connection of its own that the answer ends.
	HTTP10 bool `json:"http10,omitempty"`
	// HeaderCase spells the names of the request's header fields.
	HeaderCase HeaderCase `json:"headerCase,omitempty"`
	// ContentType changes the request's Content-Type.
	ContentType ContentTypeForm `json:"contentType,omitempty"`
}

// HeaderCase is how header names are spelled; field names are
// case-insensitive (RFC 9110 §5.1).
type HeaderCase string

// The spellings of header names.
const (
	HeaderAsIs  HeaderCase = ""      // as the harness writes them, Content-Type
	HeaderLower HeaderCase = "lower" // content-type
	HeaderUpper HeaderCase = "upper" // CONTENT-TYPE
)

// Spell is name in case c.
func (c HeaderCase) Spell(name string) string {
	switch c {
	case HeaderLower:
		return strings.ToLower(name)
	case HeaderUpper:
		return strings.ToUpper(name)
	}
	return name
}

// ContentTypeForm is a change to the request's Content-Type.
type ContentTypeForm string

// The changes to Content-Type.
const (
	ContentTypeAsIs ContentTypeForm = ""
	// ContentTypeCharset adds "; charset=UTF-8" to the media type.
	ContentTypeCharset ContentTypeForm = "charset"
	// ContentTypeNone sends no Content-Type at all.
	ContentTypeNone ContentTypeForm = "none"
)

// Charset is the parameter ContentTypeCharset adds.
const Charset = "charset=UTF-8"

// IsZero reports whether w is the plain form.
func (w Wire) IsZero() bool { return w == Wire{} }

// String names the form for labels: "" for the plain one.
func (w Wire) String() string {
	var parts []string
	switch {
	case w.Chunks == 1:
		parts = append(parts, "chunked in 1 chunk")
	case w.Chunks > 1:
		parts = append(parts, "chunked in many chunks")
	}
	if w.Trailers {
		parts = append(parts, "with trailers")
	}
	if w.Expect100 {
		parts = append(parts, "Expect: 100-continue")
	}
	if w.HTTP10 {
		parts = append(parts, "HTTP/1.0")
	}
	if w.HeaderCase != HeaderAsIs {
		parts = append(parts, "header names "+string(w.HeaderCase)+" case")
	}
	switch w.ContentType {
	case ContentTypeCharset:
		parts = append(parts, "Content-Type with "+Charset)
	case ContentTypeNone:
		parts = append(parts, "no Content-Type")
	}
	return strings.Join(parts, ", ")
}
