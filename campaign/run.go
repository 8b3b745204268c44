package campaign

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/putdestination/conformance/contract"
	"github.com/putdestination/conformance/generators"
	"github.com/putdestination/conformance/oracle"
	"github.com/putdestination/conformance/result"
	"github.com/putdestination/conformance/rules"
	"github.com/putdestination/conformance/spec"
	"github.com/putdestination/conformance/transport"
)

// Runner holds what one campaign needs.
type Runner struct {
	Spec   *spec.Spec
	Gen    *generators.Set
	Client *transport.Client
	Config Config

	// timeout is the client's bound on one exchange, for the report (0:
	// not known).
	timeout time.Duration
	// header is the harness's headers of every request, built once and
	// shared by them: never modified (see headers).
	headerOnce sync.Once
	header     http.Header
}

// New builds a runner for spec s: the generators (with opts) and a
// transport client (with tc). Close r.Client when done.
func New(s *spec.Spec, opts generators.Options, tc transport.Config, cfg Config) (*Runner, error) {
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	cfg.NamePrefix = opts.Prefix
	g, err := generators.New(s, opts)
	if err != nil {
		return nil, err
	}
	c, err := transport.New(tc)
	if err != nil {
		return nil, err
	}
	timeout := tc.RequestTimeout
	if timeout == 0 {
		timeout = transport.DefaultRequestTimeout
	}
	return &Runner{Spec: s, Gen: g, Client: c, Config: cfg, timeout: timeout}, nil
}

type job struct {
	prop  int
	index int
}

// Run runs the campaign until its budget is spent, the context ends, or the
// endpoint keeps timing out, and returns its result. It never panics on
// what the endpoint does. The error is the harness's own (the endpoint
// could not be reached): the result, verdict error, says it too.
func (r *Runner) Run(ctx context.Context) (*result.Result, error) {
	res := r.run(ctx)
	return r.emit(res), res.err
}

// run runs the campaign: see Run.
func (r *Runner) run(ctx context.Context) *outcome {
	cfg := r.Config
	start := time.Now()
	res := &outcome{}
	t := newTally(cfg, r.Spec, start, r.Client)
	props := properties(r.Gen)
	// The properties that can break a selected rule, in the order their
	// cases are interleaved (see below).
	var wanted []int
	for p, prop := range props {
		if prop.wanted(cfg) {
			wanted = append(wanted, p)
		}
	}
	// A slice of the campaign sends the cases of its block of indexes,
	// every property's (shard.go).
	lo, hi := shardCases(cfg.Shard, cfg.Budget)
	t.total = (hi - lo) * len(wanted)

	if err := r.preflight(ctx, props); err != nil {
		res.err = err
		res.duration = time.Since(start)
		res.requests = r.Client.Sent()
		res.rules = t.stats()
		return res
	}

	runCtx, stop := context.WithCancelCause(ctx)
	defer stop(nil)
	t.stop = stop
	// Properties are interleaved, case by case, so that a fault only one
	// property can show (an invalid request accepted, an identity fault)
	// is met within the first few requests, not after every valid case.
	// Workers take the jobs in that order from one counter.
	end := int64(hi * len(wanted))
	var next atomic.Int64
	next.Store(int64(lo * len(wanted)))
	var wg sync.WaitGroup
	for w := 0; w < cfg.Workers; w++ {
		wg.Go(func() {
			for n := next.Add(1) - 1; n < end && runCtx.Err() == nil; n = next.Add(1) - 1 {
				r.runJob(runCtx, t, props, job{prop: wanted[n%int64(len(wanted))], index: int(n / int64(len(wanted)))})
			}
		})
	}
	wg.Wait()
	runWide := runsRunWide(cfg.Shard)
	if runWide && runCtx.Err() == nil && cfg.Rules.Has(rules.Robustness) {
		t.phase("desync")
		r.checkDesync(runCtx, t)
	}
	// Identity over the whole run: early names sent again, then new names
	// created several times at once (revisit.go, concurrency.go).
	if runWide && runCtx.Err() == nil && cfg.Rules.Has(rules.UpsertIdentity) {
		t.phase("revisit")
		r.revisit(runCtx, t, &t.early, len(props)+1)
		t.phase("concurrency")
		r.checkConcurrency(runCtx, t, props, len(props)+2)
	}

	if cause := context.Cause(runCtx); cause != nil {
		switch {
		case ctx.Err() != nil:
			res.interrupted = true
		case errors.Is(cause, errStopped):
			res.stopped = cause.Error()
		}
	}
	res.findings = t.findings()
	if !res.interrupted {
		t.phase("shrinking")
		res.findings = r.recheckAll(ctx, props, res.findings)
	}
	t.phase("done")
	res.rules = t.stats()
	res.properties, res.latency = t.propertyStats(), t.latencies()
	res.requests = r.Client.Sent()
	res.duration = time.Since(start)
	res.firstRequests, res.firstAfter = t.first()
	return res
}

var errStopped = errors.New("stopped")

// preflight sends the first valid case once: an endpoint that cannot be
// reached at all is a harness error, not a finding.
func (r *Runner) preflight(ctx context.Context, props []property) error {
	c := example(props[0].single, caseSeed(r.Config.Seed, 0, -1))
	_, err := r.Client.Do(ctx, r.request(c))
	var te *transport.Error
	if errors.As(err, &te) {
		switch te.Kind {
		case contract.FailUnreachable, contract.FailTLS:
			return fmt.Errorf("endpoint %s: %v", transport.RedactURL(r.Config.Endpoint), te)
		case contract.FailCanceled:
			return fmt.Errorf("interrupted before the first request completed")
		case contract.FailBudget:
			return fmt.Errorf("request cap reached before the first request")
		}
	}
	return nil
}

// request is the request of a case. Cases that could leave a kept-alive
// connection out of step go out on a connection of their own.
func (r *Runner) request(c generators.Case) transport.Request {
	return transport.Request{Method: c.HTTPMethod(), URL: r.Config.Endpoint, Header: r.headers(), Body: c.Body, Alone: c.Alone(), Wire: c.Wire}
}

// sent is one judged exchange.
type sent struct {
	c       generators.Case
	req     transport.Request
	resp    transport.Response
	err     error
	verdict oracle.Judgment
	took    time.Duration
	// normalized is what the oracle judged when the dialect rewrote the
	// answer; checked are the dialect's rules judged, followUps the
	// requests sent to judge them (see dialect.go).
	normalized *oracle.Answer
	checked    []rules.ID
	followUps  []followUp
}

func (r *Runner) send(ctx context.Context, c generators.Case) sent {
	return r.sendAt(ctx, c, r.request(c), again)
}

// sendAs sends req, the request of c, and judges the answer.
func (r *Runner) sendAs(ctx context.Context, c generators.Case, req transport.Request) sent {
	return r.sendAt(ctx, c, req, again)
}

// place is where a case stands in the campaign: the property it was
// drawn from and its index there.
type place struct {
	prop  string
	index int
}

// again is the place of a case sent again (a revisit, the concurrency
// check, shrinking): none.
var again = place{index: -1}

// sendAt sends req, the request of c drawn at place at, and judges the
// answer.
func (r *Runner) sendAt(ctx context.Context, c generators.Case, req transport.Request, at place) sent {
	start := time.Now()
	resp, err := r.do(ctx, req)
	took := time.Since(start)
	s := sent{c: c, req: req, resp: resp, err: err, took: took}
	r.judge(ctx, &s, at)
	return s
}

// AnswerOf is what the oracle judges of an exchange: the response, or the
// transport's failure as the contract names it.
func AnswerOf(resp transport.Response, err error) oracle.Answer {
	a := oracle.Answer{Status: resp.Status, Header: resp.Header, Body: resp.Body}
	if err != nil {
		var te *transport.Error
		if !errors.As(err, &te) {
			te = &transport.Error{Kind: contract.FailReset, Err: err}
		}
		a.Failure = te.Failure()
	}
	return a
}

func (r *Runner) runJob(ctx context.Context, t *tally, props []property, j job) {
	prop := props[j.prop]
	seed := caseSeed(r.Config.Seed, j.prop, j.index)
	order := uint64(j.index)<<8 | uint64(j.prop)<<1 // feed order; bit 0: second of a pair
	defer t.caseDone()
	if !prop.isProbe() {
		c := example(prop.singleAt(j.index), seed)
		s := r.sendAt(ctx, c, r.request(c), place{prop.name, j.index})
		t.record(r, prop.name, seed, order, s)
		if s.verdict.Observed.Envelope == oracle.SuccessEnvelope && c.Name != "" {
			t.checkGlobalID(r, prop.name, seed, order, c.Name, s)
			t.early.noteEarly(r, prop.name, j.index, seed, order, s)
		}
		return
	}
	p := example(prop.probe, seed)
	first := r.sendAt(ctx, p.First, r.request(p.First), place{prop.name, j.index})
	t.record(r, prop.name, seed, order, first)
	if first.verdict.Skipped || ctx.Err() != nil {
		return
	}
	second := r.sendAt(ctx, p.Second, r.request(p.Second), place{prop.name, j.index})
	t.record(r, prop.name, seed, order|1, second)
	t.recordProbe(r, prop.name, seed, order, p, first, second)
	t.checkProbeIDs(r, prop.name, seed, order, p, first, second)
}

// exchange is the report's view of an exchange, recorded once with every
// secret redacted: the harness's headers and the configured ones (as
// REDACTED), and any configured secret value the endpoint echoed back in a
// body, a header or an error.
func (r *Runner) exchange(s sent) result.Exchange {
	e := r.exchangeOf(s)
	e.Curl = r.Client.Curl(s.req)
	return e
}

// exchangeOf is exchange without its curl line.
func (r *Runner) exchangeOf(s sent) result.Exchange {
	c := r.Client
	e := result.Exchange{Request: result.Request{Method: s.req.Method, URL: transport.RedactURL(s.req.URL), Headers: c.SentHeader(s.req), Body: bytes.Clone(s.req.Body)}}
	if s.req.Wire != (contract.Wire{}) {
		w := s.req.Wire
		e.Request.Wire = &w
	}
	if s.err != nil {
		e.Error = c.Scrub(s.err.Error())
	}
	if s.resp.Status != 0 {
		e.Response = &result.Response{Status: s.resp.Status, Headers: c.ScrubHeader(s.resp.Header), Body: result.Body(c.Scrub(string(s.resp.Body)))}
	}
	e.Normalized = r.normalizedResponse(s.normalized)
	return e
}

// finding records a finding of rule from the exchanges ex, scrubbing
// secrets from its words as exchange does from its bytes: one exchange is
// sent again alone, two as a pair.
func (r *Runner) finding(rule rules.ID, vs []contract.Violation, property, label string, exp contract.Expectation, ex ...sent) finding {
	scrubbed := r.Client.ScrubViolations(vs)
	shape := result.ShapeOne
	if len(ex) > 1 {
		shape = result.ShapePair
	}
	class, size := sentClass(ex[len(ex)-1]), sentSize(ex)
	ex = exchangesFor(rule, ex)
	exchanges := make([]result.Exchange, len(ex))
	reqs := make([]transport.Request, len(ex))
	for i, s := range ex {
		// The curl line is written later (finding.curls), from the copy
		// of the body the exchange stores: what is shown is what was kept.
		exchanges[i], reqs[i] = r.exchangeOf(s), s.req
		reqs[i].Body = exchanges[i].Request.Body
	}
	f := newFinding(rule, scrubbed, property, label, exp, shape, exchanges...)
	f.class, f.size, f.reqs = class, size, reqs
	return f
}

// sentSize is the bytes of the request bodies of ex.
func sentSize(ex []sent) int {
	n := 0
	for _, s := range ex {
		n += len(s.req.Body)
	}
	return n
}
