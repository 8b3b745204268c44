package campaign

import (
	"context"
	"fmt"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/putdestination/conformance/contract"
	"github.com/putdestination/conformance/generators"
	"github.com/putdestination/conformance/rules"
	"pgregory.net/rapid"
)

// recheckAll sends the first finding of each rule again, on a connection
// of its own and, for a pair of requests, under names the endpoint has not
// seen: a finding that does not come back is marked intermittent. With
// Config.Shrink, rapid then minimises the ones that come back.
func (r *Runner) recheckAll(ctx context.Context, props []property, fs []Finding) []Finding {
	shrink := r.Config.Shrink && settings.ready()
	done := map[rules.ID]bool{}
	for i := range fs {
		f := &fs[i]
		if done[f.Rule] || !replayable(*f) {
			continue
		}
		done[f.Rule] = true
		if ctx.Err() != nil {
			break
		}
		for p, prop := range props {
			if prop.name != f.Property {
				continue
			}
			if shrink {
				*f = r.shrink(ctx, props, p, *f)
			} else if _, ok := r.replay(ctx, props, p, f.Rule, f.CaseIndex, func(g *rapid.Generator[generators.Case]) generators.Case {
				return example(g, f.CaseSeed)
			}, func(g *rapid.Generator[generators.Probe]) generators.Probe {
				return example(g, f.CaseSeed)
			}); !ok {
				f.Intermittent = ctx.Err() == nil
			}
		}
	}
	return fs
}

// replayable leaves out findings whose replay costs a timeout per step,
// those found against the campaign-wide id index (not one case), and the
// desync check's (its own re-check is part of it).
func replayable(f Finding) bool {
	for _, e := range f.Exchanges {
		if e.Response == nil {
			return false
		}
	}
	return f.Exchanges != nil && f.Curl == "" && !(f.Rule == rules.DistinctIdentity && f.Property == "valid")
}

// shrink re-runs the finding's case under rapid, starting from the same
// seed, with a property that fails when the rule is broken again; rapid then
// minimises the draw. The last failing run is the minimal one.
func (r *Runner) shrink(ctx context.Context, props []property, p int, f Finding) Finding {
	var last *Finding
	tb := &quietTB{name: "shrink-" + string(f.Rule)}
	settings.check(tb, f.CaseSeed, r.Config.ShrinkTime, func(t *rapid.T) {
		if ctx.Err() != nil {
			return
		}
		got, ok := r.replay(ctx, props, p, f.Rule, f.CaseIndex, func(g *rapid.Generator[generators.Case]) generators.Case {
			return g.Draw(t, "case")
		}, func(g *rapid.Generator[generators.Probe]) generators.Probe {
			return g.Draw(t, "probe")
		})
		if ok {
			got.Property, got.CaseSeed, got.CaseIndex, got.order = f.Property, f.CaseSeed, f.CaseIndex, f.order
			last = &got
			t.Fatalf("%s", got.Summary)
		}
	})
	if last == nil || !tb.failed {
		// rapid's first run replays the finding's own seed: a case that
		// passed then is a fault that comes and goes.
		f.Intermittent = ctx.Err() == nil
		return f
	}
	last.Shrunk = true
	return *last
}

// replay draws property p's case (with single or probe, from the
// property's generator) and sends it again on connections of their own:
// the finding of rule, when the rule is broken again. A pair of requests
// is drawn from generators whose names carry a fresh marker, so that it
// meets names the endpoint has not seen, as the original pair did.
func (r *Runner) replay(ctx context.Context, props []property, p int, rule rules.ID, index int,
	single func(*rapid.Generator[generators.Case]) generators.Case,
	probe func(*rapid.Generator[generators.Probe]) generators.Probe) (Finding, bool) {
	prop := props[p]
	if !prop.isProbe() {
		c := single(prop.singleAt(index))
		s := r.sendAlone(ctx, c)
		if isTimeout(s) {
			return Finding{}, false // never shrink into a hang
		}
		vs := violationsOf(rule, s.verdict.Violations)
		if len(vs) == 0 {
			return Finding{}, false
		}
		return r.finding(rule, vs, prop.name, c.Label, c.Expect, s), true
	}
	fresh, err := r.freshNames()
	if err != nil {
		return Finding{}, false
	}
	pr := probe(prop.probeFrom(fresh))
	first := r.sendAlone(ctx, pr.First)
	second := r.sendAlone(ctx, pr.Second)
	if isTimeout(first) || isTimeout(second) {
		return Finding{}, false
	}
	var vs []contract.Violation
	switch id, identity := probeViolations(pr, first, second); {
	case rule == id:
		vs = identity
	case rule == rules.UpsertIdentity || rule == rules.DistinctIdentity:
		// The other identity rule: not this probe's.
	default:
		vs = violationsOf(rule, append(first.verdict.Violations, second.verdict.Violations...))
	}
	if len(vs) == 0 {
		return Finding{}, false
	}
	return r.finding(rule, vs, prop.name, pr.Label, pr.Second.Expect, first, second), true
}

// sendAlone sends c on a connection of its own: a re-send never depends on
// what an earlier request left on a kept-alive connection.
func (r *Runner) sendAlone(ctx context.Context, c generators.Case) sent {
	req := r.request(c)
	req.Alone = true
	return r.sendAs(ctx, c, req)
}

// replays numbers the fresh name markers of this process.
var replays atomic.Int64

// freshNames returns generators whose names start with the configured
// prefix and then "r<run>-<n>-", a marker no earlier request carried.
func (r *Runner) freshNames() (*generators.Set, error) {
	marker := fmt.Sprintf("r%s-%d-", strconv.FormatInt(time.Now().UnixNano()%(36*36*36*36*36), 36), replays.Add(1))
	return generators.New(r.Spec, generators.Options{Prefix: r.Config.NamePrefix + marker})
}

func isTimeout(s sent) bool {
	a := answerOf(s.resp, s.err)
	return a.Failure != nil && a.Failure.Kind == contract.FailTimeout
}

// quietTB is the rapid.TB the shrinker runs under: it records that the
// property failed and swallows rapid's log, which the finding replaces.
type quietTB struct {
	name   string
	failed bool
}

func (t *quietTB) Helper()               {}
func (t *quietTB) Name() string          { return t.name }
func (t *quietTB) Logf(string, ...any)   {}
func (t *quietTB) Log(...any)            {}
func (t *quietTB) Skipf(string, ...any)  {}
func (t *quietTB) Skip(...any)           {}
func (t *quietTB) SkipNow()              {}
func (t *quietTB) Errorf(string, ...any) { t.failed = true }
func (t *quietTB) Error(...any)          { t.failed = true }
func (t *quietTB) Fatalf(string, ...any) { t.failed = true }
func (t *quietTB) Fatal(...any)          { t.failed = true }
func (t *quietTB) FailNow()              { t.failed = true }
func (t *quietTB) Fail()                 { t.failed = true }
func (t *quietTB) Failed() bool          { return t.failed }
