package transport

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/putdestination/conformance/contract"
)

// startServer starts an httptest server whose error log is discarded (hostile
// cases make net/http complain on purpose) and counts the requests it sees.
func startServer(t testing.TB, h http.HandlerFunc) (*httptest.Server, *atomic.Int64) {
	t.Helper()
	var n atomic.Int64
	ts := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		h(w, r)
	}))
	ts.Config.ErrorLog = log.New(io.Discard, "", 0)
	ts.Start()
	t.Cleanup(ts.Close)
	return ts, &n
}

// writeBody writes n bytes of body; chunked forces Transfer-Encoding: chunked.
func writeBody(n int, chunked bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if chunked {
			w.(http.Flusher).Flush()
		} else {
			w.Header().Set("Content-Length", fmt.Sprint(n))
		}
		w.Write([]byte(strings.Repeat("x", n)))
	}
}

func TestHostileEndpoints(t *testing.T) {
	const timeout = 200 * time.Millisecond
	const bodyCap = 1000

	httpServer := func(h http.HandlerFunc) func(t *testing.T) string {
		return func(t *testing.T) string {
			ts, _ := startServer(t, h)
			return ts.URL + "/"
		}
	}
	raw := func(handle func(net.Conn, *bufio.Reader)) func(t *testing.T) string {
		return func(t *testing.T) string {
			addr, _ := rawServer(t, handle)
			return "http://" + addr + "/"
		}
	}

	tests := []struct {
		name     string
		reason   string
		cfg      Config
		server   func(t *testing.T) string
		want     contract.FailureKind
		wantLen  int // expected len(Response.Body), -1 to skip
		wantCode int // expected Response.Status, 0 to skip
	}{
		{
			name:   "hang",
			reason: "a handler that never answers must not block the harness beyond RequestTimeout",
			server: httpServer(func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() }),
			want:   contract.FailTimeout, wantLen: -1,
		},
		{
			name:   "hang raw after request",
			reason: "a peer that accepts, reads and says nothing is a timeout, not a reset",
			server: raw(blockUntilClosed),
			want:   contract.FailTimeout, wantLen: -1,
		},
		{
			name:   "slow trickle body",
			reason: "one byte every 50ms forever never completes; RequestTimeout covers the body read",
			server: httpServer(func(w http.ResponseWriter, r *http.Request) {
				w.(http.Flusher).Flush()
				for {
					select {
					case <-r.Context().Done():
						return
					case <-time.After(50 * time.Millisecond):
					}
					if _, err := w.Write([]byte("x")); err != nil {
						return
					}
					w.(http.Flusher).Flush()
				}
			}),
			want: contract.FailTimeout, wantLen: -1,
		},
		{
			name:   "slow trickle status line",
			reason: "headers trickled byte by byte must also be cut at RequestTimeout",
			server: raw(func(c net.Conn, br *bufio.Reader) {
				readRequest(br)
				for _, b := range []byte("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok") {
					if _, err := c.Write([]byte{b}); err != nil {
						return
					}
					time.Sleep(50 * time.Millisecond)
				}
			}),
			want: contract.FailTimeout, wantLen: -1,
		},
		{
			name:   "endless body",
			reason: "a body that never ends is cut at MaxBodyBytes+1, long before the timeout",
			cfg:    Config{RequestTimeout: 30 * time.Second},
			server: httpServer(func(w http.ResponseWriter, r *http.Request) {
				chunk := []byte(strings.Repeat("y", 32<<10))
				for {
					if _, err := w.Write(chunk); err != nil {
						return
					}
				}
			}),
			want: contract.FailTooLarge, wantLen: bodyCap,
		},
		{
			name:   "body exactly at cap",
			reason: "the cap is inclusive: MaxBodyBytes bytes are fine",
			server: httpServer(writeBody(bodyCap, false)),
			want:   "", wantLen: bodyCap, wantCode: 200,
		},
		{
			name:   "body exactly at cap chunked",
			reason: "without Content-Length the cap is still inclusive",
			server: httpServer(writeBody(bodyCap, true)),
			want:   "", wantLen: bodyCap, wantCode: 200,
		},
		{
			name:   "body one over cap",
			reason: "one byte over the cap fails, with the first MaxBodyBytes bytes kept",
			server: httpServer(writeBody(bodyCap+1, false)),
			want:   contract.FailTooLarge, wantLen: bodyCap, wantCode: 200,
		},
		{
			name:   "body one over cap chunked",
			reason: "one byte over the cap fails without Content-Length too",
			server: httpServer(writeBody(bodyCap+1, true)),
			want:   contract.FailTooLarge, wantLen: bodyCap, wantCode: 200,
		},
		{
			name:   "huge declared body",
			reason: "a Content-Length far above the cap is read only up to cap+1",
			server: raw(reply("HTTP/1.1 200 OK\r\nContent-Length: 1000000000\r\n\r\n" + strings.Repeat("z", 4096))),
			want:   contract.FailTooLarge, wantLen: bodyCap,
		},
		{
			name:   "huge headers",
			reason: "headers over MaxHeaderBytes are refused by the transport",
			cfg:    Config{MaxHeaderBytes: 1024},
			server: httpServer(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("X-Big", strings.Repeat("h", 8<<10))
			}),
			want: contract.FailTooLarge, wantLen: -1,
		},
		{
			name:   "endless headers raw",
			reason: "a header block that never ends hits MaxHeaderBytes",
			cfg:    Config{MaxHeaderBytes: 4096},
			server: raw(func(c net.Conn, br *bufio.Reader) {
				readRequest(br)
				c.Write([]byte("HTTP/1.1 200 OK\r\n"))
				for i := 0; ; i++ {
					if _, err := fmt.Fprintf(c, "X-H%d: %s\r\n", i, strings.Repeat("v", 100)); err != nil {
						return
					}
				}
			}),
			want: contract.FailTooLarge, wantLen: -1,
		},
		{
			name:   "closed right after accept",
			reason: "a connection closed before any response byte is a reset",
			server: raw(func(net.Conn, *bufio.Reader) {}),
			want:   contract.FailReset, wantLen: -1,
		},
		{
			name:   "closed after reading request",
			reason: "EOF where the status line should be is a reset",
			server: raw(func(c net.Conn, br *bufio.Reader) { readRequest(br) }),
			want:   contract.FailReset, wantLen: -1,
		},
		{
			name:   "truncated body",
			reason: "Content-Length 100 with 10 bytes then close is an unexpected EOF",
			server: raw(reply("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n0123456789")),
			want:   contract.FailReset, wantLen: 10, wantCode: 200,
		},
		{
			name:   "truncated chunked body",
			reason: "a chunked body that stops mid-chunk is an unexpected EOF",
			server: raw(reply("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n10\r\n0123")),
			want:   contract.FailReset, wantLen: -1, wantCode: 200,
		},
		{
			name:   "truncated headers",
			reason: "EOF before the end of the header block is a reset",
			server: raw(reply("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n")),
			want:   contract.FailReset, wantLen: -1,
		},
		{
			name:   "garbage",
			reason: "bytes that are not HTTP are malformed",
			server: raw(reply("this is not http at all\r\n\r\n")),
			want:   contract.FailMalformed, wantLen: -1,
		},
		{
			name:   "binary garbage",
			reason: "binary noise with line breaks is malformed",
			server: raw(reply("\x00\x01\x02\xff\xfe garbage \r\n\x00\r\n\r\n")),
			want:   contract.FailMalformed, wantLen: -1,
		},
		{
			name:   "bad status code",
			reason: "a non-numeric status is malformed",
			server: raw(reply("HTTP/1.1 abc OK\r\nContent-Length: 0\r\n\r\n")),
			want:   contract.FailMalformed, wantLen: -1,
		},
		{
			name:   "status 600",
			reason: "net/http accepts any three digits; the harness only trusts 200..599",
			server: raw(reply("HTTP/1.1 600 Weird\r\nContent-Length: 0\r\n\r\n")),
			want:   contract.FailMalformed, wantLen: -1, wantCode: 600,
		},
		{
			name:   "unsolicited 101",
			reason: "switching protocols without an Upgrade request would hand over the raw connection",
			server: raw(reply("HTTP/1.1 101 Switching Protocols\r\nUpgrade: x\r\nConnection: Upgrade\r\n\r\nraw bytes")),
			want:   contract.FailMalformed, wantLen: 0, wantCode: 101,
		},
		{
			name:   "bad header line",
			reason: "a header line without a colon is malformed",
			server: raw(reply("HTTP/1.1 200 OK\r\nno colon here\r\n\r\n")),
			want:   contract.FailMalformed, wantLen: -1,
		},
		{
			name:   "bad chunked encoding",
			reason: "a chunk size that is not hex is malformed",
			server: raw(reply("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n")),
			want:   contract.FailMalformed, wantLen: -1, wantCode: 200,
		},
		{
			name:   "bad Content-Length",
			reason: "a non-numeric Content-Length is malformed",
			server: raw(reply("HTTP/1.1 200 OK\r\nContent-Length: ten\r\n\r\n0123456789")),
			want:   contract.FailMalformed, wantLen: -1,
		},
		{
			name:   "unknown transfer encoding",
			reason: "an unsupported Transfer-Encoding is malformed",
			server: raw(reply("HTTP/1.1 200 OK\r\nTransfer-Encoding: rot13\r\n\r\nuryyb")),
			want:   contract.FailMalformed, wantLen: -1,
		},
		{
			name:   "503",
			reason: "an error status is an answer, returned as is",
			server: httpServer(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Retry-After", "1")
				w.WriteHeader(http.StatusServiceUnavailable)
				io.WriteString(w, `{"message":"slow down"}`)
			}),
			want: "", wantLen: len(`{"message":"slow down"}`), wantCode: 503,
		},
	}
	for _, tt := range tests {
		for _, on := range connections {
			t.Run(tt.name+", "+on.name, func(t *testing.T) {
				t.Parallel()
				cfg := tt.cfg
				if cfg.RequestTimeout == 0 {
					cfg.RequestTimeout = timeout
				}
				cfg.MaxBodyBytes = bodyCap
				c := newClient(t, cfg)
				url := tt.server(t)
				resp, err, elapsed := timedDo(t, c, context.Background(), Request{Method: "GET", URL: url, Alone: on.alone, Wire: on.wire})
				t.Logf("Do: status %d, %d body bytes, err %v", resp.Status, len(resp.Body), err)
				if got := kindOf(t, err); got != tt.want {
					t.Errorf("kind (%s): got %q (%v), want %q", tt.reason, got, err, tt.want)
				}
				if tt.want != contract.FailTimeout && elapsed > cfg.RequestTimeout/2 {
					// Not a speed target: what ends the exchange must be
					// what the case says, not the timeout behind it.
					t.Errorf("Do returned after %v, more than half RequestTimeout (%v): it waited for the timeout", elapsed, cfg.RequestTimeout)
				}
				if tt.wantLen >= 0 && len(resp.Body) != tt.wantLen {
					t.Errorf("body length (%s): got %d, want %d", tt.reason, len(resp.Body), tt.wantLen)
				}
				if len(resp.Body) > bodyCap {
					t.Errorf("body length: got %d, want <= cap %d", len(resp.Body), bodyCap)
				}
				if tt.wantCode != 0 && resp.Status != tt.wantCode {
					t.Errorf("status (%s): got %d, want %d", tt.reason, resp.Status, tt.wantCode)
				}
				if got := c.Sent(); got != 1 {
					t.Errorf("Sent: got %d, want 1", got)
				}
			})
		}
	}
}

func TestRedirectNotFollowed(t *testing.T) {
	target, targetHits := startServer(t, func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "you should not be here")
	})
	tests := []struct {
		name   string
		reason string
		code   int
	}{
		{"302", "the classic redirect", http.StatusFound},
		{"307", "a redirect that would keep the POST body", http.StatusTemporaryRedirect},
		{"308", "permanent redirect that would keep the POST body", http.StatusPermanentRedirect},
		{"301", "permanent redirect", http.StatusMovedPermanently},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src, srcHits := startServer(t, func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Location", target.URL+"/stolen")
				w.WriteHeader(tt.code)
				io.WriteString(w, "moved")
			})
			c := newClient(t, Config{RequestTimeout: 200 * time.Millisecond})
			resp, err, _ := timedDo(t, c, context.Background(), Request{
				Method: "POST", URL: src.URL, Body: []byte(`{"secret":"payload"}`),
			})
			if got := kindOf(t, err); got != contract.FailRedirect {
				t.Errorf("kind (%s): got %q (%v), want %q", tt.reason, got, err, contract.FailRedirect)
			}
			if resp.Status != tt.code {
				t.Errorf("status: got %d, want %d", resp.Status, tt.code)
			}
			if got := resp.Header.Get("Location"); got != target.URL+"/stolen" {
				t.Errorf("Location header: got %q, want %q", got, target.URL+"/stolen")
			}
			if string(resp.Body) != "moved" {
				t.Errorf("body: got %q, want %q", resp.Body, "moved")
			}
			if got := srcHits.Load(); got != 1 {
				t.Errorf("source server requests: got %d, want 1", got)
			}
		})
	}
	if got := targetHits.Load(); got != 0 {
		t.Errorf("redirect target requests: got %d, want 0", got)
	}
}

func Test503NotRetried(t *testing.T) {
	ts, hits := startServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusServiceUnavailable)
	})
	c := newClient(t, Config{RequestTimeout: 200 * time.Millisecond})
	for _, method := range []string{"POST", "GET"} {
		hits.Store(0)
		resp, err, _ := timedDo(t, c, context.Background(), Request{Method: method, URL: ts.URL})
		if err != nil {
			t.Errorf("%s 503 error: got %v, want nil", method, err)
		}
		if resp.Status != 503 {
			t.Errorf("%s status: got %d, want 503", method, resp.Status)
		}
		if got := hits.Load(); got != 1 {
			t.Errorf("%s server requests: got %d, want exactly 1 (no retry)", method, got)
		}
	}
}

// TestNoTransportRetry checks that net/http does not silently re-send an
// idempotent request when the server hangs up on a reused connection after
// reading it: the server may have acted on it.
func TestNoTransportRetry(t *testing.T) {
	tests := []struct {
		name   string
		reason string
		req    Request
	}{
		{"GET", "GET without body is replayable for net/http", Request{Method: "GET"}},
		{"HEAD", "HEAD is replayable for net/http", Request{Method: "HEAD"}},
		{"DELETE", "DELETE with empty body", Request{Method: "DELETE"}},
		{"GET with body", "a body with GetBody is replayable too", Request{Method: "GET", Body: []byte("q")}},
		{"POST Idempotency-Key", "the Idempotency-Key header makes POST replayable", Request{
			Method: "POST", Body: []byte("{}"), Header: http.Header{"Idempotency-Key": {"k1"}},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var requests atomic.Int64
			addr, _ := rawServer(t, func(c net.Conn, br *bufio.Reader) {
				for {
					if !readRequest(br) {
						return
					}
					if requests.Add(1) > 1 {
						return // hang up without answering
					}
					io.WriteString(c, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")
				}
			})
			c := newClient(t, Config{RequestTimeout: 500 * time.Millisecond})
			req := tt.req
			req.URL = "http://" + addr + "/"
			if _, err := c.Do(context.Background(), req); err != nil {
				t.Fatalf("first request: got %v, want nil", err)
			}
			_, err, _ := timedDo(t, c, context.Background(), req)
			if got := kindOf(t, err); got != contract.FailReset {
				t.Errorf("kind (%s): got %q (%v), want %q", tt.reason, got, err, contract.FailReset)
			}
			if got := requests.Load(); got != 2 {
				t.Errorf("server requests (%s): got %d, want 2 (no silent retry)", tt.reason, got)
			}
		})
	}
}

func TestUnreachable(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	c := newClient(t, Config{RequestTimeout: 200 * time.Millisecond, MaxRequests: 1})
	for i := range 3 {
		_, err, _ := timedDo(t, c, context.Background(), Request{Method: "POST", URL: "http://" + addr + "/"})
		if got := kindOf(t, err); got != contract.FailUnreachable {
			t.Errorf("kind (attempt %d, connection refused): got %q (%v), want %q", i, got, err, contract.FailUnreachable)
		}
	}
	if got := c.Sent(); got != 0 {
		t.Errorf("Sent after refused connections: got %d, want 0", got)
	}
}
