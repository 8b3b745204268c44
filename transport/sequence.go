package transport

import (
	"context"
	"strings"
)

// Sequence sends reqs one after the other on one kept-alive connection of
// their own (a new connection is opened only when the endpoint closed the
// previous one), then closes it. It is how the harness checks for an HTTP
// desync: a request whose body the endpoint left unread on the connection
// makes the next request on it be misread. Each exchange is bounded, counted
// and classified as by Do; Alone is ignored.
func (c *Client) Sequence(ctx context.Context, reqs ...Request) ([]Response, []error) {
	tr := c.tr.Clone()
	tr.MaxConnsPerHost = 1
	tr.MaxIdleConnsPerHost = 1
	defer tr.CloseIdleConnections()
	resps := make([]Response, len(reqs))
	errs := make([]error, len(reqs))
	for i, req := range reqs {
		resps[i], errs[i] = c.do(ctx, tr, req)
	}
	return resps, errs
}

// CurlSequence is Curl for requests sent on one connection: curl's --next
// starts each further request, and curl keeps the connection open between
// them.
func (c *Client) CurlSequence(reqs ...Request) string {
	if c.noCurl {
		return ""
	}
	parts := make([]string, len(reqs))
	for i, req := range reqs {
		line := c.Curl(req)
		if i > 0 {
			// curl's options go on after --next; the leading "curl" and a
			// NUL-carrying printf pipe cannot.
			_, line, _ = strings.Cut(line, "curl ")
		}
		parts[i] = line
	}
	return strings.Join(parts, " --next ")
}
