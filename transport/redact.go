package transport

import (
	"encoding/base64"
	"net/http"
	"net/url"

	"github.com/putdestination/conformance/contract"
)

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

// ScrubViolations is vs with Scrub applied to the words of each (got, want,
// reason): a new slice, vs unchanged.
func (c *Client) ScrubViolations(vs []contract.Violation) []contract.Violation {
	out := make([]contract.Violation, len(vs))
	for i, v := range vs {
		v.Got, v.Want, v.Reason = c.Scrub(v.Got), c.Scrub(v.Want), c.Scrub(v.Reason)
		out[i] = v
	}
	return out
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
// Config.Headers, in its Wire's form: names so spelled, Transfer-Encoding
// and Trailer of a chunked body), secrets redacted: what a report shows of
// the request.
func (c *Client) SentHeader(req Request) http.Header {
	return c.Redact(c.shownHeader(req))
}

// URLSecrets are the credentials of an endpoint URL's userinfo, which
// net/http sends as a Basic Authorization header: the password, and the
// header's base64 credentials. Give them to Config.Secrets, so that an
// endpoint echoing the header puts neither in a report.
func URLSecrets(endpoint string) []string {
	u, err := url.Parse(endpoint)
	if err != nil || u.User == nil {
		return nil
	}
	pass, ok := u.User.Password()
	if !ok {
		return nil
	}
	return []string{pass, base64.StdEncoding.EncodeToString([]byte(u.User.Username() + ":" + pass))}
}
