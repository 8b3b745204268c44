package campaign

import (
	"context"
	"net/http"

	"github.com/putdestination/conformance/contract"
	"github.com/putdestination/conformance/generators"
	"github.com/putdestination/conformance/oracle"
	"github.com/putdestination/conformance/result"
	"github.com/putdestination/conformance/rules"
	"github.com/putdestination/conformance/transport"
)

// Dialect is a protocol other than the spec's envelope that a campaign
// speaks (Config.Dialect; package awsdialect has the AWS JSON 1.1 one):
// requests are shaped as the protocol expects (Headers, and signing in the
// transport's Prepare), a throttling answer is retried (Do), every answer
// is normalized into the envelope before the oracle judges it (so every
// rule applies unchanged, while findings keep the raw answer), and the
// dialect's own checks add their verdicts under its rules (Judge).
type Dialect interface {
	// Name is the dialect's name in the rules table (rules.AWS).
	Name() string
	// Headers are the headers of every request, given the spec's.
	Headers(spec http.Header) http.Header
	// Do sends req with send, retrying what the protocol says to retry.
	Do(ctx context.Context, req transport.Request, send Send) (transport.Response, error)
	// Normalize rewrites an answer into the envelope the oracle judges;
	// changed is false when it is judged as it is.
	Normalize(a oracle.Answer) (out oracle.Answer, changed bool)
	// Judge runs the dialect's own checks of one exchange, sending
	// follow-up requests with send.
	Judge(ctx context.Context, x DialectExchange, send Send) DialectVerdict
	// Throttled reports whether an answer says the endpoint throttles:
	// such an answer says nothing of the connection it came on.
	Throttled(resp transport.Response, err error) bool
}

// DialectExchange is one PutDestination exchange, as the campaign judged
// it, for a dialect's own checks.
type DialectExchange struct {
	// Expect is what the contract says must happen to the request.
	Expect contract.Expectation
	// Request is the request as sent (before signing).
	Request transport.Request
	// Response and Err are what came back, raw.
	Response transport.Response
	Err      error
	// Envelope is the envelope the normalized answer is (oracle.Observed).
	Envelope oracle.Envelope
	// Property and Index say which case of the campaign the exchange
	// is: the property it was drawn from and its index there, the same
	// for a seed whatever the order requests go out in. Index is -1 for
	// a request sent again (a revisit, the concurrency check, shrinking).
	Property string
	Index    int
}

// FollowUp is a request a dialect sent to judge an exchange
// (DescribeDestinations), with what came back: part of a finding of Rule.
type FollowUp struct {
	Rule     rules.ID
	Request  transport.Request
	Response transport.Response
	Err      error
}

// DialectVerdict is what a dialect's own checks found of one exchange.
type DialectVerdict struct {
	// Checked are the rules judged (each once per exchange).
	Checked []rules.ID
	// Violations are under the rules of Checked.
	Violations []contract.Violation
	// FollowUps are the requests sent to judge the exchange.
	FollowUps []FollowUp
}

// Send sends one request of the dialect (throttling retried: Dialect.Do).
type Send func(ctx context.Context, req transport.Request) (transport.Response, error)

// dialect names the campaign's dialect.
func (c Config) dialect() string {
	if c.Dialect != nil {
		return c.Dialect.Name()
	}
	return rules.Envelope
}

// followUp is a request sent to judge an exchange (DescribeDestinations),
// part of the findings of its rule.
type followUp struct {
	rule rules.ID
	s    sent
}

// headers are the headers of every request of the campaign: the spec's,
// shaped by the dialect.
func (r *Runner) headers() http.Header {
	r.headerOnce.Do(func() {
		r.header = r.Spec.RequestHeaders()
		if d := r.Config.Dialect; d != nil {
			r.header = d.Headers(r.header)
		}
	})
	return r.header
}

// do sends req; in the aws dialect a throttling answer is retried with the
// SDK's backoff.
func (r *Runner) do(ctx context.Context, req transport.Request) (transport.Response, error) {
	if d := r.Config.Dialect; d != nil {
		return d.Do(ctx, req, r.Client.Do)
	}
	return r.Client.Do(ctx, req)
}

// check is the oracle's verdict on an answer, normalized into the envelope
// in the aws dialect; normalized is what the oracle judged when it is not
// the raw answer.
func (r *Runner) check(c generators.Case, resp transport.Response, err error) (v oracle.Judgment, normalized *oracle.Answer) {
	a := AnswerOf(resp, err)
	if d := r.Config.Dialect; d != nil {
		if n, changed := d.Normalize(a); changed {
			a, normalized = n, &n
		}
	}
	return oracle.Check(r.Spec, c.Expect, a), normalized
}

// judge fills s's verdict: the oracle's, then, in the aws dialect, the
// dialect's own checks (which may send DescribeDestinations: follow-ups);
// at is where the case stands in the campaign.
func (r *Runner) judge(ctx context.Context, s *sent, at place) {
	s.verdict, s.normalized = r.check(s.c, s.resp, s.err)
	d := r.Config.Dialect
	if d == nil || s.verdict.Skipped || s.c.HTTPMethod() != http.MethodPost {
		return
	}
	v := d.Judge(ctx, DialectExchange{Expect: s.c.Expect, Request: s.req, Response: s.resp, Err: s.err, Envelope: s.verdict.Observed.Envelope, Property: at.prop, Index: at.index},
		func(ctx context.Context, req transport.Request) (transport.Response, error) { return r.do(ctx, req) })
	s.checked = v.Checked
	s.verdict.Violations = append(s.verdict.Violations, v.Violations...)
	for _, f := range v.FollowUps {
		s.followUps = append(s.followUps, followUp{rule: f.Rule, s: sent{req: f.Request, resp: f.Response, err: f.Err}})
	}
}

// exchangesFor are the exchanges a finding of rule on ex shows: when the
// rule was judged through follow-ups (DescribeDestinations), the exchange
// they followed and the follow-ups; otherwise ex as it is.
func exchangesFor(rule rules.ID, ex []sent) []sent {
	var out []sent
	for _, s := range ex {
		var fs []sent
		for _, f := range s.followUps {
			if f.rule == rule {
				fs = append(fs, f.s)
			}
		}
		if len(fs) > 0 {
			out = append(append(out, s), fs...)
		}
	}
	if out == nil {
		return ex
	}
	return out
}

// throttled reports whether s's answer says the endpoint throttles (the
// aws dialect): such an answer says nothing of the connection it came on.
func (r *Runner) throttled(s sent) bool {
	d := r.Config.Dialect
	return d != nil && d.Throttled(s.resp, s.err)
}

// normalizedResponse is the report's view of what the oracle judged, when
// the dialect rewrote the raw answer.
func (r *Runner) normalizedResponse(n *oracle.Answer) *result.Response {
	if n == nil {
		return nil
	}
	return &result.Response{Status: n.Status, Headers: r.Client.ScrubHeader(n.Header), Body: result.Body(r.Client.Scrub(string(n.Body)))}
}
