package conformance

import (
	"context"
	"errors"
	"log"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/putdestination/conformance/transport"
)

// Target is what a run is pointed at: a URL ([URL]) or a Go handler
// exercised in process ([Handler]).
type Target interface {
	// start makes the target ready for one run: the endpoint URL, a dialer
	// for in-process targets (nil: the network), what to call after, and
	// for an in-process handler what its server logged (nil: none kept).
	start() (endpoint string, dial dialFunc, stop func(), logged func() *HandlerLog, err error)
	// String names the target in reports.
	String() string
}

type dialFunc = func(ctx context.Context, network, addr string) (net.Conn, error)

// URL is an endpoint reached over the network (http or https).
func URL(endpoint string) Target { return urlTarget(endpoint) }

type urlTarget string

func (u urlTarget) start() (string, dialFunc, func(), func() *HandlerLog, error) {
	if err := validEndpoint(string(u)); err != nil {
		return "", nil, nil, nil, err
	}
	return string(u), nil, func() {}, nil, nil
}

func (u urlTarget) String() string { return transport.RedactURL(string(u)) }

// Handler is a Go implementation exercised in process, with no socket:
// requests go to an http.Server over in-memory connections (net.Pipe), so
// everything HTTP allows (keep-alive, hijacking, a dropped connection, a
// hang) behaves as it would over TCP. newHandler is called once per run,
// so that no state leaks from one run into the next. What the server logs
// (a panic, with its stack) goes to [Result.HandlerLog], not to the
// process's log.
func Handler(newHandler func() http.Handler) Target { return handlerTarget{newHandler} }

type handlerTarget struct{ newHandler func() http.Handler }

// inProcessURL is the URL of an in-process handler: the host is never
// resolved (connections are made by the pipe listener).
const inProcessURL = "http://in-process.invalid/"

func (h handlerTarget) start() (string, dialFunc, func(), func() *HandlerLog, error) {
	if h.newHandler == nil {
		return "", nil, nil, nil, errors.New("conformance: Handler(nil)")
	}
	ln := newPipeListener()
	logged := &handlerLog{}
	srv := &http.Server{Handler: h.newHandler(), ReadHeaderTimeout: 10 * time.Second, ErrorLog: log.New(logged, "", 0)}
	go func() { _ = srv.Serve(ln) }()
	stop := func() {
		_ = srv.Close() // also closes ln and every connection
	}
	return inProcessURL, ln.dial, stop, logged.result, nil
}

// handlerLog is the error log of an in-process handler's http.Server,
// where net/http logs a handler's panic with its stack: it keeps how many
// messages came and the first, cut at handlerLogMax, instead of printing
// each to stderr (a handler that panicked on every request printed a
// stack for each of a run's hundreds of requests). log.Logger writes each
// message in one Write.
type handlerLog struct {
	mu    sync.Mutex
	n     int
	first string
}

// handlerLogMax bounds the first message kept: a panic's value and a
// stack a few dozen frames deep.
const handlerLogMax = 8 << 10

func (l *handlerLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.n++; l.n == 1 {
		l.first = string(p[:min(len(p), handlerLogMax)])
	}
	return len(p), nil
}

// result is what was logged so far; nil when nothing was.
func (l *handlerLog) result() *HandlerLog {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.n == 0 {
		return nil
	}
	return &HandlerLog{Messages: l.n, First: strings.TrimRight(l.first, "\n")}
}

func (handlerTarget) String() string { return "in-process handler" }

// pipeListener is a net.Listener whose connections are net.Pipe ends made
// by dial. Written by hand because the standard library has no in-memory
// listener (net.Pipe is its building block; httptest listens on loopback).
type pipeListener struct {
	conns  chan net.Conn
	closed chan struct{}
	once   sync.Once
}

func newPipeListener() *pipeListener {
	return &pipeListener{conns: make(chan net.Conn), closed: make(chan struct{})}
}

func (l *pipeListener) Accept() (net.Conn, error) {
	select {
	case c := <-l.conns:
		return c, nil
	case <-l.closed:
		return nil, net.ErrClosed
	}
}

func (l *pipeListener) Close() error {
	l.once.Do(func() { close(l.closed) })
	return nil
}

func (l *pipeListener) Addr() net.Addr { return pipeAddr{} }

// dial hands the server one end of a new pipe and returns the other.
func (l *pipeListener) dial(ctx context.Context, _, _ string) (net.Conn, error) {
	client, server := net.Pipe()
	select {
	case l.conns <- server:
		return newSendBuffer(client), nil
	case <-l.closed:
		return nil, &net.OpError{Op: "dial", Net: "pipe", Err: net.ErrClosed}
	case <-ctx.Done():
		return nil, &net.OpError{Op: "dial", Net: "pipe", Err: ctx.Err()}
	}
}

type pipeAddr struct{}

func (pipeAddr) Network() string { return "pipe" }
func (pipeAddr) String() string  { return "in-process" }

// sendBuffer gives the client's end of a pipe what a TCP socket has: a send
// buffer. net.Pipe is unbuffered, so a request body that the server never
// reads (a GET answered without reading it, then the connection closed)
// would fail the client's write, where over TCP the bytes sit in the
// kernel's buffer and the response is read. Writes are queued and sent by
// a goroutine; what the server no longer reads is dropped, as a closed
// socket drops it.
type sendBuffer struct {
	net.Conn
	mu     sync.Mutex
	ready  *sync.Cond
	queue  [][]byte
	closed bool
}

func newSendBuffer(c net.Conn) *sendBuffer {
	b := &sendBuffer{Conn: c}
	b.ready = sync.NewCond(&b.mu)
	go b.pump()
	return b
}

func (b *sendBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return 0, net.ErrClosed
	}
	b.queue = append(b.queue, append([]byte(nil), p...))
	b.ready.Signal()
	return len(p), nil
}

func (b *sendBuffer) Close() error {
	b.mu.Lock()
	b.closed = true
	b.queue = nil
	b.ready.Signal()
	b.mu.Unlock()
	return b.Conn.Close()
}

// pump sends the queue in order until the connection is closed.
func (b *sendBuffer) pump() {
	for {
		b.mu.Lock()
		for len(b.queue) == 0 && !b.closed {
			b.ready.Wait()
		}
		if b.closed {
			b.mu.Unlock()
			return
		}
		chunk := b.queue[0]
		b.queue = b.queue[1:]
		b.mu.Unlock()
		if _, err := b.Conn.Write(chunk); err != nil {
			// The server closed its end: drop what it will never read.
			b.mu.Lock()
			b.queue = nil
			b.mu.Unlock()
		}
	}
}
