package transport

import (
	"bytes"
	"net/http"
	"net/textproto"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/putdestination/conformance/internal/shell"
)

const redacted = "REDACTED"

// Redact returns a copy of h with the values of every header named in
// Config.Headers, and of Authorization, Cookie, X-Amz-Security-Token,
// X-Api-Key, Proxy-Authorization (and Set-Cookie, for response headers),
// replaced by "REDACTED". Names match case-insensitively; h is not modified.
func (c *Client) Redact(h http.Header) http.Header {
	if h == nil {
		return nil
	}
	out := make(http.Header, len(h))
	for k, v := range h {
		if c.isSensitive(k) {
			r := make([]string, len(v))
			for i := range r {
				r[i] = redacted
			}
			out[k] = r
			continue
		}
		out[k] = slices.Clone(v)
	}
	return out
}

func (c *Client) isSensitive(name string) bool {
	_, ok := c.sensitive[textproto.CanonicalMIMEHeaderKey(name)]
	return ok
}

// Curl returns a one-line, copy-pasteable curl command replaying req: method,
// URL, the harness's headers, every Config.Headers header as 'Name: REDACTED'
// (sensitive names are redacted whoever set them), and the body with
// --data-binary, and the URL (a password in it is redacted). It adds --max-time (RequestTimeout), --max-redirs 0,
// --noproxy '*', --cacert / -k as configured, and Config.CurlAuth; "" with
// Config.NoCurl.
// The request's Wire shows as curl sends it: --http1.0, the header names
// so spelled, Expect, Content-Type as changed, and a chunked body's
// Transfer-Encoding, which makes curl send the body chunked (in chunks of
// its own choosing, and with no trailer: its command line sends none).
//
// Quoting: printable UTF-8 is passed in POSIX single quotes; anything with a
// control or non-printable byte (newline included) uses $'...' ANSI-C quoting
// (bash, zsh, ksh); a body containing NUL, which no shell argument can hold,
// is piped in with a POSIX printf and --data-binary @-.
func (c *Client) Curl(req Request) string {
	if c.noCurl {
		return ""
	}
	method := req.Method
	if method == "" {
		method = http.MethodGet
	}
	var b strings.Builder
	b.Grow(len(req.Body) + len(req.Body)/8 + 512) // the body, its escapes, the rest of the line
	nul := bytes.IndexByte(req.Body, 0) >= 0
	if nul {
		b.WriteString("printf ")
		b.WriteString(printfQuote(req.Body))
		b.WriteString(" | ")
	}
	b.WriteString("curl -sS -i --max-time ")
	b.WriteString(strconv.FormatFloat(c.timeout.Seconds(), 'f', -1, 64))
	b.WriteString(" --max-redirs 0 --noproxy '*'")
	if c.caFile != "" {
		b.WriteString(" --cacert ")
		b.WriteString(shell.Quote(c.caFile))
	}
	if c.insecure {
		b.WriteString(" -k")
	}
	if c.curlAuth != nil {
		if auth := c.curlAuth(req); auth != "" {
			b.WriteString(" ")
			b.WriteString(auth)
		}
	}
	b.WriteString(" -X ")
	b.WriteString(shell.Quote(method))

	if req.Wire.HTTP10 {
		b.WriteString(" --http1.0")
	}
	h := c.shownHeader(req)
	names := make([]string, 0, len(h))
	for k := range h {
		names = append(names, k)
	}
	slices.Sort(names)
	hasContentType := false
	for _, k := range names {
		if textproto.CanonicalMIMEHeaderKey(k) == "Content-Type" && len(h[k]) > 0 {
			hasContentType = true
		}
		for _, v := range h[k] {
			if c.isSensitive(k) {
				v = redacted
			}
			b.WriteString(" -H ")
			if v == "" {
				b.WriteString(shell.Quote(k + ";")) // curl's syntax for an empty value
			} else {
				b.WriteString(shell.Quote(k + ": " + v))
			}
		}
	}
	sendsBody := len(req.Body) > 0 || method == "POST" || method == "PUT" || method == "PATCH"
	if sendsBody {
		if !hasContentType {
			// curl would add application/x-www-form-urlencoded; Go sends none.
			b.WriteString(" -H 'Content-Type:'")
		}
		b.WriteString(" --data-binary ")
		if nul {
			b.WriteString("@-")
		} else {
			b.WriteString(shell.Quote(string(req.Body)))
		}
	}
	b.WriteString(" ")
	b.WriteString(shell.Quote(RedactURL(req.URL)))
	return b.String()
}

// RedactURL hides a password in the URL's userinfo (net/http would send it
// as Basic credentials).
func RedactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.User == nil {
		return raw
	}
	if _, ok := u.User.Password(); !ok {
		return raw
	}
	u.User = url.UserPassword(u.User.Username(), redacted)
	return u.String()
}

// printfQuote returns a single-quoted POSIX printf format printing exactly p.
func printfQuote(p []byte) string {
	var b strings.Builder
	b.WriteString("'")
	s := string(p)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == '\\':
			b.WriteString(`\\`)
		case r == '%':
			b.WriteString("%%")
		case r == '\'':
			b.WriteString(`'\''`)
		case r == utf8.RuneError && size <= 1, !unicode.IsPrint(r):
			for j := 0; j < size; j++ {
				c := s[i+j]
				b.WriteByte('\\')
				b.WriteByte('0' + c>>6)
				b.WriteByte('0' + c>>3&7)
				b.WriteByte('0' + c&7)
			}
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	b.WriteString("'")
	return b.String()
}
