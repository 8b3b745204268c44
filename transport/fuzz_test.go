package transport

import (
	"bufio"
	"context"
	"errors"
	"net"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/putdestination/conformance/contract"
)

// FuzzDo replays fuzzer-chosen bytes as the endpoint's whole response. When
// keepOpen is set the server keeps the connection open after writing (so
// incomplete responses must end in a timeout); otherwise it half-closes.
func FuzzDo(f *testing.F) {
	seeds := []string{
		"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 13\r\n\r\n{\"ok\":true}\r\n",
		"HTTP/1.1 302 Found\r\nLocation: http://127.0.0.1:1/elsewhere\r\nContent-Length: 0\r\n\r\n",
		"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n",
		"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n",
		"\x00\xff garbage, not HTTP \r\n\r\n",
		"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n0123456789",
		"HTTP/1.1 503 Service Unavailable\r\nRetry-After: 1\r\nContent-Length: 0\r\n\r\n",
		"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok",
		"HTTP/1.1 101 Switching Protocols\r\nUpgrade: x\r\n\r\n",
		"HTTP/1.0 200 OK\r\n\r\n" + strings.Repeat("b", 5000),
		"HTTP/1.1 200 OK\r\nX-Big: " + strings.Repeat("h", 5000) + "\r\n\r\n",
		"HTTP/1.1 999 Nope\r\n\r\n",
		"",
	}
	for _, s := range seeds {
		f.Add(false, []byte(s))
	}
	f.Add(true, []byte("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc"))
	f.Add(true, []byte("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"))

	type payload struct {
		data     []byte
		keepOpen bool
	}
	var current atomic.Pointer[payload]
	addr, _ := rawServer(f, func(c net.Conn, br *bufio.Reader) {
		if !readRequest(br) {
			return
		}
		p := current.Load()
		c.Write(p.data)
		if p.keepOpen {
			blockUntilClosed(c, br)
			return
		}
		if tc, ok := c.(*net.TCPConn); ok {
			tc.CloseWrite()
		}
		blockUntilClosed(c, br)
	})

	const (
		timeout = 50 * time.Millisecond
		bodyCap = 4096
	)
	validKinds := map[contract.FailureKind]bool{
		contract.FailTimeout: true, contract.FailReset: true, contract.FailRedirect: true, contract.FailTooLarge: true, contract.FailMalformed: true,
	}
	f.Fuzz(func(t *testing.T, keepOpen bool, data []byte) {
		current.Store(&payload{data: data, keepOpen: keepOpen})
		c, err := New(Config{RequestTimeout: timeout, MaxBodyBytes: bodyCap, MaxHeaderBytes: 4096})
		if err != nil {
			t.Fatalf("New: %v", err)
		}
		defer c.Close()
		// Whatever the bytes, Do returns: an open connection ends at the
		// RequestTimeout, never in a hang.
		resp, err, _ := timedDo(t, c, context.Background(), Request{Method: "POST", URL: "http://" + addr + "/", Body: []byte(`{"k":"v"}`)})
		if len(resp.Body) > bodyCap {
			t.Errorf("body length: got %d, want <= %d", len(resp.Body), bodyCap)
		}
		if err == nil {
			if resp.Status < 100 || resp.Status > 599 {
				t.Errorf("status without error: got %d, want 100..599", resp.Status)
			}
			if resp.Status >= 300 && resp.Status <= 399 {
				t.Errorf("status %d without error: got nil, want a redirect error", resp.Status)
			}
			return
		}
		var te *Error
		if !errors.As(err, &te) {
			t.Fatalf("error type: got %T (%v), want *transport.Error", err, err)
		}
		if !validKinds[te.Kind] {
			t.Errorf("kind: got %q (%v), want one of timeout, reset, redirect, too-large, malformed", te.Kind, err)
		}
		if msg := err.Error(); strings.ContainsAny(msg, "\r\n") {
			t.Errorf("Error(): got %q, want one line", msg)
		}
		if c.Sent() != 1 {
			t.Errorf("Sent: got %d, want 1", c.Sent())
		}
	})
}
