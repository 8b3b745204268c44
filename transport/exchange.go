package transport

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"

	"github.com/putdestination/conformance/contract"
)

// Do sends req and returns the response. On a 3xx it returns the Response
// (status, headers, body) AND an *Error of contract.FailRedirect; if reading that body
// fails, the body's error is returned instead. err is nil or *Error.
// Do never retries and never mutates req.
func (c *Client) Do(ctx context.Context, req Request) (Response, error) {
	if c.tr == nil {
		return Response{}, c.newError(contract.FailInvalid, errors.New("transport: a CurlClient sends nothing"))
	}
	if c.observer != nil {
		return c.doObserved(ctx, req)
	}
	return c.do(ctx, nil, req)
}

// do sends req through rt; a nil rt is the Client's own choice (its
// kept-alive connections, or one of its own for req.Alone).
func (c *Client) do(ctx context.Context, rt http.RoundTripper, req Request) (Response, error) {
	if err := ctx.Err(); err != nil {
		return Response{}, c.newError(contract.FailCanceled, err)
	}
	method := req.Method
	if method == "" {
		method = http.MethodGet
	}
	if err := validateRequest(method, req.Header); err != nil {
		return Response{}, c.newError(contract.FailInvalid, err)
	}
	if !c.reserve() {
		return Response{}, &Error{Kind: contract.FailBudget, Err: errBudget}
	}
	if c.limiter != nil {
		if err := c.limiter.Wait(ctx); err != nil {
			c.release()
			return Response{}, c.newError(contract.FailCanceled, err)
		}
	}

	rctx, cancel := context.WithTimeoutCause(ctx, c.timeout, errTimeout)
	defer cancel()

	hreq, err := c.buildRequest(rctx, method, req)
	if err != nil {
		c.release()
		return Response{}, c.newError(contract.FailInvalid, err)
	}

	var resp *http.Response
	switch {
	case req.Wire.HTTP10:
		resp, err = c.sendOwn(hreq, req.Body, true)
	case rt != nil:
		resp, err = rt.RoundTrip(hreq)
	case req.Alone && req.Wire.Expect100:
		// Holding the body for a 100 (Continue) is net/http's to do.
		resp, err = c.expect.RoundTrip(hreq)
	case req.Alone:
		resp, err = c.sendOwn(hreq, req.Body, false)
	default:
		resp, err = c.tr.RoundTrip(hreq)
	}
	if err != nil {
		kind := classify(ctx, rctx, err)
		if kind == contract.FailUnreachable || kind == contract.FailTLS {
			c.release()
		} else {
			c.sent.Add(1)
		}
		return Response{}, c.newError(kind, c.detail(kind, err))
	}
	c.sent.Add(1)
	defer resp.Body.Close()

	out := Response{Status: resp.StatusCode, Header: resp.Header}
	if resp.StatusCode < 200 || resp.StatusCode > 599 {
		// net/http consumes 1xx except 101, which this client never asks
		// for and whose body would be the raw connection; a status outside
		// 100..599 has no framing worth trusting.
		return out, c.newError(contract.FailMalformed, fmt.Errorf("invalid or unsolicited status %d", resp.StatusCode))
	}
	body, tooLarge, err := readBody(resp.Body, c.maxBody, resp.ContentLength)
	out.Body = body
	if err != nil {
		kind := classify(ctx, rctx, err)
		return out, c.newError(kind, c.detail(kind, fmt.Errorf("reading response body after %d bytes: %w", len(body), err)))
	}
	if tooLarge {
		return out, c.newError(contract.FailTooLarge, fmt.Errorf("response body exceeds MaxBodyBytes (%d bytes)", c.maxBody))
	}
	if resp.StatusCode >= 300 && resp.StatusCode <= 399 {
		loc := resp.Header.Get("Location")
		return out, c.newError(contract.FailRedirect, fmt.Errorf("status %d, Location %q not followed", resp.StatusCode, loc))
	}
	return out, nil
}

// reserve takes one unit of the MaxRequests budget.
func (c *Client) reserve() bool {
	if c.maxReqs <= 0 {
		return true
	}
	for {
		n := c.reserved.Load()
		if n >= c.maxReqs {
			return false
		}
		if c.reserved.CompareAndSwap(n, n+1) {
			return true
		}
	}
}

// release gives back a reservation for a request that was not sent.
func (c *Client) release() {
	if c.maxReqs > 0 {
		c.reserved.Add(-1)
	}
}

// readBody reads at most limit+1 bytes. tooLarge reports that the body had
// more than limit bytes; the returned body is then truncated to limit.
func readBody(r io.Reader, limit, sizeHint int64) (body []byte, tooLarge bool, err error) {
	size := int64(512)
	if sizeHint >= 0 {
		size = sizeHint + 1 // +1: room for the read that sees EOF
	}
	buf := make([]byte, 0, min(size, limit+1))
	for {
		if len(buf) == cap(buf) {
			// Here len(buf) <= limit, so the growth is at least one byte.
			buf = slices.Grow(buf, int(min(max(int64(len(buf)), 512), limit+1-int64(len(buf)))))
		}
		n, rerr := r.Read(buf[len(buf):min(int64(cap(buf)), limit+1)])
		buf = buf[:len(buf)+n]
		if int64(len(buf)) > limit {
			return buf[:limit], true, nil
		}
		if rerr == io.EOF {
			return buf, false, nil
		}
		if rerr != nil {
			return buf, false, rerr
		}
	}
}
