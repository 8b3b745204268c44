package conformance

import (
	"context"
	"errors"
	"net"
	"net/http"

	"github.com/putdestination/conformance/fuzzcheck"
	"github.com/putdestination/conformance/internal/inprocess"
	"github.com/putdestination/conformance/result"
	"github.com/putdestination/conformance/transport"
)

// Target is what a run is pointed at: a URL ([URL]) or a Go handler
// exercised in process ([Handler]).
type Target interface {
	// start makes the target ready for one run: the endpoint URL, a dialer
	// for in-process targets (nil: the network), what to call after, and
	// for an in-process handler what its server logged (nil: none kept).
	start() (endpoint string, dial dialFunc, stop func(), logged func() *result.HandlerLog, err error)
	// String names the target in reports.
	String() string
}

type dialFunc = func(ctx context.Context, network, addr string) (net.Conn, error)

// URL is an endpoint reached over the network (http or https).
func URL(endpoint string) Target { return urlTarget(endpoint) }

type urlTarget string

func (u urlTarget) start() (string, dialFunc, func(), func() *result.HandlerLog, error) {
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
const inProcessURL = fuzzcheck.InProcessURL

func (h handlerTarget) start() (string, dialFunc, func(), func() *result.HandlerLog, error) {
	if h.newHandler == nil {
		return "", nil, nil, nil, errors.New("conformance: Handler(nil)")
	}
	srv := inprocess.Serve(h.newHandler())
	return inProcessURL, srv.Dial, srv.Close, srv.Logged, nil
}

func (handlerTarget) String() string { return "in-process handler" }
