// Package transport is the only way the harness talks HTTP.
//
// The endpoint under test is not trusted: it may hang, trickle bytes, send
// endless or malformed responses, reset connections or redirect elsewhere.
// Whatever it does, [Client.Do] finishes within the configured limits, never
// follows a redirect, never retries, never goes through a proxy, and reports a
// failed exchange as an [*Error] whose [Kind] says what happened.
//
// # Defaults
//
// A zero field in [Config] means its default:
//
//   - RequestTimeout: [DefaultRequestTimeout] (2s), covering the whole
//     exchange: connecting, sending, waiting for headers and reading the body.
//   - MaxBodyBytes: [DefaultMaxBodyBytes] (1 MiB).
//   - MaxHeaderBytes: [DefaultMaxHeaderBytes] (64 KiB).
//   - Workers: [DefaultWorkers] (4); the idle pool keeps Workers*2
//     connections per host.
//   - Burst: 1 when Rate > 0.
//   - Rate, MaxRequests: 0 means unlimited.
//
// Negative values are rejected by [New].
package transport

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"math"
	"net"
	"net/http"
	"net/textproto"
	"os"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"github.com/putdestination/conformance/contract"
	"golang.org/x/time/rate"
)

// Defaults applied to zero fields of Config.
const (
	DefaultRequestTimeout       = 2 * time.Second
	DefaultMaxBodyBytes   int64 = 1 << 20
	DefaultMaxHeaderBytes int64 = 64 << 10
	DefaultWorkers              = 4
)

// Config bounds every exchange. Zero values mean the documented defaults (see
// the package documentation, section Defaults).
type Config struct {
	RequestTimeout time.Duration // whole exchange incl. reading the body; default 2s
	MaxBodyBytes   int64         // response body cap; default 1 MiB; reading stops at cap+1 and the exchange fails with KindTooLarge
	MaxHeaderBytes int64         // response header cap; default 64 KiB (http.Transport.MaxResponseHeaderBytes)
	Headers        http.Header   // extra headers sent on every request (e.g. Authorization): secrets, never returned in Exchange.Request
	CAFile         string        // PEM file added to the system roots for https
	Insecure       bool          // skip TLS verification (explicit opt-in)
	Rate           float64       // requests per second, 0 = unlimited (golang.org/x/time/rate)
	Burst          int           // default 1 when Rate > 0
	MaxRequests    int64         // cap on total requests sent by this client, 0 = unlimited
	Workers        int           // expected concurrency, sizes the connection pool (MaxIdleConnsPerHost); default 4
	// Secrets are more values scrubbed from everything the client returns
	// (see Scrub): the credentials of the endpoint URL, say.
	Secrets []string
	// DialContext, when set, makes every connection instead of the
	// network (an in-process server behind a net.Pipe, say).
	DialContext func(ctx context.Context, network, addr string) (net.Conn, error)
	// Prepare, when set, is the last step of building every request: it
	// gets the request as it goes out (headers merged, on a copy of them)
	// and the exact body bytes, and may add headers, a signature say
	// (package awsdialect signs with SigV4). An error fails the exchange
	// as KindInvalid, before anything is sent. What it adds is not in
	// SentHeader; give the names of secret ones to Headers or rely on
	// the always-redacted names (Authorization, X-Amz-Security-Token).
	Prepare func(r *http.Request, body []byte) error
	// CurlAuth is shell text added to every curl line so that it
	// authenticates its request as Prepare does, without a secret (curl's
	// --aws-sigv4 with credentials read from the environment, say).
	CurlAuth string
	// ScrubFunc, when set, cleans everything Scrub cleans, after the
	// Secrets: for secrets that change with every request (a signature).
	ScrubFunc func(string) string
}

// Request is what to send. Header holds only the harness's own headers
// (Content-Type, Accept, X-Amz-Target). An empty Method means GET, as in
// net/http. A header named both here and in Config.Headers is sent with the
// value given here (a key present with no values suppresses the configured
// header), so the harness can deliberately send wrong or missing credentials.
type Request struct {
	Method, URL string
	Header      http.Header
	Body        []byte
	// Alone sends the request on a connection of its own, closed after
	// it: for requests that could leave a kept-alive connection unusable
	// (another method with a body, a malformed body), and for re-sends
	// that must not depend on what an earlier request left behind.
	Alone bool
}

// Response is what came back (possibly partial when Err is set: status and
// headers known, body truncated).
type Response struct {
	Status int
	Header http.Header
	Body   []byte
}

// Kind classifies a failed exchange: the contract's vocabulary, so that the
// oracle judges it without knowing the transport.
type Kind = contract.FailureKind

// The kinds of failed exchange (see contract.FailureKind).
const (
	KindTimeout     = contract.FailTimeout
	KindReset       = contract.FailReset
	KindClosedEarly = contract.FailClosedEarly
	KindRedirect    = contract.FailRedirect
	KindTooLarge    = contract.FailTooLarge
	KindMalformed   = contract.FailMalformed
	KindBudget      = contract.FailBudget
	KindCanceled    = contract.FailCanceled
	KindUnreachable = contract.FailUnreachable
	KindTLS         = contract.FailTLS
	KindInvalid     = contract.FailInvalid
)

// Error is a failed exchange; callers use errors.As, never parse the string.
type Error struct {
	Kind Kind
	Err  error
}

// Error returns "<kind>: <detail>" on one line.
func (e *Error) Error() string {
	if e.Err == nil {
		return string(e.Kind)
	}
	return string(e.Kind) + ": " + oneLine(e.Err.Error())
}

// Unwrap returns the underlying error.
func (e *Error) Unwrap() error { return e.Err }

// Failure is the error as the oracle judges it.
func (e *Error) Failure() *contract.Failure {
	f := &contract.Failure{Kind: e.Kind}
	if e.Err != nil {
		f.Detail = oneLine(e.Err.Error())
	}
	return f
}

// Client is safe for concurrent use.
type Client struct {
	hc *http.Client
	tr *http.Transport
	// alone sends a request on a connection of its own (Request.Alone):
	// one client per write buffer size of aloneBuffers (see aloneFor).
	alone   [len(aloneBuffers)]*http.Client
	timeout time.Duration
	maxBody int64
	maxReqs int64
	limiter *rate.Limiter // nil when unlimited

	extra     http.Header         // canonical copy of Config.Headers
	sensitive map[string]struct{} // canonical names whose values are redacted
	secrets   []string            // values of Config.Headers, scrubbed from error details
	scrubber  *strings.Replacer   // every secret -> REDACTED (see Scrub)
	scrubFunc func(string) string // Config.ScrubFunc
	prepare   func(*http.Request, []byte) error
	curlAuth  string

	caFile   string
	insecure bool

	reserved atomic.Int64 // budget reservations (only when maxReqs > 0)
	sent     atomic.Int64
}

// errTimeout is the cause of the per-request context when RequestTimeout fires;
// it tells our own deadline apart from the caller's context.
var errTimeout = errors.New("request timeout")

var errBudget = errors.New("MaxRequests reached, request not sent")

// alwaysSensitive are redacted whatever Config.Headers holds. Set-Cookie is an
// addition so that Redact is also safe on response headers.
var alwaysSensitive = []string{
	"Authorization", "Cookie", "X-Amz-Security-Token", "X-Api-Key",
	"Proxy-Authorization", "Set-Cookie",
}

// New returns a Client for cfg. Errors are one line.
func New(cfg Config) (*Client, error) {
	switch {
	case cfg.RequestTimeout < 0:
		return nil, fmt.Errorf("transport: RequestTimeout %v is negative", cfg.RequestTimeout)
	case cfg.MaxBodyBytes < 0:
		return nil, fmt.Errorf("transport: MaxBodyBytes %d is negative", cfg.MaxBodyBytes)
	case cfg.MaxHeaderBytes < 0:
		return nil, fmt.Errorf("transport: MaxHeaderBytes %d is negative", cfg.MaxHeaderBytes)
	case cfg.Rate < 0 || math.IsNaN(cfg.Rate) || math.IsInf(cfg.Rate, 0):
		return nil, fmt.Errorf("transport: Rate %v is not a finite non-negative number", cfg.Rate)
	case cfg.Burst < 0:
		return nil, fmt.Errorf("transport: Burst %d is negative", cfg.Burst)
	case cfg.MaxRequests < 0:
		return nil, fmt.Errorf("transport: MaxRequests %d is negative", cfg.MaxRequests)
	case cfg.Workers < 0:
		return nil, fmt.Errorf("transport: Workers %d is negative", cfg.Workers)
	}
	if cfg.RequestTimeout == 0 {
		cfg.RequestTimeout = DefaultRequestTimeout
	}
	if cfg.MaxBodyBytes == 0 {
		cfg.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if cfg.MaxHeaderBytes == 0 {
		cfg.MaxHeaderBytes = DefaultMaxHeaderBytes
	}
	if cfg.Workers == 0 {
		cfg.Workers = DefaultWorkers
	}
	if cfg.Rate > 0 && cfg.Burst == 0 {
		cfg.Burst = 1
	}

	c := &Client{
		timeout:   cfg.RequestTimeout,
		maxBody:   cfg.MaxBodyBytes,
		maxReqs:   cfg.MaxRequests,
		extra:     make(http.Header, len(cfg.Headers)),
		sensitive: make(map[string]struct{}, len(alwaysSensitive)+len(cfg.Headers)),
		caFile:    cfg.CAFile,
		insecure:  cfg.Insecure,
		scrubFunc: cfg.ScrubFunc,
		prepare:   cfg.Prepare,
		curlAuth:  cfg.CurlAuth,
	}
	for _, name := range alwaysSensitive {
		c.sensitive[name] = struct{}{}
	}
	for name, values := range cfg.Headers {
		if !validHeaderName(name) {
			return nil, fmt.Errorf("transport: Config.Headers: invalid header name %q", name)
		}
		for _, v := range values {
			if !validHeaderValue(v) {
				return nil, fmt.Errorf("transport: Config.Headers: invalid value for header %q", name)
			}
			if len(v) >= 4 { // shorter values would scrub ordinary words
				c.secrets = append(c.secrets, v)
			}
			// "<scheme> <credentials>": the credentials alone, too.
			if _, cred, ok := strings.Cut(v, " "); ok && len(strings.TrimSpace(cred)) >= 4 {
				c.secrets = append(c.secrets, strings.TrimSpace(cred))
			}
		}
		ck := textproto.CanonicalMIMEHeaderKey(name)
		c.extra[ck] = append(c.extra[ck], values...)
		c.sensitive[ck] = struct{}{}
	}
	for _, v := range cfg.Secrets {
		if len(v) >= 4 {
			c.secrets = append(c.secrets, v)
		}
	}
	// Longest first: a secret that contains another is replaced whole.
	slices.SortFunc(c.secrets, func(a, b string) int { return len(b) - len(a) })
	pairs := make([]string, 0, 2*len(c.secrets))
	for _, s := range c.secrets {
		pairs = append(pairs, s, redacted)
	}
	c.scrubber = strings.NewReplacer(pairs...)
	if cfg.Rate > 0 {
		c.limiter = rate.NewLimiter(rate.Limit(cfg.Rate), cfg.Burst)
	}

	tlsConf := &tls.Config{MinVersion: tls.VersionTLS12, InsecureSkipVerify: cfg.Insecure}
	if cfg.CAFile != "" {
		pem, err := os.ReadFile(cfg.CAFile)
		if err != nil {
			return nil, fmt.Errorf("transport: read CAFile %q: %s", cfg.CAFile, oneLine(errText(err)))
		}
		pool, err := x509.SystemCertPool()
		if err != nil || pool == nil {
			pool = x509.NewCertPool()
		}
		if !pool.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("transport: CAFile %q: no valid PEM certificate found", cfg.CAFile)
		}
		tlsConf.RootCAs = pool
	}

	dial := (&net.Dialer{Timeout: cfg.RequestTimeout, KeepAlive: 30 * time.Second}).DialContext
	if cfg.DialContext != nil {
		dial = cfg.DialContext
	}
	var protocols http.Protocols
	protocols.SetHTTP1(true)
	c.tr = &http.Transport{
		Proxy:                  nil, // never ProxyFromEnvironment: traffic goes only to the endpoint
		DialContext:            dial,
		TLSClientConfig:        tlsConf,
		TLSHandshakeTimeout:    cfg.RequestTimeout,
		ResponseHeaderTimeout:  cfg.RequestTimeout,
		MaxResponseHeaderBytes: cfg.MaxHeaderBytes,
		MaxIdleConns:           cfg.Workers * 2,
		MaxIdleConnsPerHost:    cfg.Workers * 2,
		IdleConnTimeout:        90 * time.Second,
		DisableCompression:     true, // the body is what the endpoint sent, and the cap applies to it
		ForceAttemptHTTP2:      false,
		Protocols:              &protocols,
		// Bodies run to tens of KiB: with the default 4 KiB buffer each
		// request took several write calls.
		WriteBufferSize: maxWriteBuffer,
	}
	noRedirect := func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	c.hc = &http.Client{Transport: c.tr, CheckRedirect: noRedirect}
	// A connection of its own asks the server to close after its answer,
	// and a server that answers before reading the body (a 405 to a GET
	// with one) then closes with the body unread. Written in one call, the
	// request is in the kernel's hands by then, while a body written in
	// pieces meets the reset (see KindClosedEarly). So a request goes out
	// in one write whenever it fits the large buffer; a small one through a
	// small buffer, since each such connection allocates its own (a 64 KiB
	// buffer per malformed body was a tenth of a run's allocations).
	for i, size := range aloneBuffers {
		tr := c.tr.Clone()
		tr.DisableKeepAlives = true
		tr.WriteBufferSize = size
		c.alone[i] = &http.Client{Transport: tr, CheckRedirect: noRedirect}
	}
	return c, nil
}

// Sent is the number of requests actually sent: handed to the connection and
// not failed before anything was written (KindUnreachable, KindTLS, and
// everything refused before sending are not counted).
func (c *Client) Sent() int64 { return c.sent.Load() }

// Close releases idle connections. The Client remains usable.
func (c *Client) Close() {
	c.tr.CloseIdleConnections()
	for _, hc := range c.alone {
		hc.CloseIdleConnections()
	}
}

// Do sends req and returns the response. On a 3xx it returns the Response
// (status, headers, body) AND an *Error of KindRedirect; if reading that body
// fails, the body's error is returned instead. err is nil or *Error.
// Do never retries and never mutates req.
func (c *Client) Do(ctx context.Context, req Request) (Response, error) {
	return c.do(ctx, nil, req)
}

// maxWriteBuffer is the write buffer of kept-alive connections, and the
// largest of connections of their own.
const maxWriteBuffer = 64 << 10

// aloneBuffers are the write buffer sizes of connections of their own,
// smallest first: net/http's default, and up to maxWriteBuffer.
var aloneBuffers = [...]int{4 << 10, 16 << 10, maxWriteBuffer}

// aloneFor is the client for hreq, to be sent on a connection of its own:
// the one with the smallest buffer the whole request (request line,
// headers as net/http writes them, body) surely fits, so that it still
// goes out in one write.
func (c *Client) aloneFor(hreq *http.Request, body int) *http.Client {
	// Request line, Host, User-Agent, Content-Length, Connection: close,
	// and slack.
	n := body + len(hreq.Method) + len(hreq.URL.RequestURI()) + len(hreq.URL.Host) + 256
	for k, vs := range hreq.Header {
		for _, v := range vs {
			n += len(k) + len(v) + 4
		}
	}
	for i, size := range aloneBuffers {
		if n <= size {
			return c.alone[i]
		}
	}
	return c.alone[len(c.alone)-1]
}

// do sends req through hc; a nil hc is the Client's own choice (its
// kept-alive connections, or one of its own for req.Alone).
func (c *Client) do(ctx context.Context, hc *http.Client, req Request) (Response, error) {
	if err := ctx.Err(); err != nil {
		return Response{}, c.newError(KindCanceled, err)
	}
	method := req.Method
	if method == "" {
		method = http.MethodGet
	}
	if err := validateRequest(method, req.Header); err != nil {
		return Response{}, c.newError(KindInvalid, err)
	}
	if !c.reserve() {
		return Response{}, &Error{Kind: KindBudget, Err: errBudget}
	}
	if c.limiter != nil {
		if err := c.limiter.Wait(ctx); err != nil {
			c.release()
			return Response{}, c.newError(KindCanceled, err)
		}
	}

	rctx, cancel := context.WithTimeoutCause(ctx, c.timeout, errTimeout)
	defer cancel()

	hreq, err := c.buildRequest(rctx, method, req)
	if err != nil {
		c.release()
		return Response{}, c.newError(KindInvalid, err)
	}

	if hc == nil {
		hc = c.hc
		if req.Alone {
			hc = c.aloneFor(hreq, len(req.Body))
		}
	}
	resp, err := hc.Do(hreq)
	if err != nil {
		kind := classify(ctx, rctx, err)
		if kind == KindUnreachable || kind == KindTLS {
			c.release()
		} else {
			c.sent.Add(1)
		}
		return Response{}, c.newError(kind, c.detail(kind, err))
	}
	c.sent.Add(1)
	defer resp.Body.Close()

	out := Response{Status: resp.StatusCode, Header: resp.Header}
	if resp.StatusCode < 200 || resp.StatusCode > 599 {
		// net/http consumes 1xx except 101, which this client never asks
		// for and whose body would be the raw connection; a status outside
		// 100..599 has no framing worth trusting.
		return out, c.newError(KindMalformed, fmt.Errorf("invalid or unsolicited status %d", resp.StatusCode))
	}
	body, tooLarge, err := readBody(resp.Body, c.maxBody, resp.ContentLength)
	out.Body = body
	if err != nil {
		kind := classify(ctx, rctx, err)
		return out, c.newError(kind, c.detail(kind, fmt.Errorf("reading response body after %d bytes: %w", len(body), err)))
	}
	if tooLarge {
		return out, c.newError(KindTooLarge, fmt.Errorf("response body exceeds MaxBodyBytes (%d bytes)", c.maxBody))
	}
	if resp.StatusCode >= 300 && resp.StatusCode <= 399 {
		loc := resp.Header.Get("Location")
		return out, c.newError(KindRedirect, fmt.Errorf("status %d, Location %q not followed", resp.StatusCode, loc))
	}
	return out, nil
}

// detail replaces our own timeout cause by a readable message.
func (c *Client) detail(kind Kind, err error) error {
	if kind == KindTimeout && (errors.Is(err, context.DeadlineExceeded) || errors.Is(err, errTimeout)) {
		return fmt.Errorf("no complete response within %v: %w", c.timeout, err)
	}
	return err
}

// reserve takes one unit of the MaxRequests budget.
func (c *Client) reserve() bool {
	if c.maxReqs <= 0 {
		return true
	}
	for {
		n := c.reserved.Load()
		if n >= c.maxReqs {
			return false
		}
		if c.reserved.CompareAndSwap(n, n+1) {
			return true
		}
	}
}

// release gives back a reservation for a request that was not sent.
func (c *Client) release() {
	if c.maxReqs > 0 {
		c.reserved.Add(-1)
	}
}

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
	hreq.Header = c.mergeHeaders(req.Header)
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

// readBody reads at most limit+1 bytes. tooLarge reports that the body had
// more than limit bytes; the returned body is then truncated to limit.
func readBody(r io.Reader, limit, sizeHint int64) (body []byte, tooLarge bool, err error) {
	size := int64(512)
	if sizeHint >= 0 {
		size = sizeHint + 1 // +1: room for the read that sees EOF
	}
	buf := make([]byte, 0, min(size, limit+1))
	for {
		if len(buf) == cap(buf) {
			// Here len(buf) <= limit, so the growth is at least one byte.
			buf = slices.Grow(buf, int(min(max(int64(len(buf)), 512), limit+1-int64(len(buf)))))
		}
		n, rerr := r.Read(buf[len(buf):min(int64(cap(buf)), limit+1)])
		buf = buf[:len(buf)+n]
		if int64(len(buf)) > limit {
			return buf[:limit], true, nil
		}
		if rerr == io.EOF {
			return buf, false, nil
		}
		if rerr != nil {
			return buf, false, rerr
		}
	}
}

// newError builds an *Error, scrubbing configured secret values from the
// detail (a hostile endpoint may echo the request back as garbage).
func (c *Client) newError(kind Kind, err error) *Error {
	if (len(c.secrets) > 0 || c.scrubFunc != nil) && err != nil {
		msg := err.Error()
		scrubbed := c.Scrub(msg)
		if scrubbed != msg {
			err = &scrubbedError{msg: scrubbed, err: err}
		}
	}
	return &Error{Kind: kind, Err: err}
}

type scrubbedError struct {
	msg string
	err error
}

func (e *scrubbedError) Error() string { return e.msg }
func (e *scrubbedError) Unwrap() error { return e.err }

func errText(err error) string {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// oneLine replaces line breaks so that a message stays on one line.
func oneLine(s string) string {
	if !strings.ContainsAny(s, "\r\n") {
		return s
	}
	return strings.NewReplacer("\r\n", " ", "\r", " ", "\n", " ").Replace(s)
}

func validateRequest(method string, h http.Header) error {
	if !validToken(method) {
		return fmt.Errorf("invalid method %q", method)
	}
	for name, values := range h {
		if !validHeaderName(name) {
			return fmt.Errorf("invalid header name %q", name)
		}
		for _, v := range values {
			if !validHeaderValue(v) {
				return fmt.Errorf("invalid value for header %q", name)
			}
		}
	}
	return nil
}

func validHeaderName(s string) bool { return validToken(s) }

// validToken reports whether s is an RFC 9110 token.
func validToken(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		b := s[i]
		if b >= 0x80 || !isTokenByte[b] {
			return false
		}
	}
	return true
}

// validHeaderValue rejects control bytes other than tab (as net/http does).
func validHeaderValue(s string) bool {
	for i := 0; i < len(s); i++ {
		b := s[i]
		if (b < ' ' && b != '\t') || b == 0x7f {
			return false
		}
	}
	return true
}

var isTokenByte = func() (t [128]bool) {
	for b := '0'; b <= '9'; b++ {
		t[b] = true
	}
	for b := 'a'; b <= 'z'; b++ {
		t[b] = true
		t[b-'a'+'A'] = true
	}
	for _, b := range "!#$%&'*+-.^_`|~" {
		t[b] = true
	}
	return t
}()
