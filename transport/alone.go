package transport

import "net/http"

// maxWriteBuffer is the write buffer of kept-alive connections, and the
// largest of connections of their own.
const maxWriteBuffer = 64 << 10

// aloneBuffers are the write buffer sizes of connections of their own,
// smallest first: net/http's default, and up to maxWriteBuffer.
var aloneBuffers = [...]int{4 << 10, 16 << 10, maxWriteBuffer}

// aloneFor is the client for hreq, to be sent on a connection of its own:
// the one with the smallest buffer the whole request (request line,
// headers as net/http writes them, body) surely fits, so that it still
// goes out in one write.
func (c *Client) aloneFor(hreq *http.Request, body int) *http.Client {
	// Request line, Host, User-Agent, Content-Length, Connection: close,
	// and slack.
	n := body + len(hreq.Method) + len(hreq.URL.RequestURI()) + len(hreq.URL.Host) + 256
	for k, vs := range hreq.Header {
		for _, v := range vs {
			n += len(k) + len(v) + 4
		}
	}
	for i, size := range aloneBuffers {
		if n <= size {
			return c.alone[i]
		}
	}
	return c.alone[len(c.alone)-1]
}

// aloneClients are the clients of connections of their own, one per size
// of aloneBuffers: clones of tr without keep-alive.
//
// A connection of its own asks the server to close after its answer,
// and a server that answers before reading the body (a 405 to a GET
// with one) then closes with the body unread. Written in one call, the
// request is in the kernel's hands by then, while a body written in
// pieces meets the reset (see contract.FailClosedEarly). So a request goes out
// in one write whenever it fits the large buffer; a small one through a
// small buffer, since each such connection allocates its own, and every
// malformed body goes out on one.
func aloneClients(tr *http.Transport, checkRedirect func(*http.Request, []*http.Request) error) (out [len(aloneBuffers)]*http.Client) {
	for i, size := range aloneBuffers {
		own := tr.Clone()
		own.DisableKeepAlives = true
		own.WriteBufferSize = size
		out[i] = &http.Client{Transport: own, CheckRedirect: checkRedirect}
	}
	return out
}
