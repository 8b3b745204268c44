package transport

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/putdestination/conformance/contract"
)

// Observed is one exchange as Config.Observe hears it, every secret
// redacted: what a recording of the run keeps.
type Observed struct {
	// Request is the request as given to Do; Header is the header it went
	// out with, secrets redacted (SentHeader), without what
	// Config.Prepare adds (a signature).
	Request Request
	Header  http.Header
	// Response is what came back (Status 0: nothing did), its header
	// through ScrubHeader and its body through Scrub, byte for byte
	// otherwise.
	Response Response
	// Err is the transport's failure, scrubbed; nil when none.
	Err error
	// Failure is Err's kind ("" when Err is nil).
	Failure contract.FailureKind
	// Started is when Do was called, Took how long it took.
	Started time.Time
	Took    time.Duration
}

// observe hands one exchange of Do to Config.Observe, unless it was
// refused before anything went out (canceled, over the request cap,
// invalid, unreachable): a recording holds what the endpoint saw.
func (c *Client) observe(req Request, resp Response, err error, started time.Time) {
	o := Observed{Request: req, Header: c.SentHeader(req), Started: started, Took: time.Since(started)}
	if err != nil {
		var te *Error
		if errors.As(err, &te) {
			switch te.Kind {
			case contract.FailCanceled, contract.FailBudget, contract.FailInvalid, contract.FailUnreachable, contract.FailTLS:
				return
			}
			o.Failure = te.Kind
		}
		o.Err = errors.New(c.Scrub(err.Error()))
	}
	o.Request.Header = o.Header
	if resp.Status != 0 {
		o.Response = Response{Status: resp.Status, Header: c.ScrubHeader(resp.Header), Body: []byte(c.Scrub(string(resp.Body)))}
	}
	c.observer(o)
}

// doObserved is Do, with the exchange handed to Config.Observe.
func (c *Client) doObserved(ctx context.Context, req Request) (Response, error) {
	started := time.Now()
	resp, err := c.do(ctx, nil, req)
	c.observe(req, resp, err, started)
	return resp, err
}
