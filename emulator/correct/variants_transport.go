package correct

import (
	"fmt"
	"maps"
	"net/http"
	"strconv"
	"time"

	"github.com/putdestination/conformance/emulator"
)

// slowDelay is how long slow-150ms holds every answer.
const slowDelay = 150 * time.Millisecond

// transportVariants differ in how the answer travels: connection handling,
// HTTP version, framing of the body, latency.
func transportVariants() []Server {
	return []Server{
		{
			Name:        "connection-close",
			Description: "sends Connection: close on every response: one request per connection",
			New:         connectionClose,
		},
		{
			Name:        "http-1-0",
			Description: "answers every request with an HTTP/1.0 response (Content-Length, then the connection is closed)",
			New:         http10,
		},
		{
			Name:        "chunked",
			Description: "sends every body chunked, in two chunks, with no Content-Length",
			New:         chunked,
		},
		{
			Name:        "slow-150ms",
			Description: "holds every answer 150 ms",
			New:         slow,
			Slow:        true,
		},
	}
}

// connectionClose is the emulator with Connection: close on every
// response; net/http then closes the connection after it.
func connectionClose() http.Handler {
	em := emulator.New()
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Connection", "close")
		em.ServeHTTP(w, r)
	})
}

// http10 is the emulator answering in HTTP/1.0: it records the emulator's
// answer, reads what is left of the request body, takes the connection
// over, writes "HTTP/1.0 <status> <text>", the headers with Content-Length
// and the body (none to HEAD), and closes the connection. A connection that
// cannot be taken over (HTTP/2) gets the emulator's answer as it is.
func http10() http.Handler {
	em := emulator.New()
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := record(em, r)
		drain(r)
		conn, buf, err := http.NewResponseController(w).Hijack()
		if err != nil {
			p.send(w)
			return
		}
		defer conn.Close()
		p.header.Set("Content-Length", strconv.Itoa(len(p.body)))
		fmt.Fprintf(buf, "HTTP/1.0 %d %s\r\n", p.status, http.StatusText(p.status))
		_ = p.header.Write(buf)
		_, _ = buf.WriteString("\r\n")
		if r.Method != http.MethodHead {
			_, _ = buf.Write(p.body)
		}
		_ = buf.Flush()
	})
}

// chunked is the emulator with its body sent in two writes and a flush
// between them, without Content-Length: net/http frames it with
// Transfer-Encoding: chunked (to an HTTP/1.0 client, which cannot read
// chunks, it sends the body up to the close of the connection).
func chunked() http.Handler {
	em := emulator.New()
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := record(em, r)
		h := w.Header()
		maps.Copy(h, p.header)
		h.Del("Content-Length")
		w.WriteHeader(p.status)
		half := len(p.body) / 2
		_, _ = w.Write(p.body[:half])
		_ = http.NewResponseController(w).Flush()
		_, _ = w.Write(p.body[half:])
	})
}

// slow is the emulator with every answer held slowDelay after the emulator
// made it (the store is updated at once). When the client gives up first,
// it returns without answering.
func slow() http.Handler {
	em := emulator.New()
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := record(em, r)
		select {
		case <-r.Context().Done():
			return
		case <-time.After(slowDelay):
		}
		p.send(w)
	})
}
