package parity

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/putdestination/conformance/transport"
)

// The HAR 1.2 structures (http://www.softwareishard.com/blog/har-12-spec/),
// written here rather than taken from a library: the maintained Go ones
// (github.com/chromedp/cdproto/har) have no room for the harness's own
// "_"-prefixed fields, which HAR 1.2 allows and a cassette needs (the
// campaign, a request's connection, a request body that is not UTF-8),
// and github.com/google/martian/v3/har comes with a proxy and is no
// longer developed. TestHARRequiredFields checks the output against the
// spec's required fields.

// HARVersion is the HAR version a cassette is written in.
const HARVersion = "1.2"

// HAR is a cassette: a HAR 1.2 document.
type HAR struct {
	Log Log `json:"log"`

	// sum is the SHA-256 of the cassette as Read read it.
	sum [sha256.Size]byte
}

// SHA256 is the hash of the cassette's bytes as Read read them, or of its
// JSON form for one not read.
func (h *HAR) SHA256() string {
	if h.sum == ([sha256.Size]byte{}) {
		data, _ := json.Marshal(h)
		sum := sha256.Sum256(data)
		return hex.EncodeToString(sum[:])
	}
	return hex.EncodeToString(h.sum[:])
}

// Log is HAR's log object, with the campaign that made it.
type Log struct {
	Version string  `json:"version"`
	Creator Creator `json:"creator"`
	Entries []Entry `json:"entries"`
	// Harness is the recording's campaign: see Meta.
	Harness Meta `json:"_harness"`
}

// Meta is what the harness records of the campaign besides the exchanges.
type Meta struct {
	// Seed, Budget and Dialect are the campaign's.
	Seed    uint64 `json:"seed,string"`
	Budget  int    `json:"budget"`
	Dialect string `json:"dialect"`
	// NamePrefix starts every name the campaign could create; a parity
	// check replaces it in request bodies by a fresh one of the same
	// length.
	NamePrefix string `json:"namePrefix"`
	// Version is the harness's (internal/buildinfo).
	Version string `json:"version"`
	// Endpoint is the reference, credentials redacted.
	Endpoint string `json:"endpoint"`
	// Region and Partition are, in the aws dialect, the region the
	// recording's requests were signed for and its partition: an ARN in
	// them is the reference's own (see Rules, ARN).
	Region    string `json:"region,omitempty"`
	Partition string `json:"partition,omitempty"`
	// SecondRegion is the recording's second region (see
	// awsdialect.RegionFor): the requests about some names were signed
	// for it, and their ARNs name it.
	SecondRegion string `json:"secondRegion,omitempty"`
}

// Creator is HAR's creator object.
type Creator struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// Entry is one exchange.
type Entry struct {
	StartedDateTime string   `json:"startedDateTime"`
	Time            float64  `json:"time"`
	Request         Request  `json:"request"`
	Response        Response `json:"response"`
	Cache           struct{} `json:"cache"`
	Timings         Timings  `json:"timings"`
	// Alone: the request went out on a connection of its own
	// (transport.Request.Alone).
	Alone bool `json:"_alone,omitempty"`
	// Failure and Error are the transport's failure, when no complete
	// response came back (Response.Status is then 0, as HAR has it for a
	// request that got none).
	Failure string `json:"_failure,omitempty"`
	Error   string `json:"_error,omitempty"`
}

// Request is HAR's request object.
type Request struct {
	Method      string      `json:"method"`
	URL         string      `json:"url"`
	HTTPVersion string      `json:"httpVersion"`
	Cookies     []NameValue `json:"cookies"`
	Headers     []NameValue `json:"headers"`
	QueryString []NameValue `json:"queryString"`
	PostData    *PostData   `json:"postData,omitempty"`
	HeadersSize int         `json:"headersSize"`
	BodySize    int         `json:"bodySize"`
}

// PostData is HAR's postData. HAR 1.2 has no encoding for it: a body that
// is not UTF-8 is in Text as base64, with Encoding "base64" (as
// content.encoding has it).
type PostData struct {
	MimeType string      `json:"mimeType"`
	Params   []NameValue `json:"params"`
	Text     string      `json:"text"`
	Encoding string      `json:"_encoding,omitempty"`
}

// Response is HAR's response object.
type Response struct {
	Status      int         `json:"status"`
	StatusText  string      `json:"statusText"`
	HTTPVersion string      `json:"httpVersion"`
	Cookies     []NameValue `json:"cookies"`
	Headers     []NameValue `json:"headers"`
	Content     Content     `json:"content"`
	RedirectURL string      `json:"redirectURL"`
	HeadersSize int         `json:"headersSize"`
	BodySize    int         `json:"bodySize"`
}

// Content is HAR's content object: Text is base64 when Encoding says so.
type Content struct {
	Size     int    `json:"size"`
	MimeType string `json:"mimeType"`
	Text     string `json:"text"`
	Encoding string `json:"encoding,omitempty"`
}

// Timings is HAR's timings object; only the whole is known, as wait.
type Timings struct {
	Send    float64 `json:"send"`
	Wait    float64 `json:"wait"`
	Receive float64 `json:"receive"`
}

// NameValue is a header, cookie, query or form parameter.
type NameValue struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// entryOf is the HAR entry of an observed exchange.
func entryOf(o transport.Observed) Entry {
	ms := float64(o.Took.Microseconds()) / 1000
	method := o.Request.Method
	if method == "" {
		method = http.MethodGet
	}
	e := Entry{
		StartedDateTime: o.Started.UTC().Format(time.RFC3339Nano),
		Time:            ms,
		Request: Request{Method: method, URL: o.Request.URL, HTTPVersion: "HTTP/1.1", Cookies: []NameValue{}, Headers: headers(o.Header),
			QueryString: []NameValue{}, HeadersSize: -1, BodySize: len(o.Request.Body)},
		Response: Response{Status: o.Response.Status, StatusText: http.StatusText(o.Response.Status), HTTPVersion: "HTTP/1.1", Cookies: []NameValue{},
			Headers: headers(o.Response.Header), HeadersSize: -1, BodySize: len(o.Response.Body)},
		Timings: Timings{Send: 0, Wait: ms, Receive: 0},
		Alone:   o.Request.Alone,
	}
	if o.Request.Body != nil {
		text, enc := encode(o.Request.Body)
		e.Request.PostData = &PostData{MimeType: o.Header.Get("Content-Type"), Params: []NameValue{}, Text: text, Encoding: enc}
	}
	if o.Response.Status == 0 {
		e.Response.HTTPVersion, e.Response.BodySize = "", -1
	}
	text, enc := encode(o.Response.Body)
	e.Response.Content = Content{Size: len(o.Response.Body), MimeType: o.Response.Header.Get("Content-Type"), Text: text, Encoding: enc}
	if o.Err != nil {
		e.Failure, e.Error = string(o.Failure), o.Err.Error()
	}
	return e
}

// headers is h as HAR lists it, sorted by name.
func headers(h http.Header) []NameValue {
	out := []NameValue{}
	for name, vs := range h {
		for _, v := range vs {
			out = append(out, NameValue{Name: name, Value: v})
		}
	}
	slices.SortStableFunc(out, func(a, b NameValue) int { return strings.Compare(a.Name, b.Name) })
	return out
}

// header is HAR's headers as an http.Header.
func header(nv []NameValue) http.Header {
	h := http.Header{}
	for _, p := range nv {
		h.Add(p.Name, p.Value)
	}
	return h
}

// encode is b as HAR text: itself when it is UTF-8, else base64.
func encode(b []byte) (text, encoding string) {
	if utf8.Valid(b) {
		return string(b), ""
	}
	return base64.StdEncoding.EncodeToString(b), "base64"
}

// decode is the bytes of HAR text.
func decode(text, encoding string) ([]byte, error) {
	switch encoding {
	case "":
		return []byte(text), nil
	case "base64":
		return base64.StdEncoding.DecodeString(text)
	}
	return nil, fmt.Errorf("encoding %q: want none or base64", encoding)
}

// Write writes h as indented JSON.
func (h *HAR) Write(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(h)
}

// Read reads a cassette and checks it is one the harness wrote.
func Read(r io.Reader) (*HAR, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("cassette: %v", err)
	}
	var h HAR
	if err := json.Unmarshal(data, &h); err != nil {
		return nil, fmt.Errorf("cassette: %v", err)
	}
	h.sum = sha256.Sum256(data)
	if h.Log.Version != HARVersion {
		return nil, fmt.Errorf("cassette: log.version %q: want %q", h.Log.Version, HARVersion)
	}
	if h.Log.Harness.Dialect == "" {
		return nil, fmt.Errorf("cassette: no _harness.dialect: not recorded by conformance record")
	}
	return &h, nil
}
