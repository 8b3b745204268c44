package transport

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/textproto"
	"strings"

	"golang.org/x/net/http/httpguts"
)

// emptyBody is a non-nil, empty request body without GetBody. For methods
// that net/http considers idempotent it makes the request non-replayable, so
// that http.Transport never silently re-sends it on another connection after
// the server hung up mid-exchange ("do not retry anything"); net/http probes
// it, sees EOF and sends no body and no Content-Length, as for a nil body.
type emptyBody struct{}

func (emptyBody) Read([]byte) (int, error) { return 0, io.EOF }
func (emptyBody) Close() error             { return nil }

func (c *Client) buildRequest(ctx context.Context, method string, req Request) (*http.Request, error) {
	var body io.Reader
	if len(req.Body) > 0 {
		body = bytes.NewReader(req.Body)
	}
	hreq, err := http.NewRequestWithContext(ctx, method, req.URL, body)
	if err != nil {
		return nil, err
	}
	if hreq.URL.Scheme != "http" && hreq.URL.Scheme != "https" {
		return nil, fmt.Errorf("unsupported URL scheme %q (want http or https)", hreq.URL.Scheme)
	}
	if hreq.URL.Host == "" {
		return nil, errors.New("URL has no host")
	}
	hreq.Header = wireHeader(c.mergeHeaders(req.Header), req.Wire)
	frame(hreq, req.Body, req.Wire)
	if replayable(method, hreq.Header) {
		// GetBody lets net/http re-send the request on a fresh connection
		// after a failure on a reused one; the server may have processed
		// the first copy. Only non-replayable requests are safe.
		hreq.GetBody = nil
		if hreq.Body == nil {
			switch method {
			case "GET", "HEAD", "DELETE", "OPTIONS":
				// Probed as empty by net/http: nothing extra on the wire.
				hreq.Body = emptyBody{}
			}
		}
	}
	if c.prepare != nil {
		hreq.Header = hreq.Header.Clone() // mergeHeaders shares the caller's
		if err := c.prepare(hreq, req.Body); err != nil {
			return nil, err
		}
	}
	// Spelled last: Prepare reads the fields by their canonical names (a
	// SigV4 signature covers the names lower-cased, whatever their case).
	hreq.Header = spellNames(hreq.Header, req.Wire.HeaderCase)
	if u := hreq.URL.User; u != nil && hreq.Header.Get("Authorization") == "" {
		// The credentials of the URL, as http.Client sends them (requests
		// go straight to a Transport, which does not).
		pass, _ := u.Password()
		hreq.Header = hreq.Header.Clone()
		hreq.SetBasicAuth(u.Username(), pass)
	}
	return hreq, nil
}

// replayable mirrors http.Request.isReplayable for the methods and headers
// that make net/http retry a request by itself.
func replayable(method string, h http.Header) bool {
	switch method {
	case "GET", "HEAD", "OPTIONS", "TRACE":
		return true
	}
	_, a := h["Idempotency-Key"]
	_, b := h["X-Idempotency-Key"]
	return a || b
}

// mergeHeaders returns the headers to send: Config.Headers overlaid by the
// request's own. Value slices are shared, never modified.
func (c *Client) mergeHeaders(h http.Header) http.Header {
	if len(c.extra) == 0 {
		if h == nil {
			return make(http.Header)
		}
		return h
	}
	out := make(http.Header, len(c.extra)+len(h))
	for k, v := range c.extra {
		out[k] = v
	}
	for k, v := range h {
		if ck := textproto.CanonicalMIMEHeaderKey(k); ck != k {
			delete(out, ck) // the request's spelling wins
		}
		out[k] = v
	}
	return out
}

// validateRequest refuses, before the budget is touched, what net/http
// would refuse to send: a method or a header name that is not an RFC 9110
// token, a header value with a control byte other than tab. httpguts holds
// the checks net/http itself makes.
func validateRequest(method string, h http.Header) error {
	if !validMethod(method) {
		return fmt.Errorf("invalid method %q", method)
	}
	return validHeaders(h)
}

// validHeaders refuses a header name that is not an RFC 9110 token and a
// value with a control byte other than tab, naming the header.
func validHeaders(h http.Header) error {
	for name, values := range h {
		if !httpguts.ValidHeaderFieldName(name) {
			return fmt.Errorf("invalid header name %q", name)
		}
		for _, v := range values {
			if !httpguts.ValidHeaderFieldValue(v) {
				return fmt.Errorf("invalid value for header %q", name)
			}
		}
	}
	return nil
}

// validMethod reports whether s is an RFC 9110 method: a token.
func validMethod(s string) bool {
	return s != "" && strings.IndexFunc(s, func(r rune) bool { return !httpguts.IsTokenRune(r) }) < 0
}
