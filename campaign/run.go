package campaign

import (
	"context"
	"errors"
	"fmt"
	"hash/maphash"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/putdestination/conformance/generators"
	"github.com/putdestination/conformance/oracle"
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
}

type job struct {
	prop  int
	index int
}

// Run runs the campaign until its budget is spent, the context ends, or the
// endpoint keeps timing out. It never panics on what the endpoint does.
func (r *Runner) Run(ctx context.Context) *Result {
	cfg := r.Config.Defaults()
	start := time.Now()
	res := &Result{Endpoint: transport.RedactURL(cfg.Endpoint), Seed: cfg.Seed, Budget: cfg.Budget, Workers: cfg.Workers}
	t := newTally(cfg, start, r.Client)
	props := properties(r.Gen)

	if err := r.preflight(ctx, props); err != nil {
		res.Err = err
		res.Duration = time.Since(start)
		res.Requests = r.Client.Sent()
		res.Rules = t.stats()
		return res
	}

	runCtx, stop := context.WithCancelCause(ctx)
	defer stop(nil)
	t.stop = stop
	jobs := make(chan job)
	var wg sync.WaitGroup
	for w := 0; w < cfg.Workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				r.runJob(runCtx, t, props, j)
			}
		}()
	}
	// Properties are interleaved, case by case, so that a fault only one
	// property can show (an invalid request accepted, an identity fault)
	// is met within the first few requests, not after every valid case.
feed:
	for i := 0; i < cfg.Budget; i++ {
		for p, prop := range props {
			if !prop.wanted(cfg) {
				continue
			}
			select {
			case jobs <- job{p, i}:
			case <-runCtx.Done():
				break feed
			}
		}
	}
	close(jobs)
	wg.Wait()

	if cause := context.Cause(runCtx); cause != nil {
		switch {
		case ctx.Err() != nil:
			res.Interrupted = true
		case errors.Is(cause, errStopped):
			res.Stopped = cause.Error()
		}
	}
	res.Findings = t.findings()
	if cfg.Shrink && !res.Interrupted {
		res.Findings = r.shrinkAll(ctx, props, res.Findings)
	}
	res.Rules = t.stats()
	res.Requests = r.Client.Sent()
	res.Duration = time.Since(start)
	res.FirstFindingRequests, res.FirstFindingAfter = t.first()
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
		case transport.KindUnreachable, transport.KindTLS:
			return fmt.Errorf("endpoint %s: %v", r.Config.Endpoint, te)
		case transport.KindCanceled:
			return fmt.Errorf("interrupted before the first request completed")
		case transport.KindBudget:
			return fmt.Errorf("request cap reached before the first request")
		}
	}
	return nil
}

func (r *Runner) request(c generators.Case) transport.Request {
	return transport.Request{Method: c.HTTPMethod(), URL: r.Config.Endpoint, Header: r.Spec.RequestHeaders(), Body: c.Body}
}

// sent is one judged exchange.
type sent struct {
	c       generators.Case
	req     transport.Request
	resp    transport.Response
	err     error
	verdict oracle.Result
}

func (r *Runner) send(ctx context.Context, c generators.Case) sent {
	req := r.request(c)
	resp, err := r.Client.Do(ctx, req)
	return sent{c: c, req: req, resp: resp, err: err, verdict: oracle.Check(r.Spec, c.Expect, resp, err)}
}

func (r *Runner) runJob(ctx context.Context, t *tally, props []property, j job) {
	prop := props[j.prop]
	seed := caseSeed(r.Config.Seed, j.prop, j.index)
	order := uint64(j.index)<<8 | uint64(j.prop)<<1 // feed order; bit 0: second of a pair
	if !prop.isProbe() {
		c := example(prop.singleAt(j.index), seed)
		s := r.send(ctx, c)
		t.record(prop.name, seed, order, s)
		if s.verdict.Observed.Kind == oracle.Success && c.Name != "" {
			t.checkGlobalID(prop.name, seed, order, c.Name, s)
		}
		return
	}
	p := example(prop.probe, seed)
	first := r.send(ctx, p.First)
	t.record(prop.name, seed, order, first)
	if first.verdict.Skipped || ctx.Err() != nil {
		return
	}
	second := r.send(ctx, p.Second)
	t.record(prop.name, seed, order|1, second)
	t.recordProbe(prop.name, seed, order, p, first, second)
}

// tally is the campaign's bounded, concurrent summary.
type tally struct {
	cfg    Config
	start  time.Time
	client *transport.Client
	stop   context.CancelCauseFunc

	mu       sync.Mutex
	counts   map[rules.ID]*RuleStat
	kept     map[rules.ID][]Finding
	timeouts int
	ids      map[string]seenName // data.id -> the name it was first given to, bounded

	firstRequests atomic.Int64
	firstAfter    atomic.Int64
}

const maxIDs = 1 << 16

// seenName is what the id index keeps of a name: a hash for equality and a
// short excerpt for the finding, so the index stays small whatever the names
// (up to 2 KiB of UTF-8 each).
type seenName struct {
	hash    uint64
	excerpt string
}

var nameSeed = maphash.MakeSeed()

func seenNameOf(name string) seenName {
	ex := name
	if len(ex) > 48 {
		ex = strings.ToValidUTF8(ex[:48], "") + "…"
	}
	return seenName{hash: maphash.String(nameSeed, name), excerpt: strings.Clone(ex)}
}

func newTally(cfg Config, start time.Time, client *transport.Client) *tally {
	t := &tally{cfg: cfg, start: start, client: client, counts: map[rules.ID]*RuleStat{}, kept: map[rules.ID][]Finding{}, ids: map[string]seenName{}}
	for _, r := range rules.All {
		t.counts[r.ID] = &RuleStat{ID: r.ID, Selected: cfg.selected(r.ID)}
	}
	return t
}

func (t *tally) stats() []RuleStat {
	t.mu.Lock()
	defer t.mu.Unlock()
	out := make([]RuleStat, 0, len(rules.All))
	for _, r := range rules.All {
		out = append(out, *t.counts[r.ID])
	}
	return out
}

func (t *tally) first() (int64, time.Duration) {
	return t.firstRequests.Load(), time.Duration(t.firstAfter.Load())
}

// judged lists the rules an exchange with this expectation was judged by.
func judged(exp oracle.Expectation) []rules.ID {
	ids := append([]rules.ID(nil), responseRules...)
	switch exp.Outcome {
	case oracle.Accept:
		ids = append(ids, rules.AcceptsValid)
	case oracle.Reject:
		ids = append(ids, rules.RejectsInvalid)
	}
	return ids
}

func (t *tally) record(prop string, seed, order uint64, s sent) {
	if s.verdict.Skipped {
		return
	}
	var te *transport.Error
	timedOut := errors.As(s.err, &te) && te.Kind == transport.KindTimeout
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, id := range judged(s.c.Expect) {
		t.counts[id].Cases++
	}
	byRule := map[rules.ID][]oracle.Violation{}
	for _, v := range s.verdict.Violations {
		byRule[v.Rule] = append(byRule[v.Rule], v)
	}
	for _, id := range rules.IDs() {
		vs := byRule[id]
		if len(vs) == 0 {
			continue
		}
		t.counts[id].Failures++
		t.keep(Finding{Rule: id, Summary: vs[0].String(), Violations: vs, Property: prop, Case: s.c.Label, Expect: s.c.Expect, CaseSeed: seed, CaseIndex: int(order >> 8), order: order}, []sent{s})
	}
	if timedOut {
		t.timeouts++
		if t.timeouts >= t.cfg.MaxTimeouts && t.stop != nil {
			t.stop(fmt.Errorf("%w: %d exchanges timed out; the endpoint is not answering", errStopped, t.timeouts))
		}
	}
}

func (t *tally) recordProbe(prop string, seed, order uint64, p generators.Probe, first, second sent) {
	if second.verdict.Skipped {
		return
	}
	var vs []oracle.Violation
	id := rules.DistinctIdentity
	if p.Same {
		id = rules.UpsertIdentity
		vs = oracle.CheckUpsert(p.First.Name, first.verdict.Observed, second.verdict.Observed)
	} else {
		vs = oracle.CheckDistinct(p.First.Name, first.verdict.Observed, p.Second.Name, second.verdict.Observed)
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	t.counts[id].Cases++
	if len(vs) == 0 {
		return
	}
	t.counts[id].Failures++
	t.keep(Finding{Rule: id, Summary: vs[0].String(), Violations: vs, Property: prop, Case: p.Label, Expect: p.Second.Expect, CaseSeed: seed, CaseIndex: int(order >> 8), order: order}, []sent{first, second})
}

// checkGlobalID catches ids shared by different names across the whole
// campaign, not only within a probe. The index is bounded.
func (t *tally) checkGlobalID(prop string, seed, order uint64, name string, s sent) {
	id := s.verdict.Observed.ID
	if id == "" {
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	t.counts[rules.DistinctIdentity].Cases++
	other, seen := t.ids[id]
	if !seen {
		if len(t.ids) >= maxIDs {
			clear(t.ids)
		}
		t.ids[id] = seenNameOf(name)
		return
	}
	if other == seenNameOf(name) {
		return
	}
	vs := oracle.CheckDistinct(other.excerpt, oracle.Observed{Kind: oracle.Success, ID: id}, name, s.verdict.Observed)
	if len(vs) == 0 {
		return
	}
	t.counts[rules.DistinctIdentity].Failures++
	t.keep(Finding{Rule: rules.DistinctIdentity, Summary: vs[0].String(), Violations: vs, Property: prop, Case: s.c.Label + " (against an earlier name)", Expect: s.c.Expect, CaseSeed: seed, CaseIndex: int(order >> 8), order: order}, []sent{s})
}

// keep adds f to its rule's findings if it is among the earliest
// MaxFindings in case order. Called with t.mu held.
func (t *tally) keep(f Finding, ex []sent) {
	if t.firstRequests.Load() == 0 {
		t.firstRequests.Store(max(t.client.Sent(), 1))
		t.firstAfter.Store(int64(time.Since(t.start)))
	}
	list := t.kept[f.Rule]
	if len(list) >= t.cfg.MaxFindings && list[len(list)-1].order <= f.order {
		return
	}
	for _, s := range ex {
		f.Exchanges = append(f.Exchanges, exchangeOf(t.client, s))
	}
	i := len(list)
	for i > 0 && list[i-1].order > f.order {
		i--
	}
	list = append(list[:i], append([]Finding{f}, list[i:]...)...)
	if len(list) > t.cfg.MaxFindings {
		list = list[:t.cfg.MaxFindings]
	}
	t.kept[f.Rule] = list
}

func (t *tally) findings() []Finding {
	t.mu.Lock()
	defer t.mu.Unlock()
	var out []Finding
	for _, id := range rules.IDs() {
		out = append(out, t.kept[id]...)
	}
	return out
}

// exchangeOf is the report's view of an exchange: secrets redacted.
func exchangeOf(c *transport.Client, s sent) Exchange {
	e := Exchange{Method: s.req.Method, URL: transport.RedactURL(s.req.URL), Headers: c.Redact(s.req.Header), Body: string(s.req.Body), Curl: c.Curl(s.req)}
	if s.err != nil {
		e.Error = s.err.Error()
	}
	if s.resp.Status != 0 {
		e.Response = &Response{Status: s.resp.Status, Headers: c.Redact(s.resp.Header), Body: string(s.resp.Body)}
	}
	return e
}

// New builds a runner for spec s: the generators (with opts) and a
// transport client (with tc). Close r.Client when done.
func New(s *spec.Spec, opts generators.Options, tc transport.Config, cfg Config) (*Runner, error) {
	g, err := generators.New(s, opts)
	if err != nil {
		return nil, err
	}
	c, err := transport.New(tc)
	if err != nil {
		return nil, err
	}
	return &Runner{Spec: s, Gen: g, Client: c, Config: cfg}, nil
}
