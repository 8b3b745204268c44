package transport

import (
	"bufio"
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"sync"
)

// maxInterim bounds the interim (1xx) answers skipped before the final
// one, as net/http bounds them.
const maxInterim = 5

// maxKeptWire is the largest request buffer kept for the next request on
// a connection of its own; a larger one is left to the collector.
const maxKeptWire = 1 << 20

// sendOwn sends hreq on a connection of its own (Request.Alone, and every
// HTTP/1.0 request) and reads the head of the answer; closing the body
// closes the connection. It dials, bounds and fails as net/http does: the
// Transport's dialer and TLS configuration, the request's context for
// every wait, MaxHeaderBytes for the head.
//
// The whole request goes out in one write, whatever its size. The
// connection asks the server to close after its answer, and a server that
// answers before reading the body (a 405 to a GET with one) then closes
// with the body unread: written in one call, the request is in the
// kernel's hands by then, while a body written in pieces meets the reset
// (see contract.FailClosedEarly). The answer is read while the request is
// written, so that one sent before the body was read still counts.
//
// net/http's Transport would pool, track and tear down each such
// connection with two goroutines of its own and buffers sized for reuse;
// a connection used once needs none of it, and a tenth of a campaign's
// requests go out this way. The request is written by net/http itself
// (Request.Write, the writer its Transport uses) for HTTP/1.1; an HTTP/1.0
// request line is written by hand (see writeHTTP10). The answer is read by
// http.ReadResponse.
func (c *Client) sendOwn(hreq *http.Request, body []byte, http10 bool) (*http.Response, error) {
	wire := c.wires.Get().(*bytes.Buffer)
	wire.Reset()
	var err error
	if http10 {
		err = writeHTTP10(wire, hreq, body)
	} else {
		hreq.Close = true // Connection: close
		err = hreq.Write(wire)
	}
	if err != nil {
		c.putWire(wire)
		return nil, err
	}

	ctx := hreq.Context()
	conn, err := c.dialOwn(ctx, hreq)
	if err != nil {
		c.putWire(wire)
		return nil, err
	}
	// The context's end closes the connection, which ends any wait on it.
	// A deadline on the connection itself could fail a read before the
	// context reports its end, and a run's deadline would then read as
	// the endpoint's timeout.
	var once sync.Once
	closeConn := func() { once.Do(func() { _ = conn.Close() }) }
	stop := context.AfterFunc(ctx, closeConn)
	written := make(chan error, 1)
	go func() {
		_, err := conn.Write(wire.Bytes())
		c.putWire(wire)
		written <- err
	}()

	capped := &headCap{r: conn, left: c.tr.MaxResponseHeaderBytes + 4<<10, limit: c.tr.MaxResponseHeaderBytes}
	br := c.readers.Get().(*bufio.Reader)
	br.Reset(capped)
	release := func() {
		br.Reset(nil)
		c.readers.Put(br)
	}
	resp, err := readAnswer(br, hreq)
	if err != nil {
		stop()
		closeConn()
		release()
		werr := <-written
		switch {
		case ctx.Err() != nil:
			// The context's end closed the connection: it is what
			// ended the exchange, as net/http reports it.
			err = context.Cause(ctx)
		case werr != nil && !errors.Is(werr, net.ErrClosed):
			// A failed write is why there is no answer: the server
			// closed before reading the whole request.
			err = werr
		}
		return nil, err
	}
	capped.left = -1
	resp.Body = &connBody{ReadCloser: resp.Body, close: func() { stop(); closeConn() }, release: release}
	return resp, nil
}

// putWire keeps a request buffer for the next request, unless it grew
// past maxKeptWire.
func (c *Client) putWire(b *bytes.Buffer) {
	if b.Cap() <= maxKeptWire {
		c.wires.Put(b)
	}
}

// readAnswer reads the final answer to hreq from br, skipping interim
// (1xx) answers as net/http does.
func readAnswer(br *bufio.Reader, hreq *http.Request) (*http.Response, error) {
	for range maxInterim + 1 {
		resp, err := http.ReadResponse(br, hreq)
		if err != nil {
			return nil, err
		}
		if resp.StatusCode >= 100 && resp.StatusCode < 200 && resp.StatusCode != http.StatusSwitchingProtocols {
			continue // an interim answer: skipped as net/http skips it
		}
		return resp, nil
	}
	return nil, fmt.Errorf("too many 1xx informational responses")
}

// writeHTTP10 writes hreq as an HTTP/1.0 request with Content-Length.
// net/http's client writes every request as HTTP/1.1 (Request.Write
// ignores Proto) and has no other way to send one, so the request line and
// the fields net/http would add are written here; the other fields go out
// through Header.Write, as net/http writes them.
func writeHTTP10(w *bytes.Buffer, hreq *http.Request, body []byte) error {
	fmt.Fprintf(w, "%s %s HTTP/1.0\r\n", hreq.Method, hreq.URL.RequestURI())
	own := http.Header{"Host": {hreq.Host}, "User-Agent": {"Go-http-client/1.1"}}
	if ua, ok := hreq.Header["User-Agent"]; ok {
		own["User-Agent"] = ua
	}
	if len(body) > 0 || hreq.Method != http.MethodGet && hreq.Method != http.MethodHead {
		// HTTP/1.0 frames a request body by Content-Length alone.
		own["Content-Length"] = []string{strconv.Itoa(len(body))}
	}
	if err := own.Write(w); err != nil {
		return err
	}
	if err := hreq.Header.WriteSubset(w, map[string]bool{"Host": true, "User-Agent": true, "Content-Length": true, "Transfer-Encoding": true, "Trailer": true}); err != nil {
		return err
	}
	w.WriteString("\r\n")
	w.Write(body)
	return nil
}

// dialOwn opens a connection of its own for hreq: through the Transport's
// dialer, then TLS for https.
func (c *Client) dialOwn(ctx context.Context, hreq *http.Request) (net.Conn, error) {
	u := hreq.URL
	port := u.Port()
	if port == "" {
		port = "80"
		if u.Scheme == "https" {
			port = "443"
		}
	}
	conn, err := c.tr.DialContext(ctx, "tcp", net.JoinHostPort(u.Hostname(), port))
	if err != nil {
		return nil, err
	}
	if u.Scheme != "https" {
		return conn, nil
	}
	cfg := c.tr.TLSClientConfig.Clone()
	if cfg.ServerName == "" {
		cfg.ServerName = u.Hostname()
	}
	tc := tls.Client(conn, cfg)
	if err := tc.HandshakeContext(ctx); err != nil {
		_ = conn.Close()
		return nil, err
	}
	return tc, nil
}

// headCap fails a read past limit bytes while the head of an answer is
// read (left counts down from limit and a read buffer's worth more, since
// the reader reads ahead into the body); a negative left lifts the cap.
// The error reads as net/http's, so that classify sees contract.FailTooLarge.
type headCap struct {
	r     io.Reader
	left  int64
	limit int64
}

func (h *headCap) Read(p []byte) (int, error) {
	if h.left < 0 {
		return h.r.Read(p)
	}
	if h.left == 0 {
		return 0, fmt.Errorf("server response headers exceeded %d bytes; aborted", h.limit)
	}
	if int64(len(p)) > h.left {
		p = p[:h.left]
	}
	n, err := h.r.Read(p)
	h.left -= int64(n)
	return n, err
}

// connBody is the body of an answer on a connection of its own. Closing
// it closes the connection first, so that net/http's body does not read
// what is left of it (as it would to keep the connection for a next
// request, which this one never serves), then releases the buffer the
// body was read through.
type connBody struct {
	io.ReadCloser
	close, release func()
	once           sync.Once
	err            error
}

func (b *connBody) Close() error {
	b.once.Do(func() {
		b.close()
		b.err = b.ReadCloser.Close()
		b.release()
	})
	return b.err
}
