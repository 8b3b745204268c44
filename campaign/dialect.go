package campaign

import (
	"context"
	"net/http"

	"github.com/putdestination/conformance/awsdialect"
	"github.com/putdestination/conformance/generators"
	"github.com/putdestination/conformance/oracle"
	"github.com/putdestination/conformance/rules"
	"github.com/putdestination/conformance/transport"
)

// The dialect of a campaign (Config.AWS): in the AWS JSON 1.1 dialect the
// requests are shaped and signed as the service expects, a throttling
// answer is retried, every answer is normalized into the envelope before
// the oracle judges it (so every rule applies unchanged, while findings
// keep the raw answer), and the dialect's own checks add their verdicts
// under the aws-* rules.

// dialect names the campaign's dialect.
func (c Config) dialect() string {
	if c.AWS != nil {
		return rules.AWS
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
		if d := r.Config.AWS; d != nil {
			r.header = d.Headers(r.header)
		}
	})
	return r.header
}

// do sends req; in the aws dialect a throttling answer is retried with the
// SDK's backoff.
func (r *Runner) do(ctx context.Context, req transport.Request) (transport.Response, error) {
	if d := r.Config.AWS; d != nil {
		return d.Do(ctx, req, r.Client.Do)
	}
	return r.Client.Do(ctx, req)
}

// check is the oracle's verdict on an answer, normalized into the envelope
// in the aws dialect; normalized is what the oracle judged when it is not
// the raw answer.
func (r *Runner) check(c generators.Case, resp transport.Response, err error) (v oracle.Result, normalized *oracle.Answer) {
	a := AnswerOf(resp, err)
	if d := r.Config.AWS; d != nil {
		if n, changed := awsdialect.Normalize(a); changed {
			a, normalized = n, &n
		}
	}
	return oracle.Check(r.Spec, c.Expect, a), normalized
}

// judge fills s's verdict: the oracle's, then, in the aws dialect, the
// dialect's own checks (which may send DescribeDestinations: follow-ups).
func (r *Runner) judge(ctx context.Context, s *sent) {
	s.verdict, s.normalized = r.check(s.c, s.resp, s.err)
	d := r.Config.AWS
	if d == nil || s.verdict.Skipped || s.c.HTTPMethod() != http.MethodPost {
		return
	}
	v := d.Judge(ctx, awsdialect.Exchange{Expect: s.c.Expect, Request: s.req, Response: s.resp, Err: s.err, Kind: s.verdict.Observed.Kind},
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
	d := r.Config.AWS
	return d != nil && d.Throttled(s.resp, s.err)
}

// normalizedResponse is the report's view of what the oracle judged, when
// the dialect rewrote the raw answer.
func (r *Runner) normalizedResponse(n *oracle.Answer) *Response {
	if n == nil {
		return nil
	}
	return &Response{Status: n.Status, Headers: r.Client.ScrubHeader(n.Header), Body: r.Client.Scrub(string(n.Body))}
}
