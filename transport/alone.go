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
