package campaign

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"time"

	"github.com/putdestination/conformance/result"
	"github.com/putdestination/conformance/rules"
	"github.com/putdestination/conformance/transport"
)

// outcome is what a campaign ran into, before emit makes it a result.
type outcome struct {
	requests   int64
	duration   time.Duration
	rules      []RuleStat
	findings   []finding
	properties []PropertyStat
	latency    []int
	// firstRequests and firstAfter are how many requests and how long it
	// took to the first finding (zero when none).
	firstRequests int64
	firstAfter    time.Duration
	// interrupted: the context ended the campaign early; stopped: why the
	// campaign stopped early on its own (an endpoint that keeps timing
	// out, the request cap).
	interrupted bool
	stopped     string
	// err: the harness could not do its job (the endpoint is unreachable).
	err error
}

// verdict is the campaign's verdict.
func (o *outcome) verdict() result.Verdict {
	switch {
	case o.err != nil:
		return result.Error
	case len(o.findings) > 0:
		return result.NonConformant
	case o.interrupted:
		return result.Error
	}
	return result.Conformant
}

// emit is the campaign's result: one outcome per rule of the table, the
// findings as the report shows them, the statistics. Only the selected
// rules count: a rule not selected (Config.Rules, or not of the dialect)
// has no checks and no findings in the result, and the verdict does not
// depend on it.
func (r *Runner) emit(o *outcome) *result.Result {
	cfg := r.Config
	selected := map[rules.ID]bool{}
	for _, s := range o.rules {
		selected[s.ID] = s.Selected
	}
	o.findings = slices.DeleteFunc(o.findings, func(f finding) bool { return !selected[f.Rule] })
	sum := sha256.Sum256(r.Spec.Bytes)
	res := &result.Result{
		Format: result.Format, Verdict: o.verdict(), Endpoint: cfg.Target, Seed: cfg.Seed,
		Budget: cfg.Budget, Workers: cfg.Workers, Requests: o.requests,
		DurationMS: o.duration.Milliseconds(), Interrupted: o.interrupted, Stopped: o.stopped,
		Spec:      result.Spec{Source: r.Spec.Source, SHA256: hex.EncodeToString(sum[:])},
		Reproduce: cfg.Reproduce,
		IDIndex:   MaxIDs,
		Findings:  []result.Finding{},
		Dialect:   cfg.dialect(),
	}
	if res.Endpoint == "" {
		res.Endpoint = transport.RedactURL(cfg.Endpoint)
	}
	if o.err != nil {
		res.Error = o.err.Error()
	}
	if o.firstRequests > 0 {
		res.FirstFinding = &result.FirstFinding{Requests: o.firstRequests, MS: o.firstAfter.Milliseconds()}
	}
	failing := map[rules.ID]bool{}
	replay := result.Replay{NamePrefix: cfg.NamePrefix, TimeoutMS: r.timeout.Milliseconds()}
	for _, f := range o.findings {
		failing[f.Rule] = true
		f.curls(r.Client)
		rf := f.emit(replay)
		rf.Signature, rf.Count = f.signature, f.count
		rf.CaseBytes, rf.CaseOrder = f.size, f.order
		res.Findings = append(res.Findings, rf)
	}
	// Within a rule, the causes that came back every time first; those
	// that did not (intermittent) after them.
	ids := rules.IDs()
	slices.SortStableFunc(res.Findings, func(a, b result.Finding) int {
		if c := cmp.Compare(slices.Index(ids, a.Rule), slices.Index(ids, b.Rule)); c != 0 {
			return c
		}
		return cmp.Compare(b2i(a.Intermittent), b2i(b.Intermittent))
	})
	for _, rule := range rules.All {
		st := RuleStat{ID: rule.ID}
		for _, s := range o.rules {
			if s.ID == rule.ID {
				st = s
			}
		}
		row := result.RuleOutcome{ID: rule.ID, Title: rule.Title, Cases: st.Cases, Failures: st.Failures, SpecRefs: rule.SpecRefs}
		switch {
		case !st.Selected:
			row.Status, row.Cases, row.Failures = result.Skipped, 0, 0
		case st.Cases == 0 && st.Failures == 0:
			row.Status = result.Skipped
		case failing[rule.ID] || st.Failures > 0:
			row.Status = result.Fail
		default:
			row.Status = result.Pass
		}
		res.Rules = append(res.Rules, row)
	}
	res.Properties = []result.Property{}
	for _, p := range o.properties {
		res.Properties = append(res.Properties, result.Property{Name: p.Name, Requests: p.Requests, Failed: p.Failed})
	}
	res.Latency = latencyOf(o.latency)
	if !cfg.Shard.Whole() {
		res.Sharding = &result.Sharding{Slice: cfg.Shard, MaxFindings: cfg.MaxFindings, Rules: []rules.ID{}, NamePrefix: cfg.NamePrefix}
		for _, s := range o.rules {
			if s.Selected {
				res.Sharding.Rules = append(res.Sharding.Rules, s.ID)
			}
		}
	}
	return res
}

// latencyOf is the report's histogram of the counts per bucket of
// LatencyBounds (nil: none counted).
func latencyOf(counts []int) result.Latency {
	var l result.Latency
	for _, b := range LatencyBounds {
		l.BoundsMS = append(l.BoundsMS, b.Milliseconds())
	}
	l.Counts = counts
	if l.Counts == nil {
		l.Counts = make([]int, len(l.BoundsMS)+1)
	}
	return l
}

// emit is the finding as the report shows it: the last exchange as the
// request and response, the first of a pair as Previous, what reproducing
// it needs beyond its curl lines, and how it is sent again (replay, with
// the finding's shape).
func (f finding) emit(replay result.Replay) result.Finding {
	out := result.Finding{Rule: f.Rule, Summary: f.Summary, Violations: f.Violations, Property: f.Property, Case: f.Case,
		CaseSeed: f.CaseSeed, CaseIndex: f.CaseIndex, Expect: f.Expect, Shrunk: f.Shrunk, Intermittent: f.Intermittent,
		Shrink: f.Shrink, ShrinkRequests: f.ShrinkRequests, Replay: replay}
	out.Replay.Shape = f.shape
	if f.shape == result.ShapeBurst {
		out.Replay.Burst = Concurrent
	}
	if len(f.Exchanges) == 0 {
		return out
	}
	last := f.Exchanges[len(f.Exchanges)-1]
	out.Request, out.Response, out.Error, out.Curl = last.Request, last.Response, last.Error, last.Curl
	out.Normalized = last.Normalized
	if len(f.Exchanges) > 1 {
		prev := f.Exchanges[0]
		out.Previous = &prev
		out.Needs = result.IdentityNeeds
	}
	if f.Curl != "" {
		out.Curl = f.Curl
	}
	if f.shape == result.ShapeSequence {
		out.Needs = result.DesyncNeeds
	}
	if f.Needs != "" {
		out.Needs = f.Needs // a check with needs of its own (identity over the run)
	}
	return out
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
