package transport

import (
	"bufio"
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"math"
	"net"
	"net/http"
	"net/textproto"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/putdestination/conformance/internal/oneline"
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
	MaxBodyBytes   int64         // response body cap; default 1 MiB; reading stops at cap+1 and the exchange fails with contract.FailTooLarge
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
	// as contract.FailInvalid, before anything is sent. What it adds is not in
	// SentHeader; give the names of secret ones to Headers or rely on
	// the always-redacted names (Authorization, X-Amz-Security-Token).
	Prepare func(r *http.Request, body []byte) error
	// CurlAuth, when set, is shell text added to the curl line of a
	// request so that it authenticates it as Prepare does, without a
	// secret (curl's --aws-sigv4 for the region the request is signed
	// for, with credentials read from the environment, say).
	CurlAuth func(Request) string
	// NoCurl: no URL reaches the endpoint (a handler in process, dialled
	// by DialContext), so no curl line could reproduce an exchange: Curl
	// and CurlSequence return "", and reports point at the run's rerun
	// command instead.
	NoCurl bool
	// ScrubFunc, when set, cleans everything Scrub cleans, after the
	// Secrets: for secrets that change with every request (a signature).
	ScrubFunc func(string) string
	// Observe, when set, hears every exchange of Do that reached the
	// endpoint, secrets redacted (see Observed), in the order they
	// finish; it is called from Do's goroutine and must be safe for
	// concurrent use when Do is.
	Observe func(Observed)
}

// alwaysSensitive are redacted whatever Config.Headers holds. Set-Cookie is an
// addition so that Redact is also safe on response headers.
var alwaysSensitive = []string{
	"Authorization", "Cookie", "X-Amz-Security-Token", "X-Api-Key",
	"Proxy-Authorization", "Set-Cookie",
}

// New returns a Client for cfg. Errors are one line.
func New(cfg Config) (*Client, error) {
	c, err := baseClient(cfg)
	if err != nil {
		return nil, err
	}
	cfg = withDefaults(cfg)
	if cfg.Rate > 0 {
		c.limiter = rate.NewLimiter(rate.Limit(cfg.Rate), cfg.Burst)
	}
	tlsConf, err := tlsConfig(cfg)
	if err != nil {
		return nil, err
	}
	c.tr = httpTransport(cfg, tlsConf)
	// A request with Expect: 100-continue holds its body this long for the
	// server's 100 (Continue), then sends it anyway, as RFC 9110 §10.1.1
	// lets a client do: a server that never sends one still gets the body
	// within RequestTimeout.
	c.tr.ExpectContinueTimeout = cfg.RequestTimeout / 4
	c.expect = c.tr.Clone()
	c.expect.DisableKeepAlives = true
	// The head goes out first, then the body once the server asks for it:
	// net/http's default buffer will do.
	c.expect.WriteBufferSize = 0
	c.wires.New = func() any { return new(bytes.Buffer) }
	c.readers.New = func() any { return bufio.NewReader(nil) }
	return c, nil
}

// CurlClient returns a Client for cfg that writes curl lines (Curl,
// CurlSequence) and redacts, and sends nothing: Do fails with
// FailInvalid. It is for callers that call a handler directly (fuzzing),
// so that what they link holds no HTTP client: Go's fuzzing engine copies
// the coverage counters of all the code a fuzz binary can reach after
// every input.
func CurlClient(cfg Config) (*Client, error) { return baseClient(cfg) }

// baseClient is the part of New that CurlClient shares: cfg checked, and
// the fields of curl lines, redaction and scrubbing set.
func baseClient(cfg Config) (*Client, error) {
	if err := checkConfig(cfg); err != nil {
		return nil, err
	}
	cfg = withDefaults(cfg)
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
		noCurl:    cfg.NoCurl,
		observer:  cfg.Observe,
	}
	if err := c.setHeaders(cfg.Headers); err != nil {
		return nil, err
	}
	c.setScrubber(cfg.Secrets)
	return c, nil
}

// checkConfig rejects the negative and non-finite values of cfg.
func checkConfig(cfg Config) error {
	switch {
	case cfg.RequestTimeout < 0:
		return fmt.Errorf("transport: RequestTimeout %v is negative", cfg.RequestTimeout)
	case cfg.MaxBodyBytes < 0:
		return fmt.Errorf("transport: MaxBodyBytes %d is negative", cfg.MaxBodyBytes)
	case cfg.MaxHeaderBytes < 0:
		return fmt.Errorf("transport: MaxHeaderBytes %d is negative", cfg.MaxHeaderBytes)
	case cfg.Rate < 0 || math.IsNaN(cfg.Rate) || math.IsInf(cfg.Rate, 0):
		return fmt.Errorf("transport: Rate %v is not a finite non-negative number", cfg.Rate)
	case cfg.Burst < 0:
		return fmt.Errorf("transport: Burst %d is negative", cfg.Burst)
	case cfg.MaxRequests < 0:
		return fmt.Errorf("transport: MaxRequests %d is negative", cfg.MaxRequests)
	case cfg.Workers < 0:
		return fmt.Errorf("transport: Workers %d is negative", cfg.Workers)
	}
	return nil
}

// withDefaults is cfg with its zero fields set to their defaults (see the
// package documentation, section Defaults).
func withDefaults(cfg Config) Config {
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
	return cfg
}

// setHeaders checks Config.Headers and keeps them in c.extra under their
// canonical names. Their names are sensitive, as alwaysSensitive are, and
// their values of 4 bytes or more (and the credentials of "<scheme>
// <credentials>") are secrets.
func (c *Client) setHeaders(headers http.Header) error {
	for _, name := range alwaysSensitive {
		c.sensitive[name] = struct{}{}
	}
	if err := validHeaders(headers); err != nil {
		return fmt.Errorf("transport: Config.Headers: %w", err)
	}
	for name, values := range headers {
		for _, v := range values {
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
	return nil
}

// setScrubber adds Config.Secrets to the secrets and builds the replacer
// Scrub uses.
func (c *Client) setScrubber(secrets []string) {
	for _, v := range secrets {
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
}

// tlsConfig is the TLS configuration of cfg: TLS 1.2 or later, CAFile
// added to the system roots, verification skipped only when Insecure.
func tlsConfig(cfg Config) (*tls.Config, error) {
	tlsConf := &tls.Config{MinVersion: tls.VersionTLS12, InsecureSkipVerify: cfg.Insecure}
	if cfg.CAFile != "" {
		pem, err := os.ReadFile(cfg.CAFile)
		if err != nil {
			return nil, fmt.Errorf("transport: read CAFile %q: %s", cfg.CAFile, oneline.String(errText(err)))
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
	return tlsConf, nil
}

// httpTransport is the http.Transport of the kept-alive connections:
// HTTP/1.1 only, no proxy, no compression, an idle pool sized by Workers.
// Every exchange is bounded by RequestTimeout through its request's
// context (see Client.do), the wait for the answer's head included.
func httpTransport(cfg Config, tlsConf *tls.Config) *http.Transport {
	dial := (&net.Dialer{Timeout: cfg.RequestTimeout, KeepAlive: 30 * time.Second}).DialContext
	if cfg.DialContext != nil {
		dial = cfg.DialContext
	}
	var protocols http.Protocols
	protocols.SetHTTP1(true)
	return &http.Transport{
		Proxy:                  nil, // never ProxyFromEnvironment: traffic goes only to the endpoint
		DialContext:            dial,
		TLSClientConfig:        tlsConf,
		TLSHandshakeTimeout:    cfg.RequestTimeout,
		MaxResponseHeaderBytes: cfg.MaxHeaderBytes,
		MaxIdleConns:           cfg.Workers * 2,
		MaxIdleConnsPerHost:    cfg.Workers * 2,
		IdleConnTimeout:        90 * time.Second,
		DisableCompression:     true, // the body is what the endpoint sent, and the cap applies to it
		ForceAttemptHTTP2:      false,
		Protocols:              &protocols,
		// Bodies run to tens of KiB: with net/http's default 4 KiB buffer
		// such a request takes several write calls.
		WriteBufferSize: 64 << 10,
	}
}
