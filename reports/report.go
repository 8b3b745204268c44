package reports

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"

	"github.com/putdestination/conformance/campaign"
	"github.com/putdestination/conformance/oracle"
	"github.com/putdestination/conformance/rules"
)

// Format names the version of the conformance.json format.
const Format = "putdestination-conformance/v1"

// Report is conformance.json.
type Report struct {
	Format      string `json:"format"`
	Verdict     string `json:"verdict"`
	Endpoint    string `json:"endpoint"`
	Seed        uint64 `json:"seed"`
	Budget      int    `json:"budget"`
	Workers     int    `json:"workers"`
	Requests    int64  `json:"requests"`
	DurationMS  int64  `json:"duration_ms"`
	Interrupted bool   `json:"interrupted"`
	// Stopped says why the run stopped early on its own, if it did.
	Stopped string `json:"stopped,omitempty"`
	// Error says why the harness could not do its job (verdict "error").
	Error string `json:"error,omitempty"`
	Spec  Spec   `json:"spec"`
	// Reproduce is the command that reruns the same cases.
	Reproduce    string        `json:"reproduce"`
	FirstFinding *FirstFinding `json:"first_finding,omitempty"`
	Rules        []Rule        `json:"rules"`
	Findings     []Finding     `json:"findings"`
}

// Spec identifies the contract the run checked.
type Spec struct {
	Source string `json:"source"`
	SHA256 string `json:"sha256"`
}

// FirstFinding is how far the run got before its first finding.
type FirstFinding struct {
	Requests int64 `json:"requests"`
	MS       int64 `json:"ms"`
}

// Rule is one row per rule of the table.
type Rule struct {
	ID    rules.ID `json:"id"`
	Title string   `json:"title"`
	// Status is "pass", "fail" or "skipped" (not selected, or not judged).
	Status   string   `json:"status"`
	Cases    int      `json:"cases"`
	Failures int      `json:"failures"`
	SpecRefs []string `json:"spec_refs"`
}

// Finding is one violation with its reproduction.
type Finding struct {
	Rule       rules.ID           `json:"rule"`
	Summary    string             `json:"summary"`
	Violations []oracle.Violation `json:"violations"`
	Property   string             `json:"property"`
	Case       string             `json:"case"`
	Shrunk     bool               `json:"shrunk"`
	// Intermittent: sent again, the same case did not break the rule.
	Intermittent bool      `json:"intermittent"`
	Request      Request   `json:"request"`
	Response     *Response `json:"response"`
	// Error is the transport failure, when no complete response came back.
	Error string `json:"error,omitempty"`
	Curl  string `json:"curl"`
	// Previous is the earlier request of an identity pair.
	Previous *Exchange `json:"previous,omitempty"`
}

// Request is a request exactly as sent (secret header values redacted).
type Request struct {
	Method  string      `json:"method"`
	URL     string      `json:"url"`
	Headers http.Header `json:"headers"`
	Body    string      `json:"body"`
}

// Response is what came back.
type Response struct {
	Status  int         `json:"status"`
	Headers http.Header `json:"headers"`
	Body    string      `json:"body"`
}

// Exchange is a request with its response.
type Exchange struct {
	Request  Request   `json:"request"`
	Response *Response `json:"response"`
	Error    string    `json:"error,omitempty"`
	Curl     string    `json:"curl"`
}

// New builds the report of a result. specSource and specBytes identify the
// contract; reproduce is the command that reruns the same cases.
func New(res *campaign.Result, specSource string, specBytes []byte, reproduce string) Report {
	sum := sha256.Sum256(specBytes)
	r := Report{
		Format: Format, Verdict: res.Verdict(), Endpoint: res.Endpoint, Seed: res.Seed,
		Budget: res.Budget, Workers: res.Workers, Requests: res.Requests,
		DurationMS: res.Duration.Milliseconds(), Interrupted: res.Interrupted, Stopped: res.Stopped,
		Spec:      Spec{Source: specSource, SHA256: hex.EncodeToString(sum[:])},
		Reproduce: reproduce,
		Findings:  []Finding{},
	}
	if res.Err != nil {
		r.Error = res.Err.Error()
	}
	if res.FirstFindingRequests > 0 {
		r.FirstFinding = &FirstFinding{Requests: res.FirstFindingRequests, MS: res.FirstFindingAfter.Milliseconds()}
	}
	for _, rule := range rules.All {
		st := res.Rule(rule.ID)
		row := Rule{ID: rule.ID, Title: rule.Title, Cases: st.Cases, Failures: st.Failures, SpecRefs: rule.SpecRefs}
		switch {
		case !st.Selected || st.Cases == 0 && st.Failures == 0:
			row.Status = "skipped"
		case len(res.FindingsFor(rule.ID)) > 0 || st.Failures > 0:
			row.Status = "fail"
		default:
			row.Status = "pass"
		}
		r.Rules = append(r.Rules, row)
	}
	for _, f := range res.Findings {
		r.Findings = append(r.Findings, findingOf(f))
	}
	return r
}

func findingOf(f campaign.Finding) Finding {
	out := Finding{Rule: f.Rule, Summary: f.Summary, Violations: f.Violations, Property: f.Property, Case: f.Case, Shrunk: f.Shrunk, Intermittent: f.Intermittent}
	if len(f.Exchanges) == 0 {
		return out
	}
	last := exchangeOf(f.Exchanges[len(f.Exchanges)-1])
	out.Request, out.Response, out.Error, out.Curl = last.Request, last.Response, last.Error, last.Curl
	if len(f.Exchanges) > 1 {
		prev := exchangeOf(f.Exchanges[0])
		out.Previous = &prev
	}
	return out
}

func exchangeOf(e campaign.Exchange) Exchange {
	x := Exchange{Request: Request{Method: e.Method, URL: e.URL, Headers: e.Headers, Body: e.Body}, Error: e.Error, Curl: e.Curl}
	if e.Response != nil {
		x.Response = &Response{Status: e.Response.Status, Headers: e.Response.Headers, Body: e.Response.Body}
	}
	return x
}
