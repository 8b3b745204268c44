package campaign

import (
	"net/http"
	"time"

	"github.com/putdestination/conformance/contract"
	"github.com/putdestination/conformance/rules"
)

// Exchange is one request as sent and what came back, secrets redacted
// (see Runner.exchange: the one place that records an exchange).
type Exchange struct {
	Method  string
	URL     string
	Headers http.Header
	Body    string
	// Response is nil when no response came back (see Error).
	Response *Response
	// Normalized is the answer as the oracle judged it, when the dialect
	// rewrote it into the envelope (nil: Response as it is).
	Normalized *Response
	// Error is the transport failure, if any ("timeout: ...").
	Error string
	Curl  string
}

// Response is what came back.
type Response struct {
	Status  int
	Headers http.Header
	Body    string
}

// Finding is one violation of one rule, with everything needed to
// reproduce it.
type Finding struct {
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
	Exchanges []Exchange
	// Curl reproduces the finding when its exchanges need more than one
	// curl line each (two requests on one connection); "" otherwise.
	Curl string
	// Shrunk is set when the exchanges are a shrunk counterexample, smaller
	// than the case as found.
	Shrunk bool
	// Shrink says how far shrinking went: ShrinkFull, ShrinkPartial (the
	// request budget or the time ran out first) or ShrinkNone.
	Shrink string
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
	// history: found against the run's history (the id index, a name sent
	// again at the end), so it cannot be sent again alone.
	history bool
	// hang: the exchange timed out; sending it again would cost a timeout
	// each time.
	hang bool
	// exhibit, when set, is what the finding sends again (a check outside
	// the properties: a name created at once); else it is regenerated
	// from Property, CaseSeed and CaseIndex.
	exhibit *exhibit
}

// newFinding is the one constructor of findings: vs are the violations of
// rule on the exchanges (all of them, the first one is the summary).
func newFinding(rule rules.ID, vs []contract.Violation, property, label string, exp contract.Expectation, ex ...Exchange) Finding {
	return Finding{Rule: rule, Summary: vs[0].String(), Violations: vs, Property: property, Case: label, Expect: exp, Exchanges: ex}
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

// Result is the outcome of a campaign.
type Result struct {
	Endpoint string
	Seed     uint64
	Budget   int
	Workers  int
	Requests int64
	Duration time.Duration
	Rules    []RuleStat
	Findings []Finding
	// Properties counts each property's exchanges (the desync check is
	// the property "desync").
	Properties []PropertyStat
	// Latency is the histogram of exchange times: Latency[i] exchanges
	// took less than LatencyBounds[i] (and not less than the bound
	// before); the last entry counts the slower ones.
	Latency []int
	// FirstFinding is how many requests and how long it took to the first
	// finding (zero when none).
	FirstFindingRequests int64
	FirstFindingAfter    time.Duration
	// Interrupted is set when the context ended the campaign early.
	Interrupted bool
	// Stopped says why the campaign stopped early on its own (an endpoint
	// that keeps timing out, the request cap), if it did.
	Stopped string
	// Err is set when the harness could not do its job (say, the endpoint
	// is unreachable): the verdict is then "error".
	Err error
}

// Verdict is "conformant", "non-conformant" or "error".
func (r *Result) Verdict() string {
	switch {
	case r.Err != nil:
		return "error"
	case len(r.Findings) > 0:
		return "non-conformant"
	case r.Interrupted:
		return "error"
	}
	return "conformant"
}

// Rule returns the stats of one rule.
func (r *Result) Rule(id rules.ID) RuleStat {
	for _, s := range r.Rules {
		if s.ID == id {
			return s
		}
	}
	return RuleStat{ID: id}
}

// FindingsFor returns the findings of one rule.
func (r *Result) FindingsFor(id rules.ID) []Finding {
	var out []Finding
	for _, f := range r.Findings {
		if f.Rule == id {
			out = append(out, f)
		}
	}
	return out
}
