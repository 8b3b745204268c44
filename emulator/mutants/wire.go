package mutants

import (
	"bytes"
	"net"
	"net/http"
	"strings"
	"sync"

	"github.com/putdestination/conformance/emulator"
)

// wireFaults are mutants that meet a request's encoding wrong: how its
// body is framed, what comes before the JSON text, how its header fields
// are spelled. Only the wire property's encodings reach them: a chunked
// body, a byte order mark, header names in another case, a charset on
// the media type.
func wireFaults() []Mutant {
	return []Mutant{
		{
			Name: "reads-only-content-length", Rule: "accepts-valid",
			Description: "reads as many bytes of the body as Content-Length says: a chunked body has none, so it reads as empty and a valid request gets 400",
			New: func() http.Handler {
				em := emulator.New()
				return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					if r.Method == http.MethodPost && r.ContentLength < 0 {
						setBody(r, nil) // net/http's -1, "unknown", read as 0
					}
					em.ServeHTTP(w, r)
				})
			},
		},
		{
			Name: "500-on-byte-order-mark", Rule: "robustness",
			Description: "a body that starts with a UTF-8 byte order mark fails its decoder with an error that is not a syntax error, which falls through to the catch-all 500",
			New: misbehaveWhen(func(body []byte, _ object, _ bool) bool {
				return bytes.HasPrefix(body, []byte("\xef\xbb\xbf"))
			}, func(w http.ResponseWriter, _ *http.Request) {
				http.Error(w, "internal server error: unexpected decoder error", http.StatusInternalServerError)
			}),
		},
		{
			Name: "refuses-header-names-not-canonical", Rule: "accepts-valid",
			Description: "reads the header fields into a map keyed by the names as sent and looks up \"Content-Type\" and \"X-Amz-Target\" as spelled: content-type or X-AMZ-TARGET is missing to it, and a valid request gets 400",
			New:         func() http.Handler { return &caseSensitiveNames{em: emulator.New()} },
		},
		{
			Name: "refuses-charset-parameter", Rule: "accepts-valid",
			Description: `compares Content-Type with "application/json" as a string: application/json; charset=UTF-8 gets 400`,
			New: func() http.Handler {
				em := emulator.New()
				return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					if ct := r.Header.Get("Content-Type"); r.Method == http.MethodPost && ct != "application/json" {
						emulator.WriteError(w, http.StatusBadRequest, "Content-Type must be application/json, got "+ct)
						return
					}
					em.ServeHTTP(w, r)
				})
			},
		},
	}
}

// ConnWrapper is implemented by a mutant's handler that reads its
// requests as they came over the connection, which net/http does not
// keep for it (it hands a handler every header name in canonical case):
// a server that serves such a handler passes every connection it accepts
// through WrapConn (see Listener). conformance.Handler and cmd/emulator
// do. Called otherwise (directly, as conformance.Fuzz calls a handler),
// the handler has nothing to read and answers as the reference does.
type ConnWrapper interface {
	WrapConn(net.Conn) net.Conn
}

// Listener is ln, its connections passed through h's WrapConn when h is
// a ConnWrapper: how a server over the network serves every mutant.
func Listener(ln net.Listener, h http.Handler) net.Listener {
	if cw, ok := h.(ConnWrapper); ok {
		return wrappingListener{ln, cw}
	}
	return ln
}

type wrappingListener struct {
	net.Listener
	cw ConnWrapper
}

func (l wrappingListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return l.cw.WrapConn(c), nil
}

// caseSensitiveNames is the emulator behind a hand-rolled reading of the
// header section, into a map keyed by the names as sent: a POST whose
// head has no field spelled exactly "Content-Type" or "X-Amz-Target" gets
// 400, as if the field were missing. It is a ConnWrapper.
type caseSensitiveNames struct {
	em http.Handler
}

// wanted are the fields the handler looks up, as it spells them.
var wanted = []string{"Content-Type", "X-Amz-Target"}

func (h *caseSensitiveNames) WrapConn(c net.Conn) net.Conn { return &headConn{Conn: c} }

func (h *caseSensitiveNames) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	hc := connOf(r)
	if hc == nil {
		h.em.ServeHTTP(w, r)
		return
	}
	// The whole request is read, whatever its method, and what was kept
	// of it dropped before the answer goes out: what comes in next is the
	// next request.
	readBody(r)
	names := hc.names()
	hc.reset()
	if r.Method == http.MethodPost {
		for _, name := range wanted {
			if !names[name] {
				emulator.WriteError(w, http.StatusBadRequest, "missing header "+name)
				return
			}
		}
	}
	h.em.ServeHTTP(w, r)
}

// connOf is the headConn the request came over, when the handler was
// served through WrapConn: net/http puts the connection's local address
// in the request's context, and a headConn's address leads back to it.
func connOf(r *http.Request) *headConn {
	if a, ok := r.Context().Value(http.LocalAddrContextKey).(headAddr); ok {
		return a.conn
	}
	return nil
}

// maxHead bounds what a headConn keeps of a request: its head, and some
// of the body after it.
const maxHead = 64 << 10

// headConn keeps the bytes read from the connection since the handler
// last reset it. A handler that reads a request's body to its end and
// resets before its answer goes out finds, on the next request, that
// request's head first: a client sends the next request on a connection
// only after the answer to the last (Go's does not pipeline).
type headConn struct {
	net.Conn
	mu   sync.Mutex
	read []byte
}

func (c *headConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	c.mu.Lock()
	if room := maxHead - len(c.read); room > 0 {
		c.read = append(c.read, p[:min(n, room)]...)
	}
	c.mu.Unlock()
	return n, err
}

func (c *headConn) LocalAddr() net.Addr { return headAddr{c.Conn.LocalAddr(), c} }

func (c *headConn) reset() {
	c.mu.Lock()
	c.read = c.read[:0]
	c.mu.Unlock()
}

// names are the field names of the head kept, as spelled.
func (c *headConn) names() map[string]bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	head, _, _ := bytes.Cut(c.read, []byte("\r\n\r\n"))
	out := map[string]bool{}
	for i, line := range strings.Split(string(head), "\r\n") {
		if name, _, ok := strings.Cut(line, ":"); ok && i > 0 {
			out[name] = true
		}
	}
	return out
}

// headAddr is a headConn's local address: the connection's own, and the
// way back to the headConn.
type headAddr struct {
	net.Addr
	conn *headConn
}
