package transport

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/putdestination/conformance/contract"
	"github.com/putdestination/conformance/internal/oneline"
)

// Error is a failed exchange; callers use errors.As, never parse the string.
type Error struct {
	Kind contract.FailureKind
	Err  error
}

// Error returns "<kind>: <detail>" on one line.
func (e *Error) Error() string {
	if e.Err == nil {
		return string(e.Kind)
	}
	return string(e.Kind) + ": " + oneline.String(e.Err.Error())
}

// Unwrap returns the underlying error.
func (e *Error) Unwrap() error { return e.Err }

// Failure is the error as the oracle judges it.
func (e *Error) Failure() *contract.Failure {
	f := &contract.Failure{Kind: e.Kind}
	if e.Err != nil {
		f.Detail = oneline.String(e.Err.Error())
	}
	return f
}

// errTimeout is the cause of the per-request context when RequestTimeout fires;
// it tells our own deadline apart from the caller's context.
var errTimeout = errors.New("request timeout")

var errBudget = errors.New("MaxRequests reached, request not sent")

// detail replaces our own timeout cause by a readable message.
func (c *Client) detail(kind contract.FailureKind, err error) error {
	if kind == contract.FailTimeout && (errors.Is(err, context.DeadlineExceeded) || errors.Is(err, errTimeout)) {
		return fmt.Errorf("no complete response within %v: %w", c.timeout, err)
	}
	return err
}

// newError builds an *Error, scrubbing configured secret values from the
// detail (a hostile endpoint may echo the request back as garbage).
func (c *Client) newError(kind contract.FailureKind, err error) *Error {
	if (len(c.secrets) > 0 || c.scrubFunc != nil) && err != nil {
		msg := err.Error()
		scrubbed := c.Scrub(msg)
		if scrubbed != msg {
			err = &scrubbedError{msg: scrubbed, err: err}
		}
	}
	return &Error{Kind: kind, Err: err}
}

type scrubbedError struct {
	msg string
	err error
}

func (e *scrubbedError) Error() string { return e.msg }
func (e *scrubbedError) Unwrap() error { return e.err }

func errText(err error) string {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}
