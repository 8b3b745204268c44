package conformance

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/putdestination/conformance/rules"
)

// MaxLine is the longest line the harness prints or puts in a JUnit
// message: longer text (a body, a curl line with a big body) is cut there,
// and the whole of it is in conformance.json (and, with a report directory,
// in files of its own).
const MaxLine = 1000

// Clip cuts s to at most MaxLine bytes on one line, saying how much it left
// out.
func Clip(s string) string {
	s = strings.ReplaceAll(strings.ReplaceAll(s, "\r", `\r`), "\n", `\n`)
	if len(s) <= MaxLine {
		return s
	}
	note := fmt.Sprintf("…(%d bytes in all; see conformance.json)", len(s))
	cut := MaxLine - len(note)
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + note
}

// Headline is the run in one line: verdict, requests, time, seed.
func (r *Result) Headline() string {
	s := fmt.Sprintf("conformance: %s: %d requests in %v against %s (seed %d, budget %d)",
		r.Verdict, r.Requests, r.Duration(), r.Endpoint, r.Seed, r.Budget)
	if r.Error != "" {
		s += ": " + r.Error
	}
	if r.Interrupted {
		s += " (interrupted)"
	}
	return Clip(s)
}

// Explain is the failure text of one rule, for a person: how many checks
// failed, each kept finding subject first (rule, pointer, got, want) with
// its case and reproduction, and the command that reruns the run; "" when
// the rule holds. No line is over MaxLine.
func (r *Result) Explain(id rules.ID) string {
	fs := r.FindingsFor(id)
	if len(fs) == 0 {
		return ""
	}
	row := r.Rule(id)
	lines := []string{fmt.Sprintf("%s: %d of %d checks failed", id, row.Failures, row.Cases)}
	for i, f := range fs {
		lines = append(lines, f.lines(i+1)...)
	}
	lines = append(lines, Clip("reproduce the run: "+r.Reproduce))
	return strings.Join(lines, "\n")
}

// lines is one finding for a person, numbered n.
func (f Finding) lines(n int) []string {
	var notes []string
	if f.Shrunk {
		notes = append(notes, "shrunk")
	}
	if f.Intermittent {
		notes = append(notes, "intermittent: the same case passed when sent again")
	}
	caseLine := fmt.Sprintf("   case: %s (property %s, case seed %d", f.Case, f.Property, f.CaseSeed)
	for _, n := range notes {
		caseLine += ", " + n
	}
	out := []string{Clip(fmt.Sprintf("%d. %s", n, f.Summary)), Clip(caseLine + ")")}
	for _, v := range f.Violations[min(1, len(f.Violations)):] {
		out = append(out, Clip("   also: "+v.String()))
	}
	if f.Previous != nil && f.Needs != desyncNeeds { // a desync's curl sends both
		out = append(out, Clip("   first: "+f.Previous.Curl))
	}
	out = append(out, Clip("   curl: "+f.Curl))
	if f.Needs != "" {
		out = append(out, Clip("   needs: "+f.Needs))
	}
	return out
}
