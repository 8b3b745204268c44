package campaign

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/putdestination/conformance/contract"
	"github.com/putdestination/conformance/generators"
	"github.com/putdestination/conformance/result"
	"github.com/putdestination/conformance/spec"
	"github.com/putdestination/conformance/transport"
)

// ReplaySends is how many times Replay sends a finding by default: a fault
// that comes and goes shows as intermittent, not as fixed.
const ReplaySends = 3

// ReplayConfig is how Replay sends a finding.
type ReplayConfig struct {
	// Endpoint, when set, is where the requests go instead of the URL the
	// finding recorded.
	Endpoint string
	// Transport bounds every exchange and carries the headers given again
	// (Headers: the report has REDACTED in place of their values). A zero
	// RequestTimeout is the run's (Finding.Replay.TimeoutMS).
	Transport transport.Config
	// Sends is how many times the finding is sent (0: ReplaySends).
	Sends int
}

// ErrRefused is the error of a finding Replay will not send: it sends
// exactly what the finding recorded, or nothing.
var ErrRefused = errors.New("replay refused")

// Replay sends a finding of a report again, as its Replay says (one
// request; a pair in order under fresh names; the desync sequence on one
// kept-alive connection, then the POST alone; a burst at once under a
// fresh name), each request with the exact bytes and headers recorded, and
// judges the answers with the campaign's own code against s and the
// finding's expectation. It sends the finding cfg.Sends times: fixed when
// every send holds the finding's rule, still failing when every one breaks
// it, intermittent otherwise. It speaks the envelope dialect only.
//
// It refuses, with an error wrapping ErrRefused and before sending
// anything, what it cannot send as recorded: a finding found against the
// run's history, a header the report redacted and cfg does not give again,
// a run made in process without cfg.Endpoint. It never follows a redirect
// and never retries.
func Replay(ctx context.Context, f result.Finding, s *spec.Spec, cfg ReplayConfig) (*result.Replayed, error) {
	p, err := planReplay(f, s, cfg)
	if err != nil {
		return nil, err
	}
	g, err := generators.New(s, generators.Options{Prefix: f.Replay.NamePrefix})
	if err != nil {
		return nil, err
	}
	tc := cfg.Transport
	if tc.RequestTimeout == 0 && f.Replay.TimeoutMS > 0 {
		tc.RequestTimeout = time.Duration(f.Replay.TimeoutMS) * time.Millisecond
	}
	tc.Workers = max(tc.Workers, f.Replay.Burst, 1)
	tc.Secrets = append(tc.Secrets, transport.URLSecrets(p.target)...)
	client, err := transport.New(tc)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrRefused, err)
	}
	defer client.Close()
	r := &Runner{Spec: s, Gen: g, Client: client, Config: Config{Endpoint: p.target, NamePrefix: f.Replay.NamePrefix}}
	r.headerOnce.Do(func() { r.header = p.header })

	sends := cfg.Sends
	if sends <= 0 {
		sends = ReplaySends
	}
	sum := sha256.Sum256(s.Bytes)
	out := &result.Replayed{Spec: result.Spec{Source: s.Source, SHA256: hex.EncodeToString(sum[:])}}
	broke := 0
	for range sends {
		cases := p.ex.cases
		if p.fresh {
			var ok bool
			if cases, ok = r.freshNames(cases); !ok {
				cases, out.RecordedNames = p.ex.cases, true
			}
		}
		at, _ := r.sendExhibit(ctx, p.ex, cases)
		send := result.ReplaySend{Violations: client.ScrubViolations(at.of(f.Rule))}
		for _, s := range at.ss {
			if s.req.Method == "" {
				continue // not sent: the attempt stopped before it
			}
			send.Exchanges = append(send.Exchanges, r.exchange(s))
			for _, v := range s.verdict.Violations {
				if v.Rule != f.Rule {
					send.Others = append(send.Others, client.ScrubViolations([]contract.Violation{v})...)
				}
			}
		}
		out.Sends = append(out.Sends, send)
		if why := notJudged(at); why != "" {
			out.Outcome, out.Why = result.ReplayNotJudged, why
			return out, nil
		}
		if len(send.Violations) > 0 {
			broke++
		}
	}
	switch broke {
	case 0:
		out.Outcome = result.ReplayFixed
	case sends:
		out.Outcome = result.ReplayStillFails
	default:
		out.Outcome = result.ReplayIntermittent
	}
	return out, nil
}

// notJudged says why an attempt cannot be judged ("" when it can): the
// endpoint could not be reached, the harness stopped an exchange, or the
// POST of the desync sequence failed alone too.
func notJudged(at attempt) string {
	for _, s := range at.ss {
		if s.req.Method == "" {
			continue
		}
		f := AnswerOf(s.resp, s.err).Failure
		switch {
		case f == nil:
		case f.Kind == contract.FailUnreachable || f.Kind == contract.FailTLS:
			return "could not reach the endpoint: " + f.String()
		case f.Harness():
			return f.String()
		}
	}
	switch {
	case at.skipped:
		return "the harness stopped an exchange"
	case !at.judged:
		return "the POST sent alone did not succeed either, so the connection cannot be told at fault"
	}
	return ""
}

// freshNames is cases under names the endpoint has not seen: one fresh
// marker put into every case's name (generators.Set.RemarkNames), each body
// otherwise kept byte for byte. ok is false when a body has no name that
// can be marked.
func (r *Runner) freshNames(cases []generators.Case) ([]generators.Case, bool) {
	names := make([]string, len(cases))
	for i, c := range cases {
		names[i] = c.Name
	}
	marked, ok := r.Gen.RemarkNames(names, freshMarker())
	if !ok {
		return nil, false
	}
	out := make([]generators.Case, len(cases))
	for i, c := range cases {
		body, ok := withName(c.Body, marked[i])
		if !ok {
			return nil, false
		}
		c.Body, c.Name = body, marked[i]
		out[i] = c
	}
	return out, true
}
