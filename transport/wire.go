package transport

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"mime"
	"net/http"
	"net/textproto"

	"github.com/putdestination/conformance/contract"
)

// trailerName is the trailer field a chunked body with trailers ends
// with: a digest of the body, as clients that stream a body and hash it on
// the way send one.
const trailerName = "X-Body-Sha256"

// wireHeader is h (the merged headers of a request) with the header
// changes of w: a charset parameter on Content-Type, or no Content-Type,
// and Expect. h is not modified; it is returned as it is when w changes
// none of them.
func wireHeader(h http.Header, w contract.Wire) http.Header {
	if w.ContentType == contract.ContentTypeAsIs && !w.Expect100 {
		return h
	}
	out := h.Clone()
	if out == nil {
		out = http.Header{}
	}
	switch w.ContentType {
	case contract.ContentTypeCharset:
		for k, vs := range out {
			if textproto.CanonicalMIMEHeaderKey(k) != "Content-Type" {
				continue
			}
			for i, v := range vs {
				if mt, params, err := mime.ParseMediaType(v); err == nil {
					if _, ok := params["charset"]; !ok {
						v += "; " + contract.Charset
					} else {
						params["charset"] = "UTF-8"
						v = mime.FormatMediaType(mt, params)
					}
				}
				vs[i] = v
			}
			out[k] = vs
		}
	case contract.ContentTypeNone:
		for k := range out {
			if textproto.CanonicalMIMEHeaderKey(k) == "Content-Type" {
				delete(out, k)
			}
		}
	}
	if w.Expect100 {
		out.Set("Expect", "100-continue")
	}
	return out
}

// ownFields are the header fields net/http writes or reads itself by their
// canonical names: spelled in another case they would be written a second
// time (Host, User-Agent, Content-Length, Transfer-Encoding, Trailer) or
// not acted on (Expect, Connection), so their spelling is left alone.
var ownFields = map[string]bool{
	"Host": true, "User-Agent": true, "Content-Length": true, "Transfer-Encoding": true,
	"Trailer": true, "Expect": true, "Connection": true,
}

// spellNames is h with every name (but ownFields) spelled in case c.
// Header.Write writes names as the map holds them, so net/http sends them
// so spelled. h is not modified; it is returned as it is for HeaderAsIs.
func spellNames(h http.Header, c contract.HeaderCase) http.Header {
	if c == contract.HeaderAsIs {
		return h
	}
	out := make(http.Header, len(h))
	for k, vs := range h {
		if !ownFields[textproto.CanonicalMIMEHeaderKey(k)] {
			k = c.Spell(k)
		}
		out[k] = append(out[k], vs...)
	}
	return out
}

// shownHeader is the header req goes out with, as a report shows it: the
// merged headers with w's changes and their spelling, and the framing
// fields net/http writes for a chunked body. Content-Length, Host and
// User-Agent, which net/http adds to every request, are left out, as for
// a plain request.
func (c *Client) shownHeader(req Request) http.Header {
	h := spellNames(wireHeader(c.mergeHeaders(req.Header), req.Wire), req.Wire.HeaderCase)
	if req.Wire.Chunks > 0 && !req.Wire.HTTP10 {
		h = h.Clone()
		h.Set("Transfer-Encoding", "chunked")
		if req.Wire.Trailers {
			h.Set("Trailer", trailerName)
		}
	}
	return h
}

// frame makes hreq carry body as w says: in chunks, with a trailer, when
// w asks for it (HTTP/1.0 has no chunked coding: such a request keeps its
// Content-Length).
func frame(hreq *http.Request, body []byte, w contract.Wire) {
	if w.Chunks <= 0 || w.HTTP10 {
		return
	}
	hreq.Body = io.NopCloser(&chunks{body: body, n: w.Chunks})
	hreq.ContentLength = -1
	hreq.TransferEncoding = []string{"chunked"}
	hreq.GetBody = nil // a stream, sent once
	if w.Trailers {
		sum := sha256.Sum256(body)
		hreq.Trailer = http.Header{trailerName: {hex.EncodeToString(sum[:])}}
	}
}

// chunks is a body read in n pieces of near-equal size (at most one a
// byte). net/http copies a chunked body into its chunk writer, which
// makes a chunk of every Write; io.Copy hands the writer to WriteTo, so
// each piece is one chunk.
type chunks struct {
	body []byte
	n    int
	off  int
}

// piece is the bounds of piece i, the first pieces a byte longer when n
// does not divide the body.
func (c *chunks) piece(i int) (from, to int) {
	n := max(1, min(c.n, len(c.body)))
	size, extra := len(c.body)/n, len(c.body)%n
	from = i*size + min(i, extra)
	to = from + size
	if i < extra {
		to++
	}
	return from, to
}

// WriteTo writes what is left, piece by piece.
func (c *chunks) WriteTo(w io.Writer) (int64, error) {
	var total int64
	for i := 0; ; i++ {
		from, to := c.piece(i)
		if from >= len(c.body) {
			return total, nil
		}
		if to <= c.off {
			continue
		}
		from = max(from, c.off)
		n, err := w.Write(c.body[from:to])
		c.off += n
		total += int64(n)
		if err != nil {
			return total, err
		}
	}
}

// Read reads up to the end of the current piece, for readers that do not
// call WriteTo.
func (c *chunks) Read(p []byte) (int, error) {
	if c.off >= len(c.body) {
		return 0, io.EOF
	}
	for i := 0; ; i++ {
		from, to := c.piece(i)
		if c.off >= from && c.off < to {
			n := copy(p, c.body[c.off:to])
			c.off += n
			return n, nil
		}
	}
}
