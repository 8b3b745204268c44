package contract

// FailureKind classifies an exchange that ended without a complete
// response; the transport sets it, the oracle judges it.
type FailureKind string

// The kinds of failed exchange.
const (
	FailTimeout     FailureKind = "timeout"         // no complete response within the request timeout (hang, slow trickle)
	FailReset       FailureKind = "reset"           // connection refused/reset/closed early (EOF before a response, truncated body)
	FailClosedEarly FailureKind = "closed-early"    // the endpoint closed the connection before the whole request was written
	FailRedirect    FailureKind = "redirect"        // a 3xx status: never followed, the Location target receives nothing
	FailTooLarge    FailureKind = "too-large"       // body or headers over the caps
	FailMalformed   FailureKind = "malformed"       // not a valid HTTP response
	FailBudget      FailureKind = "budget"          // the request cap was reached: nothing was sent
	FailCanceled    FailureKind = "canceled"        // the caller's context ended (interruption), not the endpoint's fault
	FailUnreachable FailureKind = "unreachable"     // DNS failure, connection refused or dial failure before anything was sent
	FailTLS         FailureKind = "tls"             // TLS handshake failed: nothing was sent
	FailInvalid     FailureKind = "invalid-request" // the request itself cannot be sent: not the endpoint's fault
)

// Failure is a failed exchange as the oracle sees it: its kind and a
// one-line detail (secrets already scrubbed).
type Failure struct {
	Kind   FailureKind
	Detail string
}

// Harness reports whether the harness itself stopped the exchange
// (interruption, request cap, a request it could not build): nothing about
// the endpoint is judged then.
func (f Failure) Harness() bool {
	return f.Kind == FailCanceled || f.Kind == FailBudget || f.Kind == FailInvalid
}

func (f Failure) String() string {
	if f.Detail == "" {
		return string(f.Kind)
	}
	return string(f.Kind) + ": " + f.Detail
}
