package campaign

import (
	"github.com/putdestination/conformance/contract"
	"github.com/putdestination/conformance/result"
	"github.com/putdestination/conformance/rules"
	"github.com/putdestination/conformance/transport"
)

// finding is one violation of one rule while the campaign runs, with
// everything needed to reproduce it and to send it again: emit turns it
// into the report's result.Finding.
type finding struct {
	Rule    rules.ID
	Summary string
	// Violations are all the violations of Rule on this exchange.
	Violations []contract.Violation
	Property   string
	Case       string
	Expect     contract.Expectation
	// Exchanges holds the request and response; identity findings have
	// two (the first request of the pair, then the second), a desync
	// finding two sent on one connection.
	Exchanges []result.Exchange
	// Curl reproduces the finding when its exchanges need more than one
	// curl line each (two requests on one connection); "" otherwise.
	Curl string
	// Shrunk is set when the exchanges are a shrunk counterexample, smaller
	// than the case as found.
	Shrunk bool
	// Shrink says how far shrinking went.
	Shrink result.ShrinkDepth
	// ShrinkRequests is what sending the finding again and shrinking it
	// cost, in requests.
	ShrinkRequests int
	// Needs says what reproducing the finding needs beyond its curl lines,
	// when the front door's generic words would not say it ("" otherwise).
	Needs string
	// Intermittent is set when the same case, sent again to shrink it, did
	// not break the rule again.
	Intermittent bool
	// CaseSeed and CaseIndex (the case's place in its property: it picks
	// the constraint an invalid case breaks) regenerate the original
	// (unshrunk) case.
	CaseSeed  uint64
	CaseIndex int

	order uint64
	// signature is the finding's cause (Signature), count how many of the
	// run's findings had it; class is the class of the last answer its
	// check judged (AnswerClass), size the bytes of its requests' bodies.
	signature string
	count     int
	class     string
	size      int
	// shape is how the finding's requests are sent again: ShapeRun for one
	// found against the run's history (the id index, a name sent again at
	// the end), which cannot be sent again alone.
	shape result.Shape
	// hang: the exchange timed out; sending it again would cost a timeout
	// each time.
	hang bool
	// exhibit, when set, is what the finding sends again (a check outside
	// the properties: a name created at once); else it is regenerated
	// from Property, CaseSeed and CaseIndex.
	exhibit *exhibit
	// reqs are the requests of Exchanges, whose curl lines are written
	// when the finding is emitted (curls): a run builds far more findings
	// than it keeps, and a curl line quotes the whole body.
	reqs []transport.Request
}

// curls writes the curl line of each exchange that has none, from the
// request it was sent as.
func (f *finding) curls(c *transport.Client) {
	for i := range f.Exchanges {
		if f.Exchanges[i].Curl == "" && i < len(f.reqs) {
			f.Exchanges[i].Curl = c.Curl(f.reqs[i])
		}
	}
}

// newFinding is the one constructor of findings: vs are the violations of
// rule on the exchanges (all of them, the first one is the summary), sent
// again as shape says.
func newFinding(rule rules.ID, vs []contract.Violation, property, label string, exp contract.Expectation, shape result.Shape, ex ...result.Exchange) finding {
	return finding{Rule: rule, Summary: vs[0].String(), Violations: vs, Property: property, Case: label, Expect: exp, Exchanges: ex, shape: shape}
}

// RuleStat counts one rule's checks.
type RuleStat struct {
	ID       rules.ID
	Selected bool
	// Cases is how many exchanges (or identity probes) the rule judged.
	Cases int
	// Failures is how many of them broke it.
	Failures int
}
