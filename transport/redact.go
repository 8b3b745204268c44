package transport

import "net/http"

// Scrub replaces every configured secret value (a Config.Headers value of 4
// bytes or more, and the credentials part of "<scheme> <credentials>";
// Config.Secrets) in s by "REDACTED", then applies Config.ScrubFunc: an endpoint may echo a secret back in a body, a
// header or an error, and nothing the harness writes may carry it.
func (c *Client) Scrub(s string) string {
	if len(c.secrets) > 0 {
		s = c.scrubber.Replace(s)
	}
	if c.scrubFunc != nil {
		s = c.scrubFunc(s)
	}
	return s
}

// ScrubHeader is Redact for the sensitive names, and Scrub for every other
// value (a response header may echo a secret).
func (c *Client) ScrubHeader(h http.Header) http.Header {
	out := c.Redact(h)
	if len(c.secrets) == 0 && c.scrubFunc == nil {
		return out
	}
	for _, vs := range out {
		for i := range vs {
			vs[i] = c.Scrub(vs[i])
		}
	}
	return out
}

// SentHeader is the header req went out with (its own, overlaid on
// Config.Headers), secrets redacted: what a report shows of the request.
func (c *Client) SentHeader(req Request) http.Header {
	return c.Redact(c.mergeHeaders(req.Header))
}
