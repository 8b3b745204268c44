package transport

import (
	"bufio"
	"context"
	"crypto/tls"
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

// sendHTTP10 sends hreq as an HTTP/1.0 request, with Content-Length, on a
// connection of its own, and reads the head of the answer; closing the
// body closes the connection. It dials, bounds and fails as net/http
// does: the Transport's dialer and TLS configuration, the request's
// context for every wait, MaxHeaderBytes for the head.
//
// The request line is written by hand: net/http's client writes every
// request as HTTP/1.1 (Request.Write ignores Proto), and has no other
// way to send one. The fields go out through Header.Write, the answer is
// read by http.ReadResponse.
func (c *Client) sendHTTP10(hreq *http.Request, body []byte) (*http.Response, error) {
	ctx := hreq.Context()
	conn, err := c.dial10(ctx, hreq)
	if err != nil {
		return nil, err
	}
	var once sync.Once
	closeConn := func() { once.Do(func() { _ = conn.Close() }) }
	stop := context.AfterFunc(ctx, closeConn)
	fail := func(err error) (*http.Response, error) {
		stop()
		closeConn()
		return nil, err
	}
	if d, ok := ctx.Deadline(); ok {
		_ = conn.SetDeadline(d)
	}

	// A buffer of the kept-alive connections' size, so that the request
	// goes out in the same writes; kept for the next HTTP/1.0 request.
	bw, _ := c.writers10.Get().(*bufio.Writer)
	if bw == nil {
		bw = bufio.NewWriterSize(conn, maxWriteBuffer)
	} else {
		bw.Reset(conn)
	}
	defer func() {
		bw.Reset(nil)
		c.writers10.Put(bw)
	}()
	fmt.Fprintf(bw, "%s %s HTTP/1.0\r\n", hreq.Method, hreq.URL.RequestURI())
	own := http.Header{"Host": {hreq.Host}, "User-Agent": {"Go-http-client/1.1"}}
	if ua, ok := hreq.Header["User-Agent"]; ok {
		own["User-Agent"] = ua
	}
	if hreq.URL.User != nil && hreq.Header.Get("Authorization") == "" {
		// What http.Client does with the credentials of the URL.
		pass, _ := hreq.URL.User.Password()
		r := &http.Request{Header: http.Header{}}
		r.SetBasicAuth(hreq.URL.User.Username(), pass)
		own["Authorization"] = r.Header["Authorization"]
	}
	if len(body) > 0 || hreq.Method != http.MethodGet && hreq.Method != http.MethodHead {
		// HTTP/1.0 frames a request body by Content-Length alone.
		own["Content-Length"] = []string{strconv.Itoa(len(body))}
	}
	_ = own.Write(bw)
	_ = hreq.Header.WriteSubset(bw, map[string]bool{"Host": true, "User-Agent": true, "Content-Length": true, "Transfer-Encoding": true, "Trailer": true})
	_, _ = bw.WriteString("\r\n")
	_, _ = bw.Write(body)
	if err := bw.Flush(); err != nil {
		return fail(err)
	}

	capped := &headCap{r: conn, left: c.tr.MaxResponseHeaderBytes + 4<<10, limit: c.tr.MaxResponseHeaderBytes}
	br := bufio.NewReader(capped)
	for range maxInterim + 1 {
		resp, err := http.ReadResponse(br, hreq)
		if err != nil {
			return fail(err)
		}
		if resp.StatusCode >= 100 && resp.StatusCode < 200 && resp.StatusCode != http.StatusSwitchingProtocols {
			continue // an interim answer, which no HTTP/1.0 client asks for: skipped as net/http skips it
		}
		capped.left = -1
		resp.Body = &connBody{ReadCloser: resp.Body, close: func() { stop(); closeConn() }}
		return resp, nil
	}
	return fail(fmt.Errorf("too many 1xx informational responses"))
}

// dial10 opens the connection of an HTTP/1.0 request: through the
// Transport's dialer, then TLS for https.
func (c *Client) dial10(ctx context.Context, hreq *http.Request) (net.Conn, error) {
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

// connBody is the body of an answer on a connection of its own: closing
// it closes the connection.
type connBody struct {
	io.ReadCloser
	close func()
}

func (b *connBody) Close() error {
	err := b.ReadCloser.Close()
	b.close()
	return err
}
