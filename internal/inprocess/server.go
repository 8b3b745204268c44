// Package inprocess serves a Go handler to the harness with no socket:
// an http.Server over in-memory connections (net.Pipe), so that everything
// HTTP allows (keep-alive, hijacking, a dropped connection, a hang)
// behaves as it would over TCP, and what the server logs (a panic, with
// its stack) is kept for the result instead of printed.
package inprocess

import (
	"context"
	"log"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/putdestination/conformance/result"
)

// Server is one handler served in process.
type Server struct {
	ln     *pipeListener
	srv    *http.Server
	logged *handlerLog
}

// Serve serves h until Close.
func Serve(h http.Handler) *Server {
	s := &Server{ln: newPipeListener(), logged: &handlerLog{}}
	// A handler that reads its requests as they came over the connection
	// (mutants.ConnWrapper) gets every connection through WrapConn:
	// net/http keeps none of their bytes for it.
	if cw, ok := h.(interface{ WrapConn(net.Conn) net.Conn }); ok {
		s.ln.wrap = cw.WrapConn
	}
	s.srv = &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, ErrorLog: log.New(s.logged, "", 0)}
	go func() { _ = s.srv.Serve(s.ln) }()
	return s
}

// Dial opens a connection to the server (the network and address are
// ignored): the transport's DialContext.
func (s *Server) Dial(ctx context.Context, network, addr string) (net.Conn, error) {
	return s.ln.dial(ctx, network, addr)
}

// Close stops the server, its listener and every connection.
func (s *Server) Close() { _ = s.srv.Close() }

// Logged is what the server logged so far; nil when nothing was.
func (s *Server) Logged() *result.HandlerLog { return s.logged.logged() }

// handlerLog is the error log of an in-process handler's http.Server,
// where net/http logs a handler's panic with its stack: it keeps how many
// messages came and the first, cut at handlerLogMax, instead of printing
// each to stderr (a handler that panics on every request would print a
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

// logged is what was logged so far; nil when nothing was.
func (l *handlerLog) logged() *result.HandlerLog {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.n == 0 {
		return nil
	}
	return &result.HandlerLog{Messages: l.n, First: strings.TrimRight(l.first, "\n")}
}

// pipeListener is a net.Listener whose connections are net.Pipe ends made
// by dial. Written by hand because the standard library has no in-memory
// listener (net.Pipe is its building block; httptest listens on loopback).
type pipeListener struct {
	conns  chan net.Conn
	closed chan struct{}
	once   sync.Once
	wrap   func(net.Conn) net.Conn // nil: connections as they are
}

func newPipeListener() *pipeListener {
	return &pipeListener{conns: make(chan net.Conn), closed: make(chan struct{})}
}

func (l *pipeListener) Accept() (net.Conn, error) {
	select {
	case c := <-l.conns:
		if l.wrap != nil {
			c = l.wrap(c)
		}
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
