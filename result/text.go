package result

import (
	"fmt"
	"strings"

	"github.com/putdestination/conformance/contract"
	"github.com/putdestination/conformance/internal/oneline"
	"github.com/putdestination/conformance/rules"
)

// MaxLine is the longest line the harness prints or puts in a JUnit
// message (oneline.MaxLine): longer text is cut there, and the whole of it
// is in conformance.json (and, with a report directory, in files of its
// own).
const MaxLine = oneline.MaxLine

// Clip cuts s to at most MaxLine bytes on one line, saying how much it left
// out (oneline.Clip).
func Clip(s string) string { return oneline.Clip(s) }

// ClipTo cuts s to at most n bytes (n at least 100) on one line, saying how
// much it left out (oneline.ClipTo).
func ClipTo(s string, n int) string { return oneline.ClipTo(s, n) }

// Headline is the run in one line: verdict, requests, time, seed (the
// seeds of every run, for a merged report whose runs had different ones;
// the slice, for a run of one slice of a campaign), and why it stopped
// early when it did.
func (r *Result) Headline() string {
	seed := fmt.Sprintf("seed %d", r.Seed)
	switch {
	case len(r.Shards) > 0 && r.Shards[0].Slice != nil:
		seed = fmt.Sprintf("merged from %d runs, the slices of one campaign, %s", len(r.Shards), r.shardSeeds())
	case len(r.Shards) > 0:
		seed = fmt.Sprintf("merged from %d runs, %s", len(r.Shards), r.shardSeeds())
	case r.Sharding != nil:
		seed += fmt.Sprintf(", slice %s", r.Sharding.Slice)
	}
	s := fmt.Sprintf("conformance: %s: %d requests in %v against %s (%s, budget %d)",
		r.Verdict, r.Requests, r.Duration(), r.Endpoint, seed, r.Budget)
	if r.Error != "" {
		s += ": " + r.Error
	}
	if r.Interrupted {
		s += " (interrupted)"
	}
	if r.Stopped != "" {
		s += " (stopped early: " + r.Stopped + ")"
	}
	if r.AWS != nil && len(r.AWS.Cleanup.Leftovers) > 0 {
		s += fmt.Sprintf("; %d destinations left behind, each with the command that deletes it in aws.cleanup.leftovers", len(r.AWS.Cleanup.Leftovers))
	}
	if l := r.HandlerLog; l != nil {
		s += fmt.Sprintf("; the handler's http.Server logged %d messages (a panic is one), the first in handler_log", l.Messages)
	}
	if l := r.LibraryLog; l != nil {
		s += fmt.Sprintf("; net/http or the AWS SDK logged %d messages, the first in library_log", l.Messages)
	}
	return Clip(s)
}

// HandlerLogText is the first message an in-process handler's http.Server
// logged (a panic with its stack), each line clipped, under a line that
// says how many came; "" when none did.
func (r *Result) HandlerLogText() string {
	l := r.HandlerLog
	if l == nil {
		return ""
	}
	lines := strings.Split(l.First, "\n")
	for i, line := range lines {
		lines[i] = Clip(line)
	}
	return fmt.Sprintf("The handler's http.Server logged %d messages; the first:\n%s", l.Messages, strings.Join(lines, "\n"))
}

// shardSeeds says which seeds the runs of a merged report had.
func (r *Result) shardSeeds() string {
	var seeds []string
	seen := map[uint64]bool{}
	for _, sh := range r.Shards {
		if !seen[sh.Seed] {
			seen[sh.Seed] = true
			seeds = append(seeds, fmt.Sprint(sh.Seed))
		}
	}
	if len(seeds) == 1 {
		return "seed " + seeds[0]
	}
	return "seeds " + strings.Join(seeds, ", ")
}

// CurlLines gives the reproduction lines of the n-th finding (from 1) of
// its rule as a report prints them: first is the first request of a pair
// ("" when there is none, or when the finding's own line sends both), curl
// the finding's own ("" when no curl line reaches the endpoint: a handler
// in process). See ExplainWith.
type CurlLines func(f Finding, n int) (first, curl string)

// Explain is the failure text of one rule, for a person: how many checks
// failed, each kept finding subject first (rule, pointer, got, want) with
// its case and reproduction, and the command that reruns the run; "" when
// the rule holds. No line is over MaxLine: a curl line too long for one is
// cut (package reports gives lines that read long bodies from files).
func (r *Result) Explain(id rules.ID) string { return r.ExplainWith(id, nil) }

// ExplainWith is Explain with the curl lines curl gives (nil: each
// finding's own, cut at MaxLine).
func (r *Result) ExplainWith(id rules.ID, curl CurlLines) string {
	fs := r.FindingsFor(id)
	if len(fs) == 0 {
		return ""
	}
	if curl == nil {
		curl = OwnCurl
	}
	row := r.Rule(id)
	lines := []string{fmt.Sprintf("%s: %d of %d checks failed", id, row.Failures, row.Cases)}
	noCurl := false
	for i, f := range fs {
		first, line := curl(f, i+1)
		noCurl = noCurl || line == ""
		lines = append(lines, f.lines(i+1, first, line)...)
	}
	if noCurl {
		lines = append(lines, "no curl line: no URL reaches a handler in process; the command below reruns the same cases")
	}
	lines = append(lines, Clip("reproduce the run: "+r.Reproduce))
	return strings.Join(lines, "\n")
}

// OwnCurl is the finding's own curl lines, as conformance.json has them.
func OwnCurl(f Finding, _ int) (first, curl string) {
	if f.Previous != nil && !f.SendsBoth() {
		first = f.Previous.Curl
	}
	return first, f.Curl
}

// SendsBoth reports whether the finding's curl line sends both requests of
// its pair on one connection (an HTTP desync).
func (f Finding) SendsBoth() bool { return f.Replay.Shape == ShapeSequence }

// Notes are the short remarks on a finding: shrunk, intermittent.
func (f Finding) Notes() []string {
	var notes []string
	if f.Shrunk {
		notes = append(notes, "shrunk")
	}
	if f.Intermittent {
		notes = append(notes, "intermittent: the same case passed when sent again")
	}
	return notes
}

// lines is one finding for a person, numbered n, with its curl lines.
func (f Finding) lines(n int, first, curl string) []string {
	caseLine := fmt.Sprintf("   case: %s (property %s, case seed %d", f.Case, f.Property, f.CaseSeed)
	for _, n := range f.Notes() {
		caseLine += ", " + n
	}
	out := []string{Clip(fmt.Sprintf("%d. %s", n, f.Summary)), Clip(caseLine + ")")}
	for _, v := range f.Violations[min(1, len(f.Violations)):] {
		out = append(out, Clip("   also: "+v.String()))
	}
	if x := f.Reference; x != nil {
		out = append(out, Clip("   reference: "+AnswerLine(x.Response, x.Error)))
		out = append(out, Clip("   endpoint:  "+AnswerLine(f.Response, f.Error)))
	}
	if first != "" {
		out = append(out, Clip("   first: "+first))
	}
	if curl != "" {
		out = append(out, Clip("   curl: "+curl))
	}
	if f.Needs != "" {
		out = append(out, Clip("   needs: "+f.Needs))
	}
	return out
}

// AnswerLine is a response in one short line: status, media type and an
// excerpt of the body, or the transport's failure when none came back.
func AnswerLine(r *Response, failure string) string {
	if r == nil {
		return "no response: " + failure
	}
	ct := ""
	if v := r.Headers["Content-Type"]; len(v) > 0 {
		ct = " " + v[0]
	}
	s := fmt.Sprintf("%d%s %s", r.Status, ct, contract.Excerpt([]byte(r.Body), 200))
	if failure != "" {
		s += " (" + failure + ")"
	}
	return s
}

// NormalizationLine is a parity check's normalization table in one line
// (pointer and treatment of each rule, in order); "" for any other run.
func (r *Result) NormalizationLine() string {
	if len(r.Normalization) == 0 {
		return ""
	}
	parts := make([]string, len(r.Normalization))
	for i, n := range r.Normalization {
		parts[i] = n.Pointer + " " + n.Treat
	}
	return Clip("normalized: " + strings.Join(parts, ", "))
}

// OneLine keeps an error's message on one line (see oneline.Error).
func OneLine(err error) error { return oneline.Error(err) }
