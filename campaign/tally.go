package campaign

import (
	"context"
	"errors"
	"fmt"
	"hash/maphash"
	"maps"
	"slices"
	"strings"
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

// tally is the campaign's bounded, concurrent summary.
type tally struct {
	cfg    Config
	spec   *spec.Spec
	start  time.Time
	client *transport.Client
	stop   context.CancelCauseFunc

	mu       sync.Mutex
	counts   map[rules.ID]*RuleStat
	kept     map[rules.ID]map[string]*finding // by rule, one finding per signature
	timeouts int
	ids      map[string]seenName // data.id -> the name it was first given to, bounded
	props    map[string]*PropertyStat
	propList []string // property names in the order first seen
	latency  []int
	total    int // cases the campaign will run
	done     int
	current  string
	early    revisits // names created early, sent again at the end

	firstRequests atomic.Int64
	firstAfter    atomic.Int64
}

// MaxIDs bounds the campaign-wide index of ids (data.id -> name) that
// catches two names given one id anywhere in the run; past it the index
// starts again.
const MaxIDs = 1 << 16

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

func newTally(cfg Config, s *spec.Spec, start time.Time, client *transport.Client) *tally {
	t := &tally{cfg: cfg, spec: s, start: start, client: client, counts: map[rules.ID]*RuleStat{}, kept: map[rules.ID]map[string]*finding{}, ids: map[string]seenName{},
		props: map[string]*PropertyStat{}, latency: make([]int, len(LatencyBounds)+1), current: "campaign"}
	for _, r := range rules.All {
		t.counts[r.ID] = &RuleStat{ID: r.ID, Selected: cfg.Rules.Has(r.ID) && r.In(cfg.dialect())}
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

func (t *tally) record(r *Runner, prop string, seed, order uint64, s sent) {
	if s.verdict.Skipped {
		return
	}
	var te *transport.Error
	timedOut := errors.As(s.err, &te) && te.Kind == contract.FailTimeout
	t.mu.Lock()
	defer t.mu.Unlock()
	t.count(prop, s)
	for _, id := range oracle.JudgedBy(s.c.Expect) {
		t.counts[id].Cases++
	}
	for _, id := range s.checked { // the dialect's rules
		t.counts[id].Cases++
	}
	for _, rule := range rules.All {
		id := rule.ID
		vs := contract.Under(id, s.verdict.Violations)
		if len(vs) == 0 {
			continue
		}
		t.counts[id].Failures++
		t.keep(id, seed, order, t.causeOf(id, vs, s.c.Expect, s), func() finding {
			f := r.finding(id, vs, prop, s.c.Label, s.c.Expect, s)
			f.hang = timedOut
			return f
		})
	}
	if timedOut {
		t.timeouts++
		if t.timeouts >= t.cfg.MaxTimeouts && t.stop != nil {
			t.stop(fmt.Errorf("%w: %d exchanges timed out; the endpoint is not answering", errStopped, t.timeouts))
		}
	}
}

func (t *tally) recordProbe(r *Runner, prop string, seed, order uint64, p generators.Probe, first, second sent) {
	if second.verdict.Skipped {
		return
	}
	id, vs := probeViolations(p, first, second)
	if id == "" {
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	t.counts[id].Cases++
	if len(vs) == 0 {
		return
	}
	t.counts[id].Failures++
	t.keep(id, seed, order, t.causeOf(id, vs, p.Second.Expect, first, second), func() finding {
		return r.finding(id, vs, prop, p.Label, p.Second.Expect, first, second)
	})
}

// probeViolations judges a probe's identity rule (oracle.CheckPair):
// upsert-identity for a pair of one name, distinct-identity for two names.
func probeViolations(p generators.Probe, first, second sent) (rules.ID, []contract.Violation) {
	return oracle.CheckPair(named(p.First, first), named(p.Second, second))
}

// named is the request of c, answered as s, as the identity rules see it.
func named(c generators.Case, s sent) oracle.Named {
	return oracle.Named{Name: c.Name, Expect: c.Expect, Observed: s.verdict.Observed}
}

// checkGlobalID catches ids shared by different names across the whole
// campaign, not only within a probe. The index is bounded (MaxIDs).
func (t *tally) checkGlobalID(r *Runner, prop string, seed, order uint64, name string, s sent) {
	id := s.verdict.Observed.ID
	if id == "" {
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	t.counts[rules.DistinctIdentity].Cases++
	other, seen := t.ids[id]
	if !seen {
		if len(t.ids) >= MaxIDs {
			clear(t.ids)
		}
		t.ids[id] = seenNameOf(name)
		return
	}
	if other == seenNameOf(name) {
		return
	}
	vs := oracle.CheckDistinct(other.excerpt, oracle.Observed{Envelope: oracle.SuccessEnvelope, ID: id}, name, s.verdict.Observed)
	if len(vs) == 0 {
		return
	}
	t.counts[rules.DistinctIdentity].Failures++
	t.keep(rules.DistinctIdentity, seed, order, cause{}, func() finding {
		f := r.finding(rules.DistinctIdentity, vs, prop, s.c.Label+" (against an earlier name)", s.c.Expect, s)
		f.shape = result.ShapeRun
		return f
	})
}

// checkProbeIDs adds both names of a probe to the id index: an id that
// another name got earlier in the run is a finding of its own; the pair's
// own collision (two names, one id) is the probe's finding, not repeated.
func (t *tally) checkProbeIDs(r *Runner, prop string, seed, order uint64, p generators.Probe, first, second sent) {
	ok := func(s sent) bool { return s.verdict.Observed.Envelope == oracle.SuccessEnvelope && s.c.Name != "" }
	if ok(first) {
		t.checkGlobalID(r, prop, seed, order, p.First.Name, first)
	}
	if ok(second) && !(ok(first) && !p.Same && first.verdict.Observed.ID == second.verdict.Observed.ID) {
		t.checkGlobalID(r, prop, seed, order|1, p.Second.Name, second)
	}
}

// recordDesync counts one desync check of robustness (its exchanges ex)
// and keeps its finding.
func (t *tally) recordDesync(f *finding, ex ...sent) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, s := range ex {
		t.count("desync", s)
	}
	if f != nil {
		// The misread POST broke no rule of its own: the check did.
		t.props["desync"].Failed++
	}
	t.counts[rules.Robustness].Cases++
	if f == nil {
		return
	}
	t.counts[rules.Robustness].Failures++
	t.keep(f.Rule, f.CaseSeed, f.order, cause{}, func() finding { return *f })
}

// cause is what keep knows of a finding before it is made: its signature
// and the bytes of its requests' bodies ("" signature: derived from the
// finding once made).
type cause struct {
	signature string
	size      int
}

// causeOf is the cause of a finding of rule on the exchanges ex (the last
// one answered as judged), sent one or two in order.
func (t *tally) causeOf(rule rules.ID, vs []contract.Violation, exp contract.Expectation, ex ...sent) cause {
	return cause{Signature(t.spec, rule, vs, exp, sentClass(ex[len(ex)-1])), sentSize(ex)}
}

// keep counts a finding under its cause (its signature, see Signature)
// and keeps one finding per cause: the smallest (its requests' bodies,
// then the earliest in case order), so that the same cases give the same
// findings whatever the order the workers met them in. mk makes the
// finding only when it is kept: recording one copies its exchanges. A
// rule keeps at most MaxFindings causes: past that, the causes first in
// signature order, so that two runs of one server keep the same causes
// whatever their seeds. Called with t.mu held.
func (t *tally) keep(rule rules.ID, seed, order uint64, c cause, mk func() finding) {
	if t.firstRequests.Load() == 0 {
		t.firstRequests.Store(max(t.client.Sent(), 1))
		t.firstAfter.Store(int64(time.Since(t.start)))
	}
	causes := t.kept[rule]
	if causes == nil {
		causes = map[string]*finding{}
		t.kept[rule] = causes
	}
	count := 1
	if old, ok := causes[c.signature]; ok && c.signature != "" {
		old.count++
		if c.size > old.size || c.size == old.size && order >= old.order {
			return
		}
		count = old.count
	} else if c.signature != "" && len(causes) >= t.cfg.MaxFindings && c.signature > slices.Max(slices.Collect(maps.Keys(causes))) {
		return // a new cause past the ones kept: it would be dropped at once
	}
	f := mk()
	f.CaseSeed, f.CaseIndex, f.order = seed, int(order>>8), order
	if c.signature == "" {
		c.signature = Signature(t.spec, f.Rule, f.Violations, f.Expect, f.class)
		if f.shape != result.ShapeOne && f.shape != result.ShapePair {
			// A check over several requests at once, on one connection or
			// over the run is a cause of its own, whatever its answer.
			c.signature += " " + string(f.shape)
		}
		if old, ok := causes[c.signature]; ok {
			old.count++
			if f.size > old.size || f.size == old.size && order >= old.order {
				return
			}
			count = old.count
		}
	}
	f.signature, f.count = c.signature, count
	causes[c.signature] = &f
	if len(causes) > t.cfg.MaxFindings {
		delete(causes, slices.Max(slices.Collect(maps.Keys(causes))))
	}
}

// findings are the kept findings, by rule in table order, each rule's
// causes in signature order.
func (t *tally) findings() []finding {
	t.mu.Lock()
	defer t.mu.Unlock()
	var out []finding
	for _, id := range rules.IDs() {
		for _, sig := range slices.Sorted(maps.Keys(t.kept[id])) {
			out = append(out, *t.kept[id][sig])
		}
	}
	return out
}

// count adds an exchange of property prop to the statistics. Called with
// t.mu held.
func (t *tally) count(prop string, s sent) {
	ps := t.props[prop]
	if ps == nil {
		ps = &PropertyStat{Name: prop}
		t.props[prop] = ps
		t.propList = append(t.propList, prop)
	}
	ps.Requests++
	if slices.ContainsFunc(s.verdict.Violations, func(v contract.Violation) bool { return t.counts[v.Rule].Selected }) {
		ps.Failed++
	}
	t.latency[LatencyBucket(s.took)]++
}

func (t *tally) propertyStats() []PropertyStat {
	t.mu.Lock()
	defer t.mu.Unlock()
	out := make([]PropertyStat, 0, len(t.propList))
	for _, name := range t.propList {
		out = append(out, *t.props[name])
	}
	return out
}

func (t *tally) latencies() []int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return append([]int(nil), t.latency...)
}

// caseDone counts a finished case and tells Config.Progress.
func (t *tally) caseDone() {
	if t.cfg.Progress == nil {
		return
	}
	t.mu.Lock()
	t.done++
	p := t.progressLocked()
	t.mu.Unlock()
	t.cfg.Progress(p)
}

// phase enters a new phase of the campaign and tells Config.Progress.
func (t *tally) phase(name string) {
	if t.cfg.Progress == nil {
		return
	}
	t.mu.Lock()
	t.current = name
	p := t.progressLocked()
	t.mu.Unlock()
	t.cfg.Progress(p)
}

func (t *tally) progressLocked() Progress {
	n := 0
	for _, causes := range t.kept {
		n += len(causes)
	}
	return Progress{Phase: t.current, Done: t.done, Total: t.total, Requests: t.client.Sent(), Findings: n, Elapsed: time.Since(t.start)}
}
