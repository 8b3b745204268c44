package campaign

import (
	"context"

	"github.com/putdestination/conformance/contract"
	"github.com/putdestination/conformance/generators"
	"github.com/putdestination/conformance/oracle"
	"github.com/putdestination/conformance/result"
	"github.com/putdestination/conformance/rules"
	"github.com/putdestination/conformance/transport"
)

// desyncMethods are the methods the desync check sends a body with.
var desyncMethods = []string{"GET", "DELETE"}

// checkDesync looks for an HTTP desync, the root of request smuggling: on
// one kept-alive connection it sends another method with a body, then a
// valid POST, and sends the same POST again on a connection of its own. A
// server that answered the first request without reading its body leaves
// the body on the connection, where it is read as the start of the POST:
// the POST's two answers then differ. That is one finding, under
// robustness, named for what it is; the other cases never pay for it,
// since every case that could leave a connection out of step goes out on
// a connection of its own.
func (r *Runner) checkDesync(ctx context.Context, t *tally) {
	props := properties(r.Gen)
	for i, method := range desyncMethods {
		if ctx.Err() != nil {
			return
		}
		seed := caseSeed(r.Config.Seed, len(props), i)
		c := example(props[0].single, seed)
		other := generators.Case{Label: method + " with a body", Method: method, Body: c.Body, Expect: contract.Expectation{Outcome: contract.Unspecified}}
		first, onOne, fresh, complete := r.sendDesync(ctx, other, c)
		if !complete {
			return
		}
		var f *finding
		if _, vs := oracle.CheckDesync(method, onOne.judgedAs(), fresh.judgedAs()); len(vs) > 0 {
			fd := r.finding(rules.Robustness, vs, "desync", method+" with a body, then a valid POST on the same connection", c.Expect, first, onOne)
			fd.Curl = r.Client.CurlSequence(first.req, onOne.req)
			fd.shape = result.ShapeSequence
			fd.CaseSeed, fd.CaseIndex = seed, i
			fd.order = uint64(r.Config.Budget+i)<<8 | uint64(len(props))<<1
			f = &fd
		}
		t.recordDesync(f, onOne, fresh)
		if f != nil {
			return // one finding names the fault
		}
	}
}

// sendDesync sends the request of other, then the POST of c, on one
// kept-alive connection, then the POST alone on a connection of its own:
// the exchanges the desync check judges. complete is false when it stopped
// short: the harness stopped an exchange, or the endpoint throttled the
// POST (such an answer says nothing of the connection it came on).
func (r *Runner) sendDesync(ctx context.Context, other, c generators.Case) (first, onOne, fresh sent, complete bool) {
	oreq := transport.Request{Method: other.HTTPMethod(), URL: r.Config.Endpoint, Header: r.headers(), Body: other.Body}
	post := r.request(c)
	post.Alone = false
	resps, errs := r.Client.Sequence(ctx, oreq, post)
	first, onOne = r.judged(other, oreq, resps[0], errs[0]), r.judged(c, post, resps[1], errs[1])
	if onOne.verdict.Skipped || r.throttled(onOne) {
		return first, onOne, fresh, false
	}
	fresh = r.sendAlone(ctx, c)
	return first, onOne, fresh, !fresh.verdict.Skipped
}

// judged is the verdict on an exchange sent outside Runner.send.
func (r *Runner) judged(c generators.Case, req transport.Request, resp transport.Response, err error) sent {
	s := sent{c: c, req: req, resp: resp, err: err}
	s.verdict, s.normalized = r.check(c, resp, err)
	return s
}

// judgedAs is s's answer, as it came back, with what the oracle read off
// it.
func (s sent) judgedAs() oracle.Judged {
	return oracle.Judged{Answer: AnswerOf(s.resp, s.err), Observed: s.verdict.Observed}
}
