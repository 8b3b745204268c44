// Package result is the report model of a run: Result, its findings and
// exchanges, one outcome per rule, and conformance.json, its JSON form, with
// the JSON Schema that describes it. The campaign and fuzzing emit it,
// replay reads it, and every report renders it. It imports only the
// contract's vocabulary.
package result

import (
	"net/http"
	"time"

	"github.com/putdestination/conformance/contract"
	"github.com/putdestination/conformance/rules"
)

// Format names the version of the result's JSON form, conformance.json.
// Seeds are strings (JSON readers keep every digit of a uint64), each
// finding carries its case seed, case index and expectation and says how
// it is sent again (Replay), and bodies are kept byte for byte (Body).
const Format = "putdestination-conformance/v3"

// Result is the outcome of a run and the report model: conformance.json is
// its JSON form, and every other report is rendered from it. It is stable;
// console output is not.
type Result struct {
	Format   string  `json:"format"`
	Verdict  Verdict `json:"verdict"`
	Endpoint string  `json:"endpoint"`
	Seed     uint64  `json:"seed,string"`
	Budget   int     `json:"budget"`
	Workers  int     `json:"workers"`
	Requests int64   `json:"requests"`
	// Started is when the run began (a merged report: its earliest run);
	// zero in a result that does not say.
	Started time.Time `json:"started,omitzero"`
	// DurationMS is the length of the run in milliseconds.
	DurationMS int64 `json:"duration_ms"`
	// Interrupted: the run was cut short (a signal, the deadline).
	Interrupted bool `json:"interrupted"`
	// Stopped says why the run stopped early on its own, if it did.
	Stopped string `json:"stopped,omitempty"`
	// Error says why the harness could not do its job (verdict "error").
	Error string `json:"error,omitempty"`
	Spec  Spec   `json:"spec"`
	// Reproduce is the command that reruns the same cases.
	Reproduce string `json:"reproduce"`
	// Replay is the command that re-sends one finding of this report, the
	// report's path and the finding's name to follow it as two words
	// (`go run ./cmd/conformance replay`, `conformance replay`); "" when
	// the run was not started by a command (the Go API).
	Replay       string        `json:"replay,omitempty"`
	FirstFinding *FirstFinding `json:"first_finding,omitempty"`
	// IDIndex is how many ids the run remembers to catch two names given
	// one id anywhere in it (past that the index starts again).
	IDIndex  int           `json:"id_index"`
	Rules    []RuleOutcome `json:"rules"`
	Findings []Finding     `json:"findings"`
	// Properties counts the exchanges of each property, and how many of
	// them broke a rule.
	Properties []Property `json:"properties"`
	// Latency is the histogram of exchange times.
	Latency Latency `json:"latency"`
	// HandlerLog is what the http.Server of an in-process handler logged
	// (net/http logs a handler's panic there, with its stack; each panic
	// is also a dropped connection in the findings): how many messages,
	// and the first. Nil for an endpoint, or when nothing was logged.
	HandlerLog *HandlerLog `json:"handler_log,omitempty"`
	// LibraryLog is what the libraries the harness runs on logged during
	// the run, kept here instead of printed among the harness's output:
	// net/http's client through the process's standard logger (an
	// unsolicited response on an idle connection, from a server that never
	// reads bodies), when the run took that logger (the CLI and the suite
	// do), and the AWS SDK's warnings (falling back to IMDSv1): how many
	// messages, and the first. Nil when nothing was logged.
	LibraryLog *LibraryLog `json:"library_log,omitempty"`
	// Dialect is the dialect the run spoke: "envelope" or "aws".
	Dialect string `json:"dialect,omitempty"`
	// AWS is what a run in the aws dialect adds: its region and prefix,
	// the throttling retried, and what became of the destinations it
	// created (leftovers with the command that deletes each).
	AWS *AWSRun `json:"aws,omitempty"`
	// Sharding says which slice of a campaign the run sent (-shard i/n);
	// nil for a whole campaign and for a merged report.
	Sharding *Sharding `json:"sharding,omitempty"`
	// Shards are the runs a merged report was made of (conformance
	// merge); none for a single run.
	Shards []Shard `json:"shards,omitempty"`
	// Normalization is, for a parity check, the table of normalization
	// rules its answers were compared after, in the order they apply (the
	// last that matches a member wins); none for any other run.
	Normalization []NormalizationRule `json:"normalization,omitempty"`
	// Fuzz are the fuzz targets whose inputs the result reports, when
	// conformance.Fuzz wrote it (their findings have the property "fuzz");
	// none for a campaign.
	Fuzz []FuzzTarget `json:"fuzz,omitempty"`
}

// NormalizationRule is one row of a parity check's normalization table:
// the body members at Pointer (a JSON pointer whose "*" tokens match any
// one member or element) are compared as Treat says (package parity
// defines the treatments), for the reason Why.
type NormalizationRule struct {
	Pointer string `json:"pointer"`
	Treat   string `json:"treat"`
	Why     string `json:"why,omitempty"`
}

// Shard is one of the runs a merged report was made of.
type Shard struct {
	File       string  `json:"file"`
	Seed       uint64  `json:"seed,string"`
	Verdict    Verdict `json:"verdict"`
	Requests   int64   `json:"requests"`
	DurationMS int64   `json:"duration_ms"`
	Reproduce  string  `json:"reproduce"`
	// Slice is the slice of the campaign the run sent, when it sent one.
	Slice *Slice `json:"slice,omitempty"`
}

// Property is one property's exchanges.
type Property struct {
	Name     string `json:"name"`
	Requests int    `json:"requests"`
	Failed   int    `json:"failed"`
}

// Latency is a histogram: Counts[i] exchanges took less than BoundsMS[i]
// milliseconds (and not less than the bound before); the last count is of
// the slower ones.
type Latency struct {
	BoundsMS []int64 `json:"bounds_ms"`
	Counts   []int   `json:"counts"`
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

// RuleOutcome is one rule's row of a result: how it fared in the run.
type RuleOutcome struct {
	ID    rules.ID `json:"id"`
	Title string   `json:"title"`
	// Status is Pass, Fail or Skipped (not selected, or not judged).
	Status Status `json:"status"`
	// Cases is how many checks of the rule were made, Failures how many
	// of them failed ("3 of 700").
	Cases    int      `json:"cases"`
	Failures int      `json:"failures"`
	SpecRefs []string `json:"spec_refs"`
}

// Finding is one violation with its reproduction.
type Finding struct {
	Rule rules.ID `json:"rule"`
	// Signature is what findings of one cause share: the rule, where in
	// the schema, the constraint or check, and the class of what came back
	// (the status, or the transport failure's kind). Names, ids, values
	// and seeds are not part of it, so two runs of one server give the
	// same signatures; Count is how many of the run's findings had it.
	Signature  string               `json:"signature"`
	Count      int                  `json:"count"`
	Summary    string               `json:"summary"`
	Violations []contract.Violation `json:"violations"`
	Property   string               `json:"property"`
	Case       string               `json:"case"`
	// CaseSeed and CaseIndex regenerate the original (unshrunk) case of
	// the property alone; Expect is what the contract says of it.
	CaseSeed  uint64 `json:"case_seed,string"`
	CaseIndex int    `json:"case_index"`
	// CaseBytes (the bytes of the request bodies as found, before
	// shrinking) and CaseOrder (the case's place in the campaign's order
	// of cases) chose this finding among those of its cause: the
	// smallest, then the earliest. Merging the slices of a campaign
	// chooses by them as the whole run does.
	CaseBytes int                  `json:"case_bytes"`
	CaseOrder uint64               `json:"case_order"`
	Expect    contract.Expectation `json:"expect"`
	Shrunk    bool                 `json:"shrunk"`
	// Shrink says how far shrinking went: "full" (no simpler case the
	// shrinker tried shows it), "partial" (the request budget or the time
	// ran out first) or "none" (not shrunk: -no-shrink, a finding that
	// cannot be sent again alone, one that did not come back, no budget
	// left); ShrinkRequests is what sending it again and shrinking it cost.
	Shrink         ShrinkDepth `json:"shrink"`
	ShrinkRequests int         `json:"shrink_requests"`
	// Intermittent: sent again, the same case did not break the rule.
	Intermittent bool      `json:"intermittent"`
	Request      Request   `json:"request"`
	Response     *Response `json:"response"`
	// Error is the transport failure, when no complete response came back.
	Error string `json:"error,omitempty"`
	// Normalized is the response as the rules judged it, when the dialect
	// rewrote it into the envelope (aws); Response is always the raw one.
	Normalized *Response `json:"normalized,omitempty"`
	// Curl reproduces the finding (secrets redacted).
	Curl string `json:"curl"`
	// Previous is the earlier request of a pair (identity, desync).
	Previous *Exchange `json:"previous,omitempty"`
	// Reference is, in a finding of the parity rule, the reference's
	// exchange for the same request as the cassette recorded it, byte for
	// byte (its request under the recorded name prefix, its Curl empty:
	// a recording is not sent again); Request and Response are the
	// endpoint's. The violations' pointers are the members that differ.
	Reference *Exchange `json:"reference,omitempty"`
	// Needs says what reproducing the finding needs beyond the curl line.
	Needs string `json:"needs,omitempty"`
	// Replay says how the finding's requests are sent again.
	Replay Replay `json:"replay"`
	// Reproduce is the command that reruns the finding alone, when there
	// is one: a fuzz input's `go test -run='^FuzzName$/^<input>$' <package>`.
	Reproduce string `json:"reproduce,omitempty"`
}

// Request is a request exactly as sent (secret header values redacted).
type Request struct {
	Method  string      `json:"method"`
	URL     string      `json:"url"`
	Headers http.Header `json:"headers"`
	Body    Body        `json:"body"`
	// Wire is how the request travelled when not plainly (chunked,
	// Expect: 100-continue, HTTP/1.0, header names spelled, Content-Type
	// changed); Headers show the result.
	Wire *contract.Wire `json:"wire,omitempty"`
}

// Response is what came back.
type Response struct {
	Status  int         `json:"status"`
	Headers http.Header `json:"headers"`
	Body    Body        `json:"body"`
}

// Exchange is a request with its response.
type Exchange struct {
	Request  Request   `json:"request"`
	Response *Response `json:"response"`
	// Normalized: see Finding.Normalized.
	Normalized *Response `json:"normalized,omitempty"`
	Error      string    `json:"error,omitempty"`
	Curl       string    `json:"curl"`
}

// Failed reports whether the verdict is not Conformant.
func (r *Result) Failed() bool { return r.Verdict != Conformant }

// Duration is the length of the run.
func (r *Result) Duration() time.Duration { return time.Duration(r.DurationMS) * time.Millisecond }

// Rule returns the row of one rule.
func (r *Result) Rule(id rules.ID) RuleOutcome {
	for _, row := range r.Rules {
		if row.ID == id {
			return row
		}
	}
	return RuleOutcome{ID: id, Status: Skipped}
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

// IdentityNeeds is what reproducing a finding of a pair of requests needs.
const IdentityNeeds = "the two requests in order, under names the endpoint has not seen (the harness's re-sends add a fresh r<...>- marker after the name prefix)"

// DesyncNeeds is what reproducing a desync finding needs: its curl line
// sends both requests (ShapeSequence).
const DesyncNeeds = "both requests on one kept-alive connection, as the curl line sends them (curl --next keeps the connection)"

// HandlerLog is what an in-process handler's http.Server logged in a run.
type HandlerLog struct {
	Messages int `json:"messages"`
	// First is the first message, cut at 8 KiB.
	First string `json:"first"`
}

// LibraryLog is what net/http and the AWS SDK logged during a run.
type LibraryLog struct {
	Messages int `json:"messages"`
	// First is the first message, cut at 8 KiB.
	First string `json:"first"`
}
