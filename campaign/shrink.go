package campaign

import (
	"context"
	"fmt"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/putdestination/conformance/contract"
	"github.com/putdestination/conformance/generators"
	"github.com/putdestination/conformance/result"
	"github.com/putdestination/conformance/rules"
)

// recheckAll sends every kept finding again, twice, on connections of their
// own and, for a pair of requests or a name created at once, under names
// the endpoint has not seen: a finding that does not come back both times
// is marked intermittent. With Config.Shrink, each one that comes back is
// then made minimal by the structured shrinker of the generators
// (generators.Set.Shrink: members dropped, tags reduced, strings shortened,
// the spelling made plain; not rapid's shrinking of the draw), within a
// request budget per finding (Config.ShrinkRequests) and for the whole run
// (Config.ShrinkTotal), and within Config.ShrinkTime per finding. The
// re-send counts against the budgets; findings past the total are left as
// found (Shrink "none").
func (r *Runner) recheckAll(ctx context.Context, props []property, fs []finding) []finding {
	total := &budget{left: r.Config.ShrinkTotal}
	for i := range fs {
		fs[i].Shrink = result.ShrinkNone
		if ctx.Err() != nil {
			break
		}
		ex, ok := r.exhibitOf(props, fs[i])
		if !ok {
			continue
		}
		sig, count, size := fs[i].signature, fs[i].count, fs[i].size
		fs[i] = r.minimize(ctx, fs[i], ex, total)
		fs[i].signature, fs[i].count, fs[i].size = sig, count, size
	}
	return fs
}

// budget counts the shrinking requests left for the run (Config.ShrinkTotal;
// unlimited when that is 0).
type budget struct{ left int }

// exhibitKind says how a finding's requests are sent again.
type exhibitKind uint8

const (
	exhibitSingle   exhibitKind = iota // one request
	exhibitPair                        // two, one after the other, under fresh names
	exhibitTogether                    // one body several times at once, under a fresh name
	exhibitSequence                    // two on one kept-alive connection, then the second alone (the desync check)
)

// exhibit is what a finding sends again: its cases, as generated (or, for
// Replay, as recorded).
type exhibit struct {
	kind  exhibitKind
	cases []generators.Case
	label string // a probe's label
	// keepNames: a pair or a burst sent again under the names its cases
	// carry, without a fresh marker (see minimize; Replay marks recorded
	// bodies itself).
	keepNames bool
	// burst is how many times exhibitTogether sends its case (0:
	// Concurrent).
	burst int
}

// exhibitOf regenerates the cases of a finding from its property and case
// seed (or takes those it carries). Findings that cannot be sent again alone
// have none: a timeout (each re-send would cost one), the desync check's
// (its own re-check is part of it), one found against the run's history
// (the id index, names sent again at the end).
func (r *Runner) exhibitOf(props []property, f finding) (exhibit, bool) {
	switch {
	case f.hang || f.shape == result.ShapeRun || f.shape == result.ShapeSequence || f.Exchanges == nil:
		return exhibit{}, false
	case f.exhibit != nil:
		return *f.exhibit, true
	}
	for p, prop := range props {
		if prop.name != f.Property {
			continue
		}
		if !prop.isProbe() {
			return exhibit{kind: exhibitSingle, cases: []generators.Case{example(prop.singleAt(f.CaseIndex), f.CaseSeed)}}, true
		}
		pr := example(props[p].probe, f.CaseSeed)
		return exhibit{kind: exhibitPair, cases: []generators.Case{pr.First, pr.Second}, label: pr.Label}, true
	}
	return exhibit{}, false
}

// minimize sends f's exhibit again, then, when it fails again and
// shrinking is on, shrinks it: the finding returned is the last failing
// candidate's, with f's place in the run.
func (r *Runner) minimize(ctx context.Context, f finding, ex exhibit, total *budget) finding {
	perFinding := r.Config.ShrinkRequests
	deadline := time.Now().Add(r.Config.ShrinkTime)
	spent := 0
	var last *finding
	try := func(cases []generators.Case) (bool, bool) {
		cost := len(cases)
		if ex.kind == exhibitTogether {
			cost = Concurrent
		}
		switch {
		case ctx.Err() != nil,
			perFinding > 0 && spent+cost > perFinding,
			r.Config.ShrinkTotal > 0 && total.left < cost,
			spent > 0 && r.Config.ShrinkTime > 0 && time.Now().After(deadline):
			return false, false
		}
		spent += cost
		total.left -= cost
		got, failed, ok := r.tryExhibit(ctx, f.Rule, f.Property, ex, cases)
		if failed {
			last = &got
		}
		return failed, ok
	}
	// Sent again twice: a fault that comes and goes (one request in
	// seven, say) is seldom met twice in a row, and shrinking it would
	// follow chance.
	recheck := func() (failed, ok bool) {
		for range 2 {
			if failed, ok = try(ex.cases); !failed || !ok {
				return failed, ok
			}
		}
		return true, true
	}
	failed, ok := recheck()
	if !failed && ok && ex.kind == exhibitPair && f.Rule != rules.UpsertIdentity && f.Rule != rules.DistinctIdentity {
		// A fault in the names themselves (white space only, a leading
		// digit) does not survive the fresh marker: the pair is sent
		// again under its own names, which a rule other than identity
		// allows.
		ex.keepNames = true
		failed, ok = recheck()
	}
	f.ShrinkRequests = spent
	if !ok {
		return f
	}
	if !failed {
		f.Intermittent = ctx.Err() == nil
		return f
	}
	if !r.Config.Shrink {
		return f
	}
	shrinkable := true
	for _, c := range ex.cases {
		shrinkable = shrinkable && r.Gen.Shrinkable(c)
	}
	if !shrinkable {
		return f
	}
	out, complete := r.Gen.Shrink(ex.cases, try)
	got := *last
	got.Property, got.CaseSeed, got.CaseIndex, got.order = f.Property, f.CaseSeed, f.CaseIndex, f.order
	got.Needs = f.Needs
	got.Shrink, got.ShrinkRequests = result.ShrinkFull, spent
	if !complete {
		got.Shrink = result.ShrinkPartial
	}
	got.Shrunk = !sameBodies(out, ex.cases)
	return got
}

func sameBodies(a, b []generators.Case) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if string(a[i].Body) != string(b[i].Body) {
			return false
		}
	}
	return true
}

// tryExhibit sends cases as ex's kind says and reports the finding of rule
// when they break it again. ok is false when the harness could not send
// them (the context ended, the request cap): shrinking then stops. A
// candidate that times out counts as passing: shrinking never walks into a
// hang.
func (r *Runner) tryExhibit(ctx context.Context, rule rules.ID, prop string, ex exhibit, cases []generators.Case) (finding, bool, bool) {
	at, sent := r.sendExhibit(ctx, ex, cases)
	switch {
	case !sent:
		return finding{}, false, true
	case at.skipped:
		return finding{}, false, false
	case at.timedOut:
		return finding{}, false, true
	}
	vs := at.of(rule)
	if len(vs) == 0 {
		return finding{}, false, true
	}
	switch ex.kind {
	case exhibitPair:
		return r.finding(rule, vs, prop, ex.label, cases[1].Expect, at.ss[0], at.ss[1]), true, true
	case exhibitTogether:
		a, b := at.a, at.b
		if rule != rules.UpsertIdentity {
			a, b = 0, len(at.ss)-1
		}
		return r.concurrentFinding(rule, vs, cases[0], at.ss, a, b), true, true
	}
	return r.finding(rule, vs, prop, cases[0].Label, cases[0].Expect, at.ss[0]), true, true
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

// freshMarker is "r<run>-<n>-", a marker no earlier request carried: the
// time of the process in base 36 and a counter, each at a fixed width
// with letters and digits only where they are, so that every marker is
// spelled alike: an escaped spelling draws its choices character by
// character, and a marker one character longer, or with a '-' where
// another has a digit, would shift every later choice of the body (the
// '\/' a rejects-escaped-slash finding needs would come and go from one
// re-send to the next, and shrinking would stop short).
func freshMarker() string {
	run := strconv.FormatInt(time.Now().UnixNano()%(36*36*36*36*36), 36)
	return fmt.Sprintf("r%05s-%06d-", run, replays.Add(1)%1_000_000)
}

func isTimeout(s sent) bool {
	a := AnswerOf(s.resp, s.err)
	return a.Failure != nil && a.Failure.Kind == contract.FailTimeout
}
