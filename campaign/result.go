package campaign

import (
	"net/http"
	"time"

	"github.com/putdestination/conformance/oracle"
	"github.com/putdestination/conformance/rules"
)

// Exchange is one request as sent (secrets redacted) and what came back.
type Exchange struct {
	Method  string      `json:"method"`
	URL     string      `json:"url"`
	Headers http.Header `json:"headers"`
	Body    string      `json:"body"`
	// Response is nil when no response came back (see Error).
	Response *Response `json:"response"`
	// Error is the transport failure, if any ("timeout: ...").
	Error string `json:"error,omitempty"`
	Curl  string `json:"curl"`
}

// Response is what came back.
type Response struct {
	Status  int         `json:"status"`
	Headers http.Header `json:"headers"`
	Body    string      `json:"body"`
}

// Finding is one violation of one rule, with everything needed to
// reproduce it.
type Finding struct {
	Rule    rules.ID `json:"rule"`
	Summary string   `json:"summary"`
	// Violations are all the violations of Rule on this exchange.
	Violations []oracle.Violation `json:"violations"`
	Property   string             `json:"property"`
	Case       string             `json:"case"`
	Expect     oracle.Expectation `json:"expect"`
	// Exchanges holds the request and response; identity findings have
	// two (the first request of the pair, then the second).
	Exchanges []Exchange `json:"exchanges"`
	// Shrunk is set when the exchanges are rapid's minimal counterexample.
	Shrunk bool `json:"shrunk"`
	// Intermittent is set when the same case, sent again to shrink it, did
	// not break the rule again.
	Intermittent bool `json:"intermittent"`
	// CaseSeed and CaseIndex (the case's place in its property: it picks
	// the constraint an invalid case breaks) regenerate the original
	// (unshrunk) case.
	CaseSeed  uint64 `json:"case_seed"`
	CaseIndex int    `json:"case_index"`

	order uint64
}

// RuleStat counts one rule's checks.
type RuleStat struct {
	ID       rules.ID `json:"id"`
	Selected bool     `json:"selected"`
	// Cases is how many exchanges (or identity probes) the rule judged.
	Cases int `json:"cases"`
	// Failures is how many of them broke it.
	Failures int `json:"failures"`
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
