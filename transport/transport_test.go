package transport

import (
	"context"
	"encoding/base64"
	"encoding/pem"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/putdestination/conformance/contract"
)

const testTimeout = 200 * time.Millisecond

func TestBudget(t *testing.T) {
	ts, hits := startServer(t, func(w http.ResponseWriter, r *http.Request) {})
	c := newClient(t, Config{RequestTimeout: testTimeout, MaxRequests: 3})
	req := Request{Method: "POST", URL: ts.URL, Body: []byte("{}")}
	for i := range 3 {
		if _, err := c.Do(context.Background(), req); err != nil {
			t.Fatalf("request %d: got %v, want nil", i+1, err)
		}
	}
	for i := range 2 {
		_, err, _ := timedDo(t, c, context.Background(), req)
		if got := kindOf(t, err); got != contract.FailBudget {
			t.Errorf("request %d kind: got %q, want %q", 4+i, got, contract.FailBudget)
		}
	}
	if got := hits.Load(); got != 3 {
		t.Errorf("server requests: got %d, want 3", got)
	}
	if got := c.Sent(); got != 3 {
		t.Errorf("Sent: got %d, want 3", got)
	}
}

func TestBudgetConcurrent(t *testing.T) {
	ts, hits := startServer(t, func(w http.ResponseWriter, r *http.Request) {})
	const limit, callers = 10, 40
	c := newClient(t, Config{RequestTimeout: time.Second, MaxRequests: limit, Workers: 8})
	var ok, budget atomic.Int64
	var wg sync.WaitGroup
	for range callers {
		wg.Go(func() {
			_, err := c.Do(context.Background(), Request{Method: "POST", URL: ts.URL})
			var te *Error
			switch {
			case err == nil:
				ok.Add(1)
			case errors.As(err, &te) && te.Kind == contract.FailBudget:
				budget.Add(1)
			default:
				t.Errorf("concurrent Do: got %v, want nil or budget", err)
			}
		})
	}
	wg.Wait()
	if ok.Load() != limit || budget.Load() != callers-limit {
		t.Errorf("outcomes: got %d ok / %d budget, want %d / %d", ok.Load(), budget.Load(), limit, callers-limit)
	}
	if got := hits.Load(); got != limit {
		t.Errorf("server requests: got %d, want %d", got, limit)
	}
	if got := c.Sent(); got != limit {
		t.Errorf("Sent: got %d, want %d", got, limit)
	}
}

func TestRateLimit(t *testing.T) {
	ts, hits := startServer(t, func(w http.ResponseWriter, r *http.Request) {})
	c := newClient(t, Config{RequestTimeout: time.Second, Rate: 20})
	start := time.Now()
	for i := range 5 {
		if _, err := c.Do(context.Background(), Request{Method: "POST", URL: ts.URL}); err != nil {
			t.Fatalf("request %d: got %v, want nil", i, err)
		}
	}
	// 20/s with burst 1: the 4 waits take 4*50ms. Lower bound only.
	if elapsed := time.Since(start); elapsed < 150*time.Millisecond {
		t.Errorf("5 requests at 20/s: got %v, want >= 150ms", elapsed)
	}
	if got := hits.Load(); got != 5 {
		t.Errorf("server requests: got %d, want 5", got)
	}
}

func TestRateLimitCanceledWait(t *testing.T) {
	ts, hits := startServer(t, func(w http.ResponseWriter, r *http.Request) {})
	// One token an hour: a wait deaf to the caller's deadline would trip
	// timedDo's hang guard.
	c := newClient(t, Config{RequestTimeout: time.Second, Rate: 1.0 / 3600, MaxRequests: 2})
	if _, err := c.Do(context.Background(), Request{URL: ts.URL}); err != nil {
		t.Fatalf("first request: got %v, want nil", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, err, _ := timedDo(t, c, ctx, Request{URL: ts.URL})
	if got := kindOf(t, err); got != contract.FailCanceled {
		t.Errorf("kind while waiting an hour for a token under a 50ms caller deadline: got %q (%v), want %q", got, err, contract.FailCanceled)
	}
	if got := hits.Load(); got != 1 {
		t.Errorf("server requests: got %d, want 1", got)
	}
	if got := c.Sent(); got != 1 {
		t.Errorf("Sent: got %d, want 1 (the canceled wait sent nothing)", got)
	}
}

// deadlineWhen is a caller's context whose deadline passes
// (context.DeadlineExceeded) when passed is closed: a deadline that falls
// at a chosen moment, however slow the machine, rather than at a time.
type deadlineWhen struct {
	context.Context
	passed <-chan struct{}
}

func (c deadlineWhen) Done() <-chan struct{} { return c.passed }

func (c deadlineWhen) Err() error {
	select {
	case <-c.passed:
		return context.DeadlineExceeded
	default:
		return nil
	}
}

// TestCanceled: the caller ending the exchange (a cancellation or its own
// deadline, while the server holds the request, or before Do) ends Do as
// canceled, not as our timeout: RequestTimeout is longer than timedDo's
// hang guard, so a Do that waited for it would trip the guard.
func TestCanceled(t *testing.T) {
	arrived := make(chan struct{}, 1) // the server holds a request
	ts, hits := startServer(t, func(w http.ResponseWriter, r *http.Request) {
		arrived <- struct{}{}
		<-r.Context().Done()
	})
	c := newClient(t, Config{RequestTimeout: 2 * hangGuard})

	// onArrival calls end once the server holds the request (or the
	// subtest is over).
	onArrival := func(t *testing.T, end func()) {
		go func() {
			select {
			case <-arrived:
				end()
			case <-t.Context().Done():
			}
		}()
	}
	tests := []struct {
		name     string
		reason   string
		ctx      func(t *testing.T) (context.Context, context.CancelFunc)
		wantHits int64
	}{
		{
			name:   "canceled mid-request",
			reason: "interrupting the harness is not the endpoint's fault",
			ctx: func(t *testing.T) (context.Context, context.CancelFunc) {
				ctx, cancel := context.WithCancel(context.Background())
				onArrival(t, cancel)
				return ctx, cancel
			},
			wantHits: 1,
		},
		{
			name:   "caller deadline shorter than RequestTimeout",
			reason: "the caller's own deadline is the caller's interruption, not our timeout",
			ctx: func(t *testing.T) (context.Context, context.CancelFunc) {
				passed := make(chan struct{})
				var once sync.Once
				pass := func() { once.Do(func() { close(passed) }) }
				onArrival(t, pass)
				return deadlineWhen{context.Background(), passed}, pass
			},
			wantHits: 1,
		},
		{
			name:   "canceled before Do",
			reason: "nothing is sent on a dead context",
			ctx: func(*testing.T) (context.Context, context.CancelFunc) {
				ctx, cancel := context.WithCancel(context.Background())
				cancel()
				return ctx, cancel
			},
			wantHits: 0,
		},
	}
	for _, tt := range tests {
		for _, on := range connections {
			t.Run(tt.name+", "+on.name, func(t *testing.T) {
				hits.Store(0)
				ctx, cancel := tt.ctx(t)
				defer cancel()
				_, err, _ := timedDo(t, c, ctx, Request{Method: "POST", URL: ts.URL, Alone: on.alone, Wire: on.wire})
				if got := kindOf(t, err); got != contract.FailCanceled {
					t.Errorf("kind (%s): got %q (%v), want %q", tt.reason, got, err, contract.FailCanceled)
				}
				if !errors.Is(err, context.Canceled) && !errors.Is(err, context.DeadlineExceeded) {
					t.Errorf("errors.Is(err, context error): got false for %v, want true", err)
				}
				// The request reached the server before the context ended, or
				// never left: nothing is in flight to count later.
				if got := hits.Load(); got != tt.wantHits {
					t.Errorf("server requests: got %d, want %d", got, tt.wantHits)
				}
			})
		}
	}
}

// connections are the ways a request goes out: on a kept-alive
// connection, on one of its own (written by sendOwn, or by net/http when
// it waits for a 100 Continue), in HTTP/1.0.
var connections = []struct {
	name  string
	alone bool
	wire  contract.Wire
}{
	{"kept alive", false, contract.Wire{}},
	{"on its own", true, contract.Wire{}},
	{"on its own, Expect: 100-continue", true, contract.Wire{Expect100: true}},
	{"HTTP/1.0", false, contract.Wire{HTTP10: true}},
}

func TestTimeoutIsNotCanceled(t *testing.T) {
	ts, _ := startServer(t, func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() })
	c := newClient(t, Config{RequestTimeout: testTimeout})
	for _, on := range connections {
		t.Run(on.name, func(t *testing.T) {
			// A caller deadline past timedDo's hang guard: only our timeout can end Do in time.
			ctx, cancel := context.WithTimeout(context.Background(), 2*hangGuard)
			defer cancel()
			_, err, elapsed := timedDo(t, c, ctx, Request{Method: "POST", URL: ts.URL, Alone: on.alone, Wire: on.wire})
			if got := kindOf(t, err); got != contract.FailTimeout {
				t.Errorf("kind (our RequestTimeout fires under a long caller deadline): got %q (%v), want %q", got, err, contract.FailTimeout)
			}
			if elapsed < testTimeout/2 {
				t.Errorf("Do duration: got %v, want about RequestTimeout %v", elapsed, testTimeout)
			}
		})
	}
}

func TestSecretHeaders(t *testing.T) {
	const secret = "Bearer s3cr3t"
	var gotAuth, gotKey atomic.Value
	ts, _ := startServer(t, func(w http.ResponseWriter, r *http.Request) {
		gotAuth.Store(r.Header.Get("Authorization"))
		gotKey.Store(r.Header.Get("X-Custom-Key"))
	})
	c := newClient(t, Config{RequestTimeout: testTimeout, Headers: http.Header{
		"Authorization": {secret},
		"x-custom-key":  {"k3y-value"},
	}})
	req := Request{
		Method: "POST", URL: ts.URL,
		Header: http.Header{"Content-Type": {"application/x-amz-json-1.0"}, "X-Amz-Target": {"Svc.Op"}},
		Body:   []byte(`{"a":1}`),
	}
	if _, err := c.Do(context.Background(), req); err != nil {
		t.Fatalf("Do: got %v, want nil", err)
	}
	if got := gotAuth.Load(); got != secret {
		t.Errorf("server Authorization: got %q, want %q", got, secret)
	}
	if got := gotKey.Load(); got != "k3y-value" {
		t.Errorf("server X-Custom-Key: got %q, want %q", got, "k3y-value")
	}

	line := c.Curl(req)
	for _, s := range []string{"s3cr3t", "k3y-value"} {
		if strings.Contains(line, s) {
			t.Errorf("Curl output: got %q, want no %q", line, s)
		}
	}
	for _, s := range []string{"'Authorization: REDACTED'", "'X-Custom-Key: REDACTED'", "'X-Amz-Target: Svc.Op'"} {
		if !strings.Contains(line, s) {
			t.Errorf("Curl output: got %q, want it to contain %s", line, s)
		}
	}

	in := http.Header{
		"Authorization":        {secret},
		"authorization":        {secret}, // non-canonical key, set directly
		"X-Custom-Key":         {"k3y-value", "k3y-value"},
		"Cookie":               {"session=abcd1234"},
		"Set-Cookie":           {"session=abcd1234"},
		"X-Amz-Security-Token": {"tok3n"},
		"X-Api-Key":            {"ap1k3y"},
		"Proxy-Authorization":  {"Basic cHJveHk="},
		"Content-Type":         {"application/json"},
	}
	before := in.Clone()
	out := c.Redact(in)
	if !reflect.DeepEqual(in, before) {
		t.Errorf("Redact input: got %v, want unchanged %v", in, before)
	}
	for k, vs := range out {
		for _, v := range vs {
			if k != "Content-Type" && v != "REDACTED" {
				t.Errorf("Redact[%s]: got %q, want REDACTED", k, v)
			}
		}
	}
	if got := out["X-Custom-Key"]; len(got) != 2 {
		t.Errorf("Redact value count: got %d, want 2", len(got))
	}
	if got := out.Get("Content-Type"); got != "application/json" {
		t.Errorf("Redact Content-Type: got %q, want unchanged", got)
	}
	if c.Redact(nil) != nil {
		t.Errorf("Redact(nil): got non-nil, want nil")
	}
}

func TestSecretNotInErrors(t *testing.T) {
	addr, _ := rawServer(t, reply("HTTP/1.1 200 OK\r\nEchoed Bearer s3cr3t back\r\n\r\n"))
	c := newClient(t, Config{RequestTimeout: testTimeout, Headers: http.Header{"Authorization": {"Bearer s3cr3t"}}})
	_, err := c.Do(context.Background(), Request{URL: "http://" + addr + "/"})
	if got := kindOf(t, err); got != contract.FailMalformed {
		t.Errorf("kind: got %q (%v), want %q", got, err, contract.FailMalformed)
	}
	if err != nil && strings.Contains(err.Error(), "s3cr3t") {
		t.Errorf("error message: got %q, want the secret scrubbed", err)
	}
	var te *Error
	if errors.As(err, &te) && te.Err == nil {
		t.Errorf("Error.Err: got nil, want the underlying error")
	}
}

func TestHeaderPrecedence(t *testing.T) {
	var seen atomic.Value
	ts, _ := startServer(t, func(w http.ResponseWriter, r *http.Request) { seen.Store(r.Header.Clone()) })
	c := newClient(t, Config{RequestTimeout: testTimeout, Headers: http.Header{"Authorization": {"Bearer good"}, "X-Extra": {"e"}}})
	tests := []struct {
		name     string
		reason   string
		header   http.Header
		wantAuth []string
	}{
		{"config only", "extra headers are sent on every request", nil, []string{"Bearer good"}},
		{"request overrides", "the harness may send deliberately wrong credentials", http.Header{"Authorization": {"Bearer bad"}}, []string{"Bearer bad"}},
		{"request overrides non-canonical", "a non-canonical spelling still replaces the configured header", http.Header{"authorization": {"Bearer bad"}}, []string{"Bearer bad"}},
		{"request suppresses", "a key with no values sends no such header", http.Header{"Authorization": nil}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := tt.header.Clone()
			if _, err := c.Do(context.Background(), Request{URL: ts.URL, Header: tt.header}); err != nil {
				t.Fatalf("Do: got %v, want nil", err)
			}
			h := seen.Load().(http.Header)
			if got := h.Values("Authorization"); !reflect.DeepEqual(got, tt.wantAuth) {
				t.Errorf("server Authorization (%s): got %q, want %q", tt.reason, got, tt.wantAuth)
			}
			if got := h.Get("X-Extra"); got != "e" {
				t.Errorf("server X-Extra: got %q, want %q", got, "e")
			}
			if !reflect.DeepEqual(tt.header, before) {
				t.Errorf("request header after Do: got %v, want unchanged %v", tt.header, before)
			}
		})
	}
}

func TestRequestNotMutated(t *testing.T) {
	ts, _ := startServer(t, func(w http.ResponseWriter, r *http.Request) { io.Copy(io.Discard, r.Body) })
	c := newClient(t, Config{RequestTimeout: testTimeout, Headers: http.Header{"Authorization": {"x"}}})
	req := Request{Method: "POST", URL: ts.URL, Header: http.Header{"Content-Type": {"a/b"}}, Body: []byte("body")}
	want := Request{Method: req.Method, URL: req.URL, Header: req.Header.Clone(), Body: []byte("body")}
	for range 3 {
		if _, err := c.Do(context.Background(), req); err != nil {
			t.Fatalf("Do: got %v, want nil", err)
		}
	}
	if !reflect.DeepEqual(req, want) {
		t.Errorf("request after Do: got %+v, want %+v", req, want)
	}
}

func TestInvalidRequest(t *testing.T) {
	ts, hits := startServer(t, func(w http.ResponseWriter, r *http.Request) {})
	c := newClient(t, Config{RequestTimeout: testTimeout, MaxRequests: 1})
	tests := []struct {
		name   string
		reason string
		req    Request
	}{
		{"bad method", "a method must be a token", Request{Method: "PO ST", URL: ts.URL}},
		{"header injection", "a CR/LF in a value would smuggle headers", Request{URL: ts.URL, Header: http.Header{"X-A": {"v\r\nX-B: w"}}}},
		{"bad header name", "a header name must be a token", Request{URL: ts.URL, Header: http.Header{"X A": {"v"}}}},
		{"bad scheme", "only http and https", Request{URL: "ftp://127.0.0.1/"}},
		{"no host", "a URL without host", Request{URL: "http:///path"}},
		{"unparsable URL", "a URL that does not parse", Request{URL: "http://[::1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := c.Do(context.Background(), tt.req)
			if got := kindOf(t, err); got != contract.FailInvalid {
				t.Errorf("kind (%s): got %q (%v), want %q", tt.reason, got, err, contract.FailInvalid)
			}
		})
	}
	if got := hits.Load(); got != 0 {
		t.Errorf("server requests: got %d, want 0", got)
	}
	// Invalid requests did not use the budget of 1.
	if _, err := c.Do(context.Background(), Request{URL: ts.URL}); err != nil {
		t.Errorf("valid request after invalid ones: got %v, want nil", err)
	}
}

func TestNewErrors(t *testing.T) {
	dir := t.TempDir()
	notPEM := filepath.Join(dir, "not-a-cert.pem")
	if err := os.WriteFile(notPEM, []byte("hello\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(dir, "missing.pem")
	tests := []struct {
		name    string
		reason  string
		cfg     Config
		wantSub string
	}{
		{"missing CA file", "an unreadable CA file names the file", Config{CAFile: missing}, missing},
		{"CA file without PEM", "a file with no certificate names the file", Config{CAFile: notPEM}, notPEM},
		{"CA file is a directory", "a directory is unreadable", Config{CAFile: dir}, dir},
		{"negative timeout", "negative durations are mistakes", Config{RequestTimeout: -1}, "RequestTimeout"},
		{"negative body cap", "negative caps are mistakes", Config{MaxBodyBytes: -1}, "MaxBodyBytes"},
		{"negative rate", "negative rates are mistakes", Config{Rate: -1}, "Rate"},
		{"negative budget", "negative budgets are mistakes", Config{MaxRequests: -1}, "MaxRequests"},
		{"bad extra header", "a header that could never be sent", Config{Headers: http.Header{"Authorization": {"a\nb"}}}, "Authorization"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := New(tt.cfg)
			if err == nil {
				c.Close()
				t.Fatalf("New (%s): got nil error, want one", tt.reason)
			}
			msg := err.Error()
			if strings.ContainsAny(msg, "\r\n") {
				t.Errorf("New error: got %q, want one line", msg)
			}
			if !strings.Contains(msg, tt.wantSub) {
				t.Errorf("New error (%s): got %q, want it to mention %q", tt.reason, msg, tt.wantSub)
			}
		})
	}
}

func TestUnreadableCAFile(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root reads any file")
	}
	p := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(p, []byte("x"), 0o000); err != nil {
		t.Fatal(err)
	}
	_, err := New(Config{CAFile: p})
	if err == nil || strings.ContainsAny(err.Error(), "\n") || !strings.Contains(err.Error(), p) {
		t.Errorf("New with unreadable CA: got %v, want one line naming %s", err, p)
	}
}

func TestTLS(t *testing.T) {
	ts := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "secure")
	}))
	ts.Config.ErrorLog = quietLog()
	ts.StartTLS()
	defer ts.Close()
	caFile := filepath.Join(t.TempDir(), "ca.pem")
	certPEM := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: ts.Certificate().Raw})
	if err := os.WriteFile(caFile, certPEM, 0o600); err != nil {
		t.Fatal(err)
	}
	plain, _ := startServer(t, func(w http.ResponseWriter, r *http.Request) {})

	tests := []struct {
		name   string
		reason string
		cfg    Config
		url    string
		want   contract.FailureKind
	}{
		{"CA file", "the endpoint's CA is added to the roots", Config{CAFile: caFile}, ts.URL, ""},
		{"no CA", "an unknown authority fails the handshake, nothing sent", Config{}, ts.URL, contract.FailTLS},
		{"insecure", "explicit opt-in skips verification", Config{Insecure: true}, ts.URL, ""},
		{"https to plain http", "an HTTP answer on the https port is a TLS failure", Config{Insecure: true}, "https://" + strings.TrimPrefix(plain.URL, "http://"), contract.FailTLS},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.cfg.RequestTimeout = time.Second
			c := newClient(t, tt.cfg)
			resp, err, _ := timedDo(t, c, context.Background(), Request{URL: tt.url})
			if got := kindOf(t, err); got != tt.want {
				t.Errorf("kind (%s): got %q (%v), want %q", tt.reason, got, err, tt.want)
			}
			if tt.want == "" && string(resp.Body) != "secure" {
				t.Errorf("body: got %q, want %q", resp.Body, "secure")
			}
			wantSent := int64(1)
			if tt.want == contract.FailTLS {
				wantSent = 0
			}
			if got := c.Sent(); got != wantSent {
				t.Errorf("Sent: got %d, want %d", got, wantSent)
			}
		})
	}
}

func TestErrorFormat(t *testing.T) {
	inner := io.ErrUnexpectedEOF
	e := &Error{Kind: contract.FailReset, Err: &scrubbedError{msg: "line one\nline two", err: inner}}
	if got, want := e.Error(), "reset: line one line two"; got != want {
		t.Errorf("Error(): got %q, want %q", got, want)
	}
	if !errors.Is(e, io.ErrUnexpectedEOF) {
		t.Errorf("errors.Is(e, io.ErrUnexpectedEOF): got false, want true")
	}
	var wrapped error = e
	var te *Error
	if !errors.As(wrapped, &te) || te.Kind != contract.FailReset {
		t.Errorf("errors.As: got %v, want *Error of kind reset", te)
	}
}

func TestConcurrentUse(t *testing.T) {
	ts, hits := startServer(t, func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		w.Write(b)
	})
	c := newClient(t, Config{RequestTimeout: 2 * time.Second, Workers: 8, Headers: http.Header{"Authorization": {"x"}}})
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			for j := range 25 {
				body := []byte(strings.Repeat("b", i*j))
				resp, err := c.Do(context.Background(), Request{Method: "POST", URL: ts.URL, Body: body})
				if err != nil || string(resp.Body) != string(body) {
					t.Errorf("concurrent echo: got (%d bytes, %v), want (%d bytes, nil)", len(resp.Body), err, len(body))
					return
				}
			}
		})
	}
	wg.Wait()
	if got := hits.Load(); got != 200 || c.Sent() != 200 {
		t.Errorf("requests: got server %d / Sent %d, want 200 / 200", got, c.Sent())
	}
}

// BenchmarkDo is what one small POST costs through Do, from as many
// goroutines as GOMAXPROCS, against a handler that only reads the body: on
// a kept-alive connection, and on a connection of its own (Request.Alone:
// dialled, then closed after the answer), as the campaign sends the cases
// that could put a kept-alive connection out of step.
func BenchmarkDo(b *testing.B) {
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
	}))
	defer ts.Close()
	c, err := New(Config{Workers: 4, Headers: http.Header{"Authorization": {"Bearer x"}}})
	if err != nil {
		b.Fatal(err)
	}
	defer c.Close()
	body := []byte(`{"destinationName":"a","targetArn":"a","roleArn":"a"}`)
	for _, tc := range []struct {
		name  string
		alone bool
	}{{"kept-alive", false}, {"own-connection", true}} {
		b.Run(tc.name, func(b *testing.B) {
			b.ReportAllocs()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					req := Request{Method: "POST", URL: ts.URL, Header: http.Header{"Content-Type": {"application/json"}}, Body: body, Alone: tc.alone}
					if _, err := c.Do(context.Background(), req); err != nil {
						b.Error(err)
						return
					}
				}
			})
		})
	}
}

func TestWireFraming(t *testing.T) {
	type seen struct {
		te     []string
		cl     int64
		clHdr  string
		body   string
		method string
	}
	var last atomic.Value
	ts, _ := startServer(t, func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		last.Store(seen{r.TransferEncoding, r.ContentLength, r.Header.Get("Content-Length"), string(b), r.Method})
	})
	c := newClient(t, Config{RequestTimeout: time.Second})
	tests := []struct {
		name   string
		reason string
		req    Request
		want   seen
	}{
		{"GET empty", "the non-replayable empty body must not turn into chunked encoding", Request{Method: "GET"}, seen{nil, 0, "", "", "GET"}},
		{"empty method", "an empty method is GET", Request{}, seen{nil, 0, "", "", "GET"}},
		{"DELETE empty", "no body, no framing headers", Request{Method: "DELETE"}, seen{nil, 0, "", "", "DELETE"}},
		{"POST empty", "POST with no body says Content-Length: 0", Request{Method: "POST"}, seen{nil, 0, "0", "", "POST"}},
		{"POST body", "a body is sent with its length", Request{Method: "POST", Body: []byte("abc")}, seen{nil, 3, "3", "abc", "POST"}},
		{"GET body", "a GET body is sent with its length", Request{Method: "GET", Body: []byte("abc")}, seen{nil, 3, "3", "abc", "GET"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := tt.req
			req.URL = ts.URL
			if _, err := c.Do(context.Background(), req); err != nil {
				t.Fatalf("Do: got %v, want nil", err)
			}
			if got := last.Load().(seen); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("server saw (%s): got %+v, want %+v", tt.reason, got, tt.want)
			}
		})
	}
}

// TestURLCredentialsAreBasicAuth: the credentials of an endpoint URL go
// out as a Basic Authorization header, as http.Client sends them, on every
// kind of connection; an Authorization header of the request's own wins.
func TestURLCredentialsAreBasicAuth(t *testing.T) {
	var got atomic.Value
	ts, _ := startServer(t, func(w http.ResponseWriter, r *http.Request) {
		got.Store(r.Header.Values("Authorization"))
	})
	c := newClient(t, Config{RequestTimeout: testTimeout})
	u, err := url.Parse(ts.URL)
	if err != nil {
		t.Fatal(err)
	}
	u.User = url.UserPassword("user", "pa:ss")
	want := "Basic " + base64.StdEncoding.EncodeToString([]byte("user:pa:ss"))
	for _, on := range connections {
		t.Run(on.name, func(t *testing.T) {
			req := Request{Method: "POST", URL: u.String(), Body: []byte("{}"), Alone: on.alone, Wire: on.wire}
			if _, err := c.Do(t.Context(), req); err != nil {
				t.Fatalf("Do: %v", err)
			}
			if v := got.Load().([]string); len(v) != 1 || v[0] != want {
				t.Errorf("Authorization: got %q, want [%q]", v, want)
			}
			req.Header = http.Header{"Authorization": {"Bearer own"}}
			if _, err := c.Do(t.Context(), req); err != nil {
				t.Fatalf("Do: %v", err)
			}
			if v := got.Load().([]string); len(v) != 1 || v[0] != "Bearer own" {
				t.Errorf("Authorization with the request's own: got %q, want [%q]", v, "Bearer own")
			}
		})
	}
}
