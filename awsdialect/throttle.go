package awsdialect

import (
	"context"
	"net/http"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws/retry"
	smithy "github.com/aws/smithy-go"
	"github.com/putdestination/conformance/campaign"
	"github.com/putdestination/conformance/transport"
)

// newRetryer is the SDK's standard retryer (its token bucket, its
// exponential backoff with jitter, a throttle waiting from a 1 s base),
// retrying throttling answers only: the SDK's throttle error codes
// (ThrottlingException, TooManyRequestsException, …) and a 429. Anything
// else the endpoint answers is the campaign's to judge.
func newRetryer(attempts int, maxBackoff time.Duration) *retry.Standard {
	throttles := retry.IsErrorThrottles(retry.DefaultThrottles)
	return retry.NewStandard(func(o *retry.StandardOptions) {
		o.MaxAttempts = attempts
		o.MaxBackoff = maxBackoff
		o.Retryables = []retry.IsErrorRetryable{retry.IsErrorRetryableFunc(throttles.IsErrorThrottle)}
	})
}

// answerError is an answer as the SDK's retry logic reads an error: its
// error type (an unmodeled API error) and its status.
type answerError struct {
	status int
	api    *smithy.GenericAPIError
}

func (e *answerError) Error() string       { return e.api.Error() }
func (e *answerError) Unwrap() error       { return e.api }
func (e *answerError) HTTPStatusCode() int { return e.status }

// throttling is the answer as an error when it says the endpoint
// throttles (nil otherwise, and for a failed exchange: the transport
// never retries, and neither does the dialect but for throttling).
func (d *Dialect) throttling(resp transport.Response, err error) error {
	if err != nil || resp.Status == 0 || resp.Status == http.StatusOK {
		return nil
	}
	e := &answerError{status: resp.Status, api: &smithy.GenericAPIError{Code: ErrorType(resp.Header, resp.Body)}}
	if !d.retryer.IsErrorRetryable(e) {
		return nil
	}
	return e
}

// Throttled reports whether an answer says the endpoint throttles.
func (d *Dialect) Throttled(resp transport.Response, err error) bool {
	return d.throttling(resp, err) != nil
}

// Do sends req with do and, while the answer says the endpoint throttles
// (a throttle error type or a 429), sends it again after the standard
// retryer's backoff, up to its attempts and within its retry token bucket.
// The retries are counted (Report); an answer still throttled when they
// run out is returned for the campaign to judge. A PutDestination that got
// no answer at all is remembered for cleanup: the endpoint may have stored
// it.
func (d *Dialect) Do(ctx context.Context, req transport.Request, do campaign.Send) (resp transport.Response, err error) {
	name, isPut := d.putName(req)
	send := func() {
		if isPut {
			d.update(name, func(n *nameState) { n.attempts++ })
		}
		resp, err = do(ctx, req)
	}
	if isPut {
		p := d.begin(name)
		defer func() { d.end(name, p, req.Body, resp, err) }()
	} else if req.Header.Get("X-Amz-Target") == PutDestination {
		defer func() { d.endRaw(req.Body, resp, err) }()
	}
	release, _ := d.retryer.GetAttemptToken(ctx)
	send()
	for attempt := 1; ; attempt++ {
		throttled := d.throttling(resp, err)
		if release != nil {
			_ = release(throttled) // a success refunds the bucket
		}
		if throttled == nil {
			return resp, err
		}
		if attempt >= d.retryer.MaxAttempts() {
			d.gaveUp.Add(1)
			return resp, err
		}
		var terr error
		release, terr = d.retryer.GetRetryToken(ctx, throttled)
		if terr != nil {
			d.gaveUp.Add(1)
			return resp, err
		}
		delay, derr := d.retryer.RetryDelay(attempt, throttled)
		if derr != nil {
			d.gaveUp.Add(1)
			return resp, err
		}
		if !sleep(ctx, delay) {
			return resp, err // interrupted: the last answer stands, not judged
		}
		d.throttled.Add(1)
		send()
	}
}

// sleep waits for d or the end of ctx; it reports whether d went by.
func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// putName is the destinationName of a PutDestination request.
func (d *Dialect) putName(req transport.Request) (string, bool) {
	if req.Header.Get("X-Amz-Target") != PutDestination {
		return "", false
	}
	return nameOf(req.Body)
}
