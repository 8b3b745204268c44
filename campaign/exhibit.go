package campaign

import (
	"context"

	"github.com/putdestination/conformance/contract"
	"github.com/putdestination/conformance/generators"
	"github.com/putdestination/conformance/oracle"
	"github.com/putdestination/conformance/rules"
)

// attempt is one sending of an exhibit's cases: the exchanges, and what the
// check across them found (a pair's identity, a burst's, the desync
// check's).
type attempt struct {
	kind exhibitKind
	// ss are the exchanges in the order sent; a sequence's are the first
	// request, the POST after it on its connection, the POST alone.
	ss []sent
	// across is the rule the check across the exchanges judged ("" when
	// none did), acrossVs its violations; a and b are two answers of a
	// burst that disagree.
	across   rules.ID
	acrossVs []contract.Violation
	a, b     int
	// judged is false for a sequence whose POST failed alone too: the
	// connection cannot be told at fault.
	judged bool
	// skipped: the harness stopped an exchange (the context, the request
	// cap); timedOut: an exchange timed out. The first to happen stops the
	// attempt.
	skipped, timedOut bool
}

// sendExhibit sends cases as ex's kind says and judges them. sent is false
// when nothing could be sent: no fresh name fits the cases.
func (r *Runner) sendExhibit(ctx context.Context, ex exhibit, cases []generators.Case) (at attempt, ok bool) {
	at = attempt{kind: ex.kind, judged: true}
	switch ex.kind {
	case exhibitSingle:
		at.add(r.sendAlone(ctx, cases[0]))
	case exhibitPair:
		marked, ok := cases, true
		if !ex.keepNames {
			marked, ok = r.Gen.Remark(cases, freshMarker())
		}
		if !ok {
			return at, false
		}
		// A first request that timed out does not keep the second from
		// going out; one the harness stopped does.
		if at.add(r.sendAlone(ctx, marked[0])); !at.skipped {
			at.add(r.sendAlone(ctx, marked[1]))
		}
		if at.stopped() {
			return at, true
		}
		at.across, at.acrossVs = oracle.CheckPair(named(marked[0], at.ss[0]), named(marked[1], at.ss[1]))
	case exhibitTogether:
		n := ex.burst
		if n == 0 {
			n = Concurrent
		}
		group, ok := r.together(cases[0], n, ex.keepNames)
		if !ok {
			return at, false
		}
		for _, s := range r.sendTogether(ctx, group) {
			at.add(s)
		}
		if at.stopped() {
			return at, true
		}
		at.across = rules.UpsertIdentity
		at.acrossVs, at.a, at.b = oracle.CheckConcurrent(group[0].Name, observed(at.ss))
	case exhibitSequence:
		first, onOne, fresh, complete := r.sendDesync(ctx, cases[0], cases[1])
		at.ss = []sent{first, onOne, fresh}
		if !complete {
			at.skipped = true
			return at, true
		}
		at.across = rules.Robustness
		at.judged, at.acrossVs = oracle.CheckDesync(cases[0].HTTPMethod(), onOne.judgedAs(), fresh.judgedAs())
	}
	return at, true
}

// add appends s to the attempt, noting whether the harness stopped it or
// it timed out (the first exchange to do either decides which).
func (at *attempt) add(s sent) {
	at.ss = append(at.ss, s)
	switch {
	case at.stopped():
	case s.verdict.Skipped:
		at.skipped = true
	case isTimeout(s):
		at.timedOut = true
	}
}

// stopped reports whether an exchange of the attempt was stopped by the
// harness or timed out.
func (at attempt) stopped() bool { return at.skipped || at.timedOut }

// of is the violations of rule in the attempt: the check across the
// exchanges' for the rule it judged (none for a pair's other identity
// rule, and for a sequence's other rules), else those of the exchanges.
func (at attempt) of(rule rules.ID) []contract.Violation {
	switch {
	case rule == at.across:
		return at.acrossVs
	case at.kind == exhibitSequence:
		return nil
	case at.kind == exhibitPair && (rule == rules.UpsertIdentity || rule == rules.DistinctIdentity):
		return nil
	}
	var all []contract.Violation
	for _, s := range at.ss {
		all = append(all, s.verdict.Violations...)
	}
	return contract.Under(rule, all)
}
