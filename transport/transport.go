// Package transport is the only way the harness talks HTTP.
//
// The endpoint under test is not trusted: it may hang, trickle bytes, send
// endless or malformed responses, reset connections or redirect elsewhere.
// Whatever it does, [Client.Do] finishes within the configured limits, never
// follows a redirect, never retries, never goes through a proxy, and reports a
// failed exchange as an [*Error] whose Kind ([contract.FailureKind]) says
// what happened.
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
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/putdestination/conformance/contract"
	"golang.org/x/time/rate"
)

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
	// Wire is the encoding the request goes out in: chunked, with
	// Expect: 100-continue, HTTP/1.0 (always on a connection of its own),
	// header names in another case, another Content-Type; the zero Wire
	// is the plain form.
	Wire contract.Wire
}

// Response is what came back (possibly partial when Err is set: status and
// headers known, body truncated).
type Response struct {
	Status int
	Header http.Header
	Body   []byte
}

// Client is safe for concurrent use.
type Client struct {
	// tr keeps the connections requests share (nil: a CurlClient, which
	// sends nothing). Requests go straight to its RoundTrip: never
	// through an http.Client, which would follow redirects.
	tr *http.Transport
	// expect sends a request with Expect: 100-continue on a connection of
	// its own (see sendOwn for the others).
	expect  *http.Transport
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
	curlAuth  func(Request) string
	noCurl    bool           // Config.NoCurl
	observer  func(Observed) // Config.Observe

	caFile   string
	insecure bool

	// wires and readers keep the buffers requests on connections of
	// their own are written in, and their answers read through (see
	// sendOwn), between requests.
	wires, readers sync.Pool

	reserved atomic.Int64 // budget reservations (only when maxReqs > 0)
	sent     atomic.Int64
}

// Sent is the number of requests actually sent: handed to the connection and
// not failed before anything was written (contract.FailUnreachable, contract.FailTLS, and
// everything refused before sending are not counted).
func (c *Client) Sent() int64 { return c.sent.Load() }

// Close releases idle connections. The Client remains usable.
func (c *Client) Close() {
	if c.tr != nil {
		c.tr.CloseIdleConnections()
		c.expect.CloseIdleConnections()
	}
}
