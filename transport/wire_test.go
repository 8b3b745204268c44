package transport

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os/exec"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/putdestination/conformance/contract"
)

// onWire is what a server read of one request: the exact bytes, and
// net/http's reading of them.
type onWire struct {
	raw     string
	proto   string
	te      []string
	cl      int64
	header  http.Header
	body    string
	trailer http.Header
	// early: body bytes came before the server's 100 (Continue).
	early bool
}

// wireServer reads one request a connection, as sent (a tee of the
// connection's bytes), answers 100 (Continue) to Expect, and answers the
// request with answer (an HTTP/1.0 response, its body delimited by the
// close, to an HTTP/1.0 request).
func wireServer(t *testing.T) (url string, last func() onWire) {
	t.Helper()
	var (
		mu   sync.Mutex
		seen onWire
	)
	addr, _ := rawServer(t, func(c net.Conn, _ *bufio.Reader) {
		var raw bytes.Buffer
		br := bufio.NewReader(io.TeeReader(c, &raw))
		req, err := http.ReadRequest(br)
		if err != nil {
			return
		}
		early := false
		if req.Header.Get("Expect") == "100-continue" {
			// The client holds the body for a quarter of its
			// RequestTimeout (a minute here): nothing may come first.
			c.SetReadDeadline(time.Now().Add(200 * time.Millisecond))
			_, err := br.Peek(1)
			early = err == nil
			c.SetReadDeadline(time.Time{})
			io.WriteString(c, "HTTP/1.1 100 Continue\r\n\r\n")
		}
		body, _ := io.ReadAll(req.Body)
		mu.Lock()
		seen = onWire{raw.String(), req.Proto, req.TransferEncoding, req.ContentLength, req.Header, string(body), req.Trailer, early}
		mu.Unlock()
		if req.ProtoMinor == 0 {
			io.WriteString(c, "HTTP/1.0 200 OK\r\nContent-Type: application/json\r\n\r\n{\"ok\":1.0}")
			return
		}
		io.WriteString(c, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 8\r\nConnection: close\r\n\r\n{\"ok\":1}")
	})
	return "http://" + addr + "/p?q=1", func() onWire {
		mu.Lock()
		defer mu.Unlock()
		return seen
	}
}

// chunkSizes are the sizes of the chunks of a raw chunked request.
func chunkSizes(t *testing.T, raw string) []int {
	t.Helper()
	_, rest, ok := strings.Cut(raw, "\r\n\r\n")
	if !ok {
		t.Fatalf("no end of the head in %q", raw)
	}
	var sizes []int
	for {
		line, after, ok := strings.Cut(rest, "\r\n")
		if !ok {
			t.Fatalf("chunk size line missing in %q", rest)
		}
		var n int
		for _, c := range line {
			n = n*16 + strings.IndexRune("0123456789abcdef", c)
		}
		if n == 0 {
			return sizes
		}
		sizes = append(sizes, n)
		rest = after[n+2:]
	}
}

// TestWireForms: each Wire goes out as it says, and its answer is read:
// what the server read of the request, byte for byte where the form is
// about bytes, with a reason for each.
func TestWireForms(t *testing.T) {
	url, last := wireServer(t)
	c := newClient(t, Config{RequestTimeout: hangGuard, Headers: http.Header{"Authorization": {"Bearer s3cr3t"}}})
	body := `{"destinationName":"n","targetArn":"t","roleArn":"r"}`
	sum := sha256.Sum256([]byte(body))
	harness := http.Header{"Content-Type": {"application/json"}, "Accept": {"application/json"}, "X-Amz-Target": {"Logs_20140328.PutDestination"}}
	for _, tt := range []struct {
		name, reason string
		wire         contract.Wire
		check        func(t *testing.T, w onWire)
	}{
		{"chunked in one chunk", "the body in one chunk, no Content-Length", contract.Wire{Chunks: 1}, func(t *testing.T, w onWire) {
			if got := chunkSizes(t, w.raw); len(got) != 1 || got[0] != len(body) {
				t.Errorf("chunks: got sizes %v, want [%d]", got, len(body))
			}
			if len(w.te) != 1 || w.te[0] != "chunked" || w.cl != -1 || strings.Contains(w.raw, "Content-Length") {
				t.Errorf("framing: got Transfer-Encoding %v, length %d; want chunked and no Content-Length", w.te, w.cl)
			}
		}},
		{"chunked in many chunks", "seven chunks of near-equal size", contract.Wire{Chunks: 7}, func(t *testing.T, w onWire) {
			got := chunkSizes(t, w.raw)
			total := 0
			for _, n := range got {
				total += n
				if n < len(body)/7 || n > len(body)/7+1 {
					t.Errorf("chunk of %d bytes, want %d or %d", n, len(body)/7, len(body)/7+1)
				}
			}
			if len(got) != 7 || total != len(body) {
				t.Errorf("chunks: got sizes %v, want 7 making %d bytes", got, len(body))
			}
		}},
		{"more chunks than bytes", "at most one chunk a byte", contract.Wire{Chunks: 1000}, func(t *testing.T, w onWire) {
			if got := chunkSizes(t, w.raw); len(got) != len(body) {
				t.Errorf("chunks: got %d, want %d of a byte", len(got), len(body))
			}
		}},
		{"chunked with trailers", "a trailer announced and sent after the last chunk", contract.Wire{Chunks: 3, Trailers: true}, func(t *testing.T, w onWire) {
			if got := w.trailer.Get(trailerName); got != hex.EncodeToString(sum[:]) {
				t.Errorf("trailer %s: got %q, want the body's SHA-256", trailerName, got)
			}
			if !strings.Contains(w.raw, "\r\nTrailer: "+trailerName+"\r\n") {
				t.Errorf("got head %q, want a Trailer header naming %s", w.raw, trailerName)
			}
		}},
		{"Expect: 100-continue", "the body held until the 100 (Continue), sent with its length", contract.Wire{Expect100: true}, func(t *testing.T, w onWire) {
			if w.header.Get("Expect") != "100-continue" || w.early || w.cl != int64(len(body)) {
				t.Errorf("got Expect %q, body before the 100 %v, length %d; want 100-continue, the body after, %d", w.header.Get("Expect"), w.early, w.cl, len(body))
			}
		}},
		{"HTTP/1.0", "an HTTP/1.0 request line, Host and Content-Length, no chunks; the answer's body ends with the connection", contract.Wire{HTTP10: true}, func(t *testing.T, w onWire) {
			if !strings.HasPrefix(w.raw, "POST /p?q=1 HTTP/1.0\r\n") || w.proto != "HTTP/1.0" {
				t.Errorf("request line: got %q, want POST /p?q=1 HTTP/1.0", strings.SplitN(w.raw, "\r\n", 2)[0])
			}
			if w.cl != int64(len(body)) || w.te != nil || w.header.Get("Host") == "" && !strings.Contains(w.raw, "\r\nHost: ") {
				t.Errorf("framing: got length %d, Transfer-Encoding %v; want %d and none, with Host", w.cl, w.te, len(body))
			}
			if w.header.Get("Authorization") != "Bearer s3cr3t" || w.header.Get("X-Amz-Target") == "" {
				t.Errorf("fields: got %v, want the configured and the harness's", w.header)
			}
		}},
		{"HTTP/1.0 chunked", "HTTP/1.0 has no chunked coding: the body keeps its length", contract.Wire{HTTP10: true, Chunks: 3, Trailers: true}, func(t *testing.T, w onWire) {
			if w.cl != int64(len(body)) || w.te != nil {
				t.Errorf("framing: got length %d, Transfer-Encoding %v; want %d and none", w.cl, w.te, len(body))
			}
		}},
		{"header names lower case", "the names the harness and the configuration give, lower-cased; net/http's own canonical", contract.Wire{HeaderCase: contract.HeaderLower}, func(t *testing.T, w onWire) {
			for _, want := range []string{"\r\ncontent-type: application/json\r\n", "\r\nx-amz-target: ", "\r\naccept: ", "\r\nauthorization: ", "\r\nContent-Length: ", "\r\nHost: "} {
				if !strings.Contains(w.raw, want) {
					t.Errorf("got head %q, want %q in it", w.raw, want)
				}
			}
		}},
		{"header names upper case", "upper-cased", contract.Wire{HeaderCase: contract.HeaderUpper}, func(t *testing.T, w onWire) {
			for _, want := range []string{"\r\nCONTENT-TYPE: application/json\r\n", "\r\nX-AMZ-TARGET: "} {
				if !strings.Contains(w.raw, want) {
					t.Errorf("got head %q, want %q in it", w.raw, want)
				}
			}
		}},
		{"HTTP/1.0 with header names lower case", "the raw writer spells names as net/http does", contract.Wire{HTTP10: true, HeaderCase: contract.HeaderLower}, func(t *testing.T, w onWire) {
			if !strings.Contains(w.raw, "\r\ncontent-type: application/json\r\n") || !strings.Contains(w.raw, "\r\nContent-Length: ") {
				t.Errorf("got head %q, want content-type lower-cased, Content-Length as is", w.raw)
			}
		}},
		{"charset", "the media type with charset=UTF-8", contract.Wire{ContentType: contract.ContentTypeCharset}, func(t *testing.T, w onWire) {
			if got := w.header.Values("Content-Type"); len(got) != 1 || got[0] != "application/json; charset=UTF-8" {
				t.Errorf("Content-Type: got %q, want application/json; charset=UTF-8", got)
			}
		}},
		{"no Content-Type", "no Content-Type field at all", contract.Wire{ContentType: contract.ContentTypeNone}, func(t *testing.T, w onWire) {
			if regexp.MustCompile(`(?i)\r\ncontent-type:`).MatchString(w.raw) {
				t.Errorf("got head %q, want no Content-Type", w.raw)
			}
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			req := Request{Method: "POST", URL: url, Header: harness, Body: []byte(body), Wire: tt.wire}
			resp, err, _ := timedDo(t, c, context.Background(), req)
			if err != nil || resp.Status != 200 || !strings.HasPrefix(string(resp.Body), `{"ok":1`) {
				t.Fatalf("Do: got %d %q, %v; want the server's 200", resp.Status, resp.Body, err)
			}
			w := last()
			if w.body != body {
				t.Errorf("body (%s): got %q, want %q", tt.reason, w.body, body)
			}
			tt.check(t, w)
			if len(harness) != 3 || harness.Get("Content-Type") != "application/json" {
				t.Errorf("the caller's header changed: %v", harness)
			}
		})
	}
}

// TestWireShown: a report shows the header as it went out, and the curl
// line sends what Do sent.
func TestWireShown(t *testing.T) {
	c := newClient(t, Config{RequestTimeout: time.Second, Headers: http.Header{"Authorization": {"Bearer s3cr3t"}}})
	h := http.Header{"Content-Type": {"application/json"}}
	for _, tt := range []struct {
		wire       contract.Wire
		shown      http.Header
		curlHas    []string
		curlHasNot []string
	}{
		{contract.Wire{Chunks: 2, Trailers: true}, http.Header{"Content-Type": {"application/json"}, "Authorization": {"REDACTED"}, "Transfer-Encoding": {"chunked"}, "Trailer": {trailerName}},
			[]string{"-H 'Transfer-Encoding: chunked'"}, []string{"--http1.0"}},
		{contract.Wire{HTTP10: true, HeaderCase: contract.HeaderLower}, http.Header{"content-type": {"application/json"}, "authorization": {"REDACTED"}},
			[]string{"--http1.0", "-H 'content-type: application/json'", "-H 'authorization: REDACTED'"}, []string{"Transfer-Encoding"}},
		{contract.Wire{Expect100: true, ContentType: contract.ContentTypeCharset}, http.Header{"Content-Type": {"application/json; charset=UTF-8"}, "Authorization": {"REDACTED"}, "Expect": {"100-continue"}},
			[]string{"-H 'Expect: 100-continue'", "-H 'Content-Type: application/json; charset=UTF-8'"}, nil},
		{contract.Wire{ContentType: contract.ContentTypeNone}, http.Header{"Authorization": {"REDACTED"}},
			[]string{"-H 'Content-Type:'"}, []string{"application/json"}},
	} {
		req := Request{Method: "POST", URL: "http://h/", Header: h, Body: []byte(`{}`), Wire: tt.wire}
		if got := c.SentHeader(req); !equalHeader(got, tt.shown) {
			t.Errorf("%s: SentHeader got %v, want %v", tt.wire, got, tt.shown)
		}
		line := c.Curl(req)
		for _, s := range tt.curlHas {
			if !strings.Contains(line, s) {
				t.Errorf("%s: curl line %q, want %q in it", tt.wire, line, s)
			}
		}
		for _, s := range tt.curlHasNot {
			if strings.Contains(line, s) {
				t.Errorf("%s: curl line %q, want no %q", tt.wire, line, s)
			}
		}
	}
}

func equalHeader(a, b http.Header) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if strings.Join(b[k], "\n") != strings.Join(v, "\n") || len(b[k]) != len(v) {
			return false
		}
	}
	return true
}

// TestHTTP10Failures: an HTTP/1.0 exchange fails as any other does, in
// the same Kind: nothing listening, no answer, a head past
// MaxHeaderBytes, a server that holds the answer, a redirect.
func TestHTTP10Failures(t *testing.T) {
	wire := contract.Wire{HTTP10: true}
	closed, _ := rawServer(t, func(c net.Conn, br *bufio.Reader) { readRequest(br) })
	huge, _ := rawServer(t, reply("HTTP/1.0 200 OK\r\nX-Big: "+strings.Repeat("a", 8<<10)+"\r\n\r\n{}"))
	hold, _ := rawServer(t, blockUntilClosed)
	redirect, _ := rawServer(t, reply("HTTP/1.0 302 Found\r\nLocation: http://elsewhere/\r\nContent-Length: 0\r\n\r\n"))
	interim, _ := rawServer(t, reply("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\n{}"))
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	nothing := ln.Addr().String()
	ln.Close()
	for _, tt := range []struct {
		name, addr string
		cfg        Config
		want       contract.FailureKind
	}{
		{"nothing listening", nothing, Config{RequestTimeout: hangGuard}, contract.FailUnreachable},
		{"closed without an answer", closed, Config{RequestTimeout: hangGuard}, contract.FailReset},
		{"head past MaxHeaderBytes", huge, Config{RequestTimeout: hangGuard, MaxHeaderBytes: 1 << 10}, contract.FailTooLarge},
		{"answer held", hold, Config{RequestTimeout: 100 * time.Millisecond}, contract.FailTimeout},
		{"redirect", redirect, Config{RequestTimeout: hangGuard}, contract.FailRedirect},
		{"an interim answer skipped", interim, Config{RequestTimeout: hangGuard}, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c := newClient(t, tt.cfg)
			_, err, _ := timedDo(t, c, context.Background(), Request{Method: "POST", URL: "http://" + tt.addr + "/", Body: []byte(`{}`), Wire: wire})
			if got := kindOf(t, err); got != tt.want {
				t.Errorf("got %v (%q), want kind %q", got, err, tt.want)
			}
		})
	}
}

// TestHTTP10TLS: an HTTP/1.0 request to an https endpoint goes through
// the configured TLS, and net/http's server answers it in HTTP/1.0 terms.
func TestHTTP10TLS(t *testing.T) {
	var proto string
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		proto = r.Proto
		b, _ := io.ReadAll(r.Body)
		w.Write(b)
	}))
	srv.Config.ErrorLog = quietLog() // the refused handshake
	srv.StartTLS()
	defer srv.Close()
	c := newClient(t, Config{RequestTimeout: hangGuard, Insecure: true})
	resp, err, _ := timedDo(t, c, context.Background(), Request{Method: "POST", URL: srv.URL, Body: []byte(`{"a":1}`), Wire: contract.Wire{HTTP10: true}})
	if err != nil || string(resp.Body) != `{"a":1}` || proto != "HTTP/1.0" {
		t.Errorf("got %q, %v, the server saw %s; want the body echoed over HTTP/1.0", resp.Body, err, proto)
	}
	strict := newClient(t, Config{RequestTimeout: hangGuard})
	_, err, _ = timedDo(t, strict, context.Background(), Request{Method: "POST", URL: srv.URL, Body: []byte(`{}`), Wire: contract.Wire{HTTP10: true}})
	if got := kindOf(t, err); got != contract.FailTLS {
		t.Errorf("unknown authority: got %v (%v), want %s", got, err, contract.FailTLS)
	}
}

// TestCurlReplaysWire runs the curl line of each Wire with the real curl:
// the server must read the same form as from Do (HTTP version, framing,
// the spelling of names, Expect, Content-Type), trailers and chunk sizes
// aside, which curl's command line does not choose.
func TestCurlReplaysWire(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash")
	}
	if _, err := exec.LookPath("curl"); err != nil {
		t.Skip("no curl")
	}
	url, last := wireServer(t)
	c := newClient(t, Config{RequestTimeout: hangGuard})
	harness := http.Header{"Content-Type": {"application/json"}, "X-Amz-Target": {"Logs_20140328.PutDestination"}}
	// form is what the server read that a Wire decides.
	form := func(w onWire) string {
		var names []string
		for _, line := range strings.Split(w.raw[:strings.Index(w.raw, "\r\n\r\n")], "\r\n")[1:] {
			name, _, _ := strings.Cut(line, ":")
			if strings.EqualFold(name, "Content-Type") || strings.EqualFold(name, "X-Amz-Target") {
				names = append(names, name)
			}
		}
		return fmt.Sprintf("%s TE %v length %d Expect %q Content-Type %q names %v body %q",
			w.proto, w.te, w.cl, w.header.Get("Expect"), w.header.Values("Content-Type"), names, w.body)
	}
	for _, wire := range []contract.Wire{
		{Chunks: 3}, {Expect100: true}, {HTTP10: true}, {HeaderCase: contract.HeaderLower}, {HeaderCase: contract.HeaderUpper},
		{ContentType: contract.ContentTypeCharset}, {ContentType: contract.ContentTypeNone},
	} {
		t.Run(wire.String(), func(t *testing.T) {
			req := Request{Method: "POST", URL: url, Header: harness, Body: []byte(`{"a":"b"}`), Wire: wire}
			if _, err, _ := timedDo(t, c, context.Background(), req); err != nil {
				t.Fatalf("Do: %v", err)
			}
			viaDo := form(last())
			line := c.Curl(req)
			ctx, cancel := context.WithTimeout(context.Background(), hangGuard) // a hang guard, not a speed target
			defer cancel()
			if out, err := exec.CommandContext(ctx, bash, "--norc", "--noprofile", "-c", line).CombinedOutput(); err != nil {
				t.Fatalf("bash -c %q: %v: %s", line, err, out)
			}
			if viaCurl := form(last()); viaCurl != viaDo {
				t.Errorf("curl line %s\nserver read: got %s via curl, want %s as via Do", line, viaCurl, viaDo)
			}
		})
	}
}
