package conformance

import (
	"context"
	"errors"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/putdestination/conformance/transport"
)

// Target is what a run is pointed at: a URL ([URL]) or a Go handler
// exercised in process ([Handler]).
type Target interface {
	// start makes the target ready for one run: the endpoint URL, a dialer
	// for in-process targets (nil: the network), and what to call after.
	start() (endpoint string, dial dialFunc, stop func(), err error)
	// String names the target in reports.
	String() string
}

type dialFunc = func(ctx context.Context, network, addr string) (net.Conn, error)

// URL is an endpoint reached over the network (http or https).
func URL(endpoint string) Target { return urlTarget(endpoint) }

type urlTarget string

func (u urlTarget) start() (string, dialFunc, func(), error) {
	if err := validEndpoint(string(u)); err != nil {
		return "", nil, nil, err
	}
	return string(u), nil, func() {}, nil
}

func (u urlTarget) String() string { return transport.RedactURL(string(u)) }

// Handler is a Go implementation exercised in process, with no socket:
// requests go to an http.Server over in-memory connections (net.Pipe), so
// everything HTTP allows (keep-alive, hijacking, a dropped connection, a
// hang) behaves as it would over TCP. newHandler is called once per run,
// so that no state leaks from one run into the next.
func Handler(newHandler func() http.Handler) Target { return handlerTarget{newHandler} }

type handlerTarget struct{ newHandler func() http.Handler }

// inProcessURL is the URL of an in-process handler: the host is never
// resolved (connections are made by the pipe listener).
const inProcessURL = "http://in-process.invalid/"

func (h handlerTarget) start() (string, dialFunc, func(), error) {
	if h.newHandler == nil {
		return "", nil, nil, errors.New("conformance: Handler(nil)")
	}
	ln := newPipeListener()
	srv := &http.Server{Handler: h.newHandler(), ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	stop := func() {
		_ = srv.Close() // also closes ln and every connection
	}
	return inProcessURL, ln.dial, stop, nil
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
		return client, nil
	case <-l.closed:
		return nil, &net.OpError{Op: "dial", Net: "pipe", Err: net.ErrClosed}
	case <-ctx.Done():
		return nil, &net.OpError{Op: "dial", Net: "pipe", Err: ctx.Err()}
	}
}

type pipeAddr struct{}

func (pipeAddr) Network() string { return "pipe" }
func (pipeAddr) String() string  { return "in-process" }
