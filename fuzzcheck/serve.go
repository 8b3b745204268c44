package fuzzcheck

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"runtime/debug"
	"strings"
	"time"

	"github.com/putdestination/conformance/contract"
	"github.com/putdestination/conformance/oracle"
)

// call is one handler call, run by the runner goroutine: the request
// body and the writer come with it, in one allocation.
type call struct {
	h    http.Handler
	w    writer
	body requestBody
	req  *http.Request
}

// requestBody is a request body: the input's bytes (a bytes.Reader, and its
// WriteTo, as io.NopCloser would keep it).
type requestBody struct{ bytes.Reader }

func (*requestBody) Close() error { return nil }

// runner is the goroutine handlers run on, and its two channels: calls
// in, and for each the panic ("" when the handler returned) out.
type runner struct {
	calls chan *call
	done  chan string
}

func newRunner() *runner {
	r := &runner{calls: make(chan *call), done: make(chan string, 1)}
	go r.run()
	return r
}

// run serves calls until calls is closed or a handler hangs in it (done
// has room for the answer of that one, which nobody reads).
func (r *runner) run() {
	for c := range r.calls {
		r.done <- c.serve()
	}
}

func (c *call) serve() (panicked string) {
	defer func() {
		switch p := recover(); {
		case p == nil:
		case p == http.ErrAbortHandler:
			panicked = "the handler aborted (panic(http.ErrAbortHandler)): net/http drops the connection"
		default:
			panicked = fmt.Sprintf("the handler panicked (net/http drops the connection): %v%s", p, panicSite(debug.Stack()))
		}
	}()
	c.h.ServeHTTP(&c.w, c.req)
	return ""
}

// serve calls the handler as net/http would, on a goroutine of its own: a
// panic is a dropped connection, a handler still running after the time
// limit a hang (its request's context is canceled then), a body over the
// cap an oversized response.
func (j *Judge) serve(h http.Handler, method string, header http.Header, body []byte) oracle.Answer {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	c := &call{h: h, w: writer{header: http.Header{}, max: j.maxBody}}
	// The handler gets a header of its own (it may change it), and as
	// net/http gives, http.NoBody for an empty body.
	var rb io.ReadCloser = http.NoBody
	if len(body) > 0 {
		c.body.Reset(body)
		rb = &c.body
	}
	c.req = (&http.Request{
		Method: method, URL: j.url, Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header: header.Clone(), Body: rb, ContentLength: int64(len(body)),
		Host: j.url.Host, RemoteAddr: "192.0.2.1:1234", RequestURI: "/",
	}).WithContext(ctx)
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.runner == nil {
		j.runner = newRunner()
		j.timer = time.NewTimer(j.timeout)
	} else {
		j.timer.Reset(j.timeout)
	}
	j.runner.calls <- c
	select {
	case p := <-j.runner.done:
		j.timer.Stop()
		if p != "" {
			return oracle.Answer{Failure: &contract.Failure{Kind: contract.FailReset, Detail: p}}
		}
	case <-j.timer.C:
		// The handler hangs in the runner: leave it there, and serve the
		// next input on a new one.
		cancel()
		close(j.runner.calls)
		j.runner = nil
		return oracle.Answer{Failure: &contract.Failure{Kind: contract.FailTimeout, Detail: fmt.Sprintf("the handler had not returned after %v", j.timeout)}}
	}
	w := &c.w
	if w.tooLarge {
		return oracle.Answer{Status: w.status, Header: w.sent, Failure: &contract.Failure{Kind: contract.FailTooLarge, Detail: fmt.Sprintf("response body over %d bytes", j.maxBody)}}
	}
	w.finish()
	return oracle.Answer{Status: w.status, Header: w.sent, Body: w.body}
}

// panicSite is " at <function> (<file>:<line>)" for the frame that
// panicked, read from the panicking goroutine's stack, or "".
func panicSite(stack []byte) string {
	lines := strings.Split(string(stack), "\n")
	for i, l := range lines {
		// The frames after the last runtime panic frame are the handler's.
		if strings.HasPrefix(l, "panic(") && i+2 < len(lines) {
			fn := lines[i+2]
			if i+3 < len(lines) {
				file, _, _ := strings.Cut(strings.TrimSpace(lines[i+3]), " +")
				return fmt.Sprintf(" at %s (%s)", strings.TrimSpace(fn), file)
			}
		}
	}
	return ""
}

// writer is the http.ResponseWriter of one fuzzed request: what
// net/http would send, with the body capped.
type writer struct {
	header   http.Header
	sent     http.Header // the header as of WriteHeader
	status   int
	body     []byte
	max      int64
	tooLarge bool
}

var errBodyTooLarge = errors.New("conformance fuzz check: response body over the cap")

func (w *writer) Header() http.Header { return w.header }

func (w *writer) WriteHeader(code int) {
	if w.status != 0 || code >= 100 && code < 200 && code != http.StatusSwitchingProtocols {
		return // a second call is ignored; 1xx are interim responses
	}
	w.status = code
	w.sent = w.header.Clone()
}

func (w *writer) Write(p []byte) (int, error) {
	if w.status == 0 {
		// As net/http: a missing Content-Type is sniffed from the first
		// bytes written (a present but empty one suppresses that).
		if _, ok := w.header["Content-Type"]; !ok && len(p) > 0 {
			w.header.Set("Content-Type", http.DetectContentType(p))
		}
		w.WriteHeader(http.StatusOK)
	}
	if int64(len(w.body)+len(p)) > w.max {
		w.tooLarge = true
		return 0, errBodyTooLarge
	}
	w.body = append(w.body, p...)
	return len(p), nil
}

// Flush implements http.Flusher (there is nothing to flush).
func (w *writer) Flush() {}

// finish is what net/http does when the handler returns: a handler that
// wrote nothing sent 200 with an empty body.
func (w *writer) finish() {
	if w.status == 0 {
		w.WriteHeader(http.StatusOK)
	}
}
