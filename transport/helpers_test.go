package transport

import (
	"bufio"
	"context"
	"errors"
	"io"
	"log"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/putdestination/conformance/contract"
)

// hangGuard is how long a test waits for Do before it calls Do hung: a
// minute, far above what a loaded 2-core machine under the race detector
// and parallel fuzz workers takes, so it catches a hang and is no speed
// target. A test that proves Do ends early (on a cancellation, at a cap)
// makes the wrong ending take longer than the guard, or ends in another
// Kind.
const hangGuard = time.Minute

func newClient(t testing.TB, cfg Config) *Client {
	t.Helper()
	c, err := New(cfg)
	if err != nil {
		t.Fatalf("New: got error %v, want nil", err)
	}
	t.Cleanup(c.Close)
	return c
}

// timedDo runs Do and returns its answer and how long it took; it fails
// the test if Do has not returned within hangGuard (a hang guard, not a
// speed target).
func timedDo(t testing.TB, c *Client, ctx context.Context, req Request) (Response, error, time.Duration) {
	t.Helper()
	type result struct {
		resp    Response
		err     error
		elapsed time.Duration
	}
	done := make(chan result, 1)
	start := time.Now()
	go func() {
		resp, err := c.Do(ctx, req)
		done <- result{resp, err, time.Since(start)}
	}()
	select {
	case r := <-done:
		return r.resp, r.err, r.elapsed
	case <-time.After(hangGuard):
		t.Fatalf("Do %s %s: still running after %v (a hang guard, not a speed target), want it to return", req.Method, req.URL, hangGuard)
		return Response{}, nil, 0
	}
}

// kindOf returns the FailureKind of err, "" for nil, and fails on other error types.
func kindOf(t testing.TB, err error) contract.FailureKind {
	t.Helper()
	if err == nil {
		return ""
	}
	var te *Error
	if !errors.As(err, &te) {
		t.Fatalf("Do error type: got %T (%v), want *transport.Error", err, err)
	}
	if msg := err.Error(); strings.ContainsAny(msg, "\r\n") || !strings.HasPrefix(msg, string(te.Kind)+": ") {
		t.Errorf("Error(): got %q, want one line starting with %q", msg, string(te.Kind)+": ")
	}
	return te.Kind
}

// rawServer accepts TCP connections and hands each to handle, then closes it.
// It returns the server's address and a counter of accepted connections.
func rawServer(t testing.TB, handle func(c net.Conn, br *bufio.Reader)) (addr string, conns *atomic.Int64) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("listen: %v", err)
	}
	conns = new(atomic.Int64)
	var (
		mu   sync.Mutex
		open = map[net.Conn]struct{}{}
		wg   sync.WaitGroup
	)
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			conns.Add(1)
			mu.Lock()
			open[c] = struct{}{}
			mu.Unlock()
			wg.Add(1)
			go func() {
				defer wg.Done()
				defer func() {
					mu.Lock()
					delete(open, c)
					mu.Unlock()
					c.Close()
				}()
				handle(c, bufio.NewReader(c))
			}()
		}
	}()
	t.Cleanup(func() {
		ln.Close()
		mu.Lock()
		for c := range open {
			c.Close()
		}
		mu.Unlock()
		wg.Wait()
	})
	return ln.Addr().String(), conns
}

// readRequest consumes one HTTP request from br; false when there is none.
func readRequest(br *bufio.Reader) bool {
	req, err := http.ReadRequest(br)
	if err != nil {
		return false
	}
	_, err = io.Copy(io.Discard, req.Body)
	return err == nil
}

// reply reads one request, writes raw bytes as the response and half-closes,
// so that the client sees the bytes and then EOF (not a reset).
func reply(raw string) func(net.Conn, *bufio.Reader) {
	return func(c net.Conn, br *bufio.Reader) {
		if !readRequest(br) {
			return
		}
		c.Write([]byte(raw))
		if tc, ok := c.(*net.TCPConn); ok {
			tc.CloseWrite()
		}
		c.SetReadDeadline(time.Now().Add(hangGuard)) // until the client hangs up
		io.Copy(io.Discard, c)
	}
}

// blockUntilClosed waits until the client goes away.
func blockUntilClosed(c net.Conn, br *bufio.Reader) {
	io.Copy(io.Discard, br)
}

func quietLog() *log.Logger { return log.New(io.Discard, "", 0) }
