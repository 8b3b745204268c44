package transport

import (
	"context"
	"io"
	"net/http"
	"net/url"
)

// parsedURL is a request URL and what http.NewRequestWithContext parsed
// it to.
type parsedURL struct {
	raw string
	u   url.URL
}

// newRequest is http.NewRequestWithContext(ctx, method, rawURL, body),
// which parses rawURL on every call although a run sends every request to
// one endpoint. The URL parsed last is kept: a request to it is built on
// an empty URL and gets a copy of the kept one, with the Host
// NewRequestWithContext sets (the URL's, its empty port removed), so that
// nothing a caller or Prepare does to one request's URL reaches another.
func (c *Client) newRequest(ctx context.Context, method, rawURL string, body io.Reader) (*http.Request, error) {
	if p := c.lastURL.Load(); p != nil && p.raw == rawURL {
		hreq, err := http.NewRequestWithContext(ctx, method, "", body)
		if err != nil {
			return nil, err
		}
		u := p.u
		hreq.URL, hreq.Host = &u, u.Host
		return hreq, nil
	}
	hreq, err := http.NewRequestWithContext(ctx, method, rawURL, body)
	if err != nil {
		return nil, err
	}
	c.lastURL.Store(&parsedURL{raw: rawURL, u: *hreq.URL})
	return hreq, nil
}
