package campaign

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"strconv"
	"sync"
	"testing"

	"github.com/putdestination/conformance/generators"
	"github.com/putdestination/conformance/oracle"
	"github.com/putdestination/conformance/rules"
	"github.com/putdestination/conformance/transport"
	"pgregory.net/rapid"
)

// shrinkMu serialises shrinking: rapid reads its seed, check count and
// shrink time from its command-line flags, which are process-wide.
// Generator.Example reads the seed flag too, so examples are drawn under the
// read lock: campaigns running side by side in one process do not race.
var shrinkMu sync.RWMutex

// example is g.Example(seed) under shrinkMu's read lock.
func example[V any](g *rapid.Generator[V], seed uint64) V {
	shrinkMu.RLock()
	defer shrinkMu.RUnlock()
	return g.Example(int(seed))
}

// rapidReady reports whether rapid.Check can run in this process: it calls
// testing.Short, which panics unless the testing flags are registered
// (testing.Init, done here) and the command line parsed. A test binary has
// parsed it; an ordinary program must call flag.Parse first, or its
// findings are reported unshrunk.
func rapidReady() bool {
	initTesting.Do(testing.Init)
	return flag.Parsed()
}

var initTesting sync.Once

// shrinkAll replaces the first finding of each rule by rapid's minimal
// counterexample for the same rule, when the finding reproduces.
func (r *Runner) shrinkAll(ctx context.Context, props []property, fs []Finding) []Finding {
	if !rapidReady() {
		return fs
	}
	done := map[rules.ID]bool{}
	for i := range fs {
		f := &fs[i]
		if done[f.Rule] || !shrinkable(*f) {
			continue
		}
		done[f.Rule] = true
		if ctx.Err() != nil {
			break
		}
		for p, prop := range props {
			if prop.name == f.Property {
				*f, _ = r.shrink(ctx, prop, p, *f)
			}
		}
	}
	return fs
}

// shrinkable leaves out findings whose replay costs a timeout per step, and
// those found against the campaign-wide id index (not one case).
func shrinkable(f Finding) bool {
	for _, e := range f.Exchanges {
		if e.Response == nil {
			return false
		}
	}
	return f.Exchanges != nil && !(f.Rule == rules.DistinctIdentity && f.Property == "valid")
}

// shrink re-runs the finding's case under rapid, starting from the same
// seed, with a property that fails when the rule is broken again; rapid then
// minimises the draw. The last failing run is the minimal one.
func (r *Runner) shrink(ctx context.Context, prop property, p int, f Finding) (Finding, bool) {
	shrinkMu.Lock()
	defer shrinkMu.Unlock()
	restore := setRapidFlags(map[string]string{
		"rapid.seed":       strconv.FormatUint(f.CaseSeed, 10),
		"rapid.checks":     "1",
		"rapid.nofailfile": "true",
		"rapid.shrinktime": r.Config.Defaults().ShrinkTime.String(),
	})
	defer restore()

	var last *Finding
	tb := &quietTB{name: "shrink-" + string(f.Rule)}
	rapid.Check(tb, func(t *rapid.T) {
		if ctx.Err() != nil {
			return
		}
		var got Finding
		var ok bool
		if !prop.isProbe() {
			c := prop.singleAt(f.CaseIndex).Draw(t, "case")
			got, ok = r.replaySingle(ctx, f.Rule, c)
		} else {
			probe := prop.probe.Draw(t, "probe")
			got, ok = r.replayProbe(ctx, f.Rule, probe)
		}
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
		return f, true
	}
	last.Shrunk = true
	return *last, true
}

func (r *Runner) replaySingle(ctx context.Context, rule rules.ID, c generators.Case) (Finding, bool) {
	s := r.send(ctx, c)
	if isTimeout(s.err) {
		return Finding{}, false // never shrink into a hang
	}
	vs := violationsOf(rule, s.verdict.Violations)
	if len(vs) == 0 {
		return Finding{}, false
	}
	return Finding{Rule: rule, Summary: vs[0].String(), Violations: vs, Case: c.Label, Expect: c.Expect, Exchanges: []Exchange{exchangeOf(r.Client, s)}}, true
}

func (r *Runner) replayProbe(ctx context.Context, rule rules.ID, p generators.Probe) (Finding, bool) {
	first := r.send(ctx, p.First)
	second := r.send(ctx, p.Second)
	if isTimeout(first.err) || isTimeout(second.err) {
		return Finding{}, false
	}
	var vs []oracle.Violation
	switch rule {
	case rules.UpsertIdentity:
		vs = oracle.CheckUpsert(p.First.Name, first.verdict.Observed, second.verdict.Observed)
	case rules.DistinctIdentity:
		vs = oracle.CheckDistinct(p.First.Name, first.verdict.Observed, p.Second.Name, second.verdict.Observed)
	default:
		vs = violationsOf(rule, append(first.verdict.Violations, second.verdict.Violations...))
	}
	if !p.Same && rule == rules.UpsertIdentity || p.Same && rule == rules.DistinctIdentity {
		vs = nil
	}
	if len(vs) == 0 {
		return Finding{}, false
	}
	return Finding{Rule: rule, Summary: vs[0].String(), Violations: vs, Case: p.Label, Expect: p.Second.Expect,
		Exchanges: []Exchange{exchangeOf(r.Client, first), exchangeOf(r.Client, second)}}, true
}

func violationsOf(rule rules.ID, all []oracle.Violation) []oracle.Violation {
	var out []oracle.Violation
	for _, v := range all {
		if v.Rule == rule {
			out = append(out, v)
		}
	}
	return out
}

func isTimeout(err error) bool {
	var te *transport.Error
	return errors.As(err, &te) && te.Kind == transport.KindTimeout
}

// setRapidFlags sets rapid's flags and returns a function restoring them.
func setRapidFlags(values map[string]string) func() {
	old := map[string]string{}
	for name, v := range values {
		f := flag.Lookup(name)
		if f == nil {
			panic(fmt.Sprintf("campaign: rapid flag %s is not registered", name))
		}
		old[name] = f.Value.String()
		_ = f.Value.Set(v)
	}
	return func() {
		for name, v := range old {
			_ = flag.Lookup(name).Value.Set(v)
		}
	}
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
