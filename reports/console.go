package reports

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/putdestination/conformance/contract"
	"github.com/putdestination/conformance/result"
	"github.com/putdestination/conformance/rules"
)

// ConsoleOptions say how Console prints a result.
type ConsoleOptions struct {
	// Dir is the report directory Write wrote the reports into; "" when
	// none was written (curl lines too long to print are then cut).
	Dir string
	// Color turns on ANSI colours: only for a terminal (see Colors).
	Color bool
	// Replay, when set, is the command that re-sends one finding of the
	// report (report: conformance.json's path; finding: its name).
	Replay func(report, finding string) string
}

// Console prints res for a person, bounded: the headline first (verdict,
// requests, time, seed; in the aws dialect the rate in force; where each
// report file is), then one short
// block per failing rule (its first finding's summary, the case, excerpts
// of the request and response bodies, the command that reproduces it),
// then the command that reruns the run. No line is over
// result.MaxLine, whatever the bodies: long ones are in the findings
// files, and curl lines read them from there. Secrets are already
// redacted in res.
func Console(w io.Writer, res *result.Result, o ConsoleOptions) error {
	var lines []string
	lines = append(lines, o.headline(res)...)
	for _, r := range rules.All {
		if block := RuleBlock(res, r.ID, o); block != "" {
			lines = append(lines, "", block)
		}
	}
	if res.Failed() && res.Reproduce != "" {
		lines = append(lines, "", o.paint(dim, "reproduce the run: ")+result.ClipTo(res.Reproduce, result.MaxLine-40))
	}
	_, err := io.WriteString(w, strings.Join(lines, "\n")+"\n")
	return err
}

// headline is the first lines: the run, the limits it sent under (aws
// dialect), then where each report is.
func (o ConsoleOptions) headline(res *result.Result) []string {
	head := res.Headline()
	if colour := verdictColour(res.Verdict); o.Color && colour != "" {
		head = strings.Replace(head, string(res.Verdict), o.paint(colour+bold, string(res.Verdict)), 1)
	}
	lines := []string{head}
	if n := res.NormalizationLine(); n != "" {
		lines = append(lines, result.ClipTo("  "+o.paint(dim, fmt.Sprintf("%-7s", "parity:"))+" with the "+res.Spec.Source+"; "+n, result.MaxLine))
	}
	if a := res.AWS; a != nil {
		if a.Region != "" {
			lines = append(lines, result.ClipTo("  "+o.paint(dim, fmt.Sprintf("%-7s", "region:"))+" "+regionsSigned(a), result.MaxLine))
		}
		lines = append(lines, result.ClipTo("  "+o.paint(dim, fmt.Sprintf("%-7s", "rate:"))+" "+rateInForce(a), result.MaxLine))
	}
	if o.Dir == "" {
		return append(lines, "  no report written (-report-dir is empty)")
	}
	files := []struct{ label, path string }{
		{"html:", filepath.Join(o.Dir, HTMLFile)}, {"json:", filepath.Join(o.Dir, JSONFile)},
		{"junit:", filepath.Join(o.Dir, JUnitFile)}, {"md:", filepath.Join(o.Dir, MarkdownFile)},
	}
	if len(res.Findings) > 0 {
		files = append(files, struct{ label, path string }{"bodies:", filepath.Join(o.Dir, FindingsDir) + string(filepath.Separator) + " (each finding's request body and response)"})
	}
	for _, f := range files {
		lines = append(lines, result.ClipTo("  "+o.paint(dim, fmt.Sprintf("%-7s", f.label))+" "+f.path, result.MaxLine))
	}
	return lines
}

// regionsSigned says which regions an aws-dialect run signed for.
func regionsSigned(a *result.AWSRun) string {
	if a.SecondRegion == "" {
		return a.Region + " (-region)"
	}
	return a.Region + ", and " + a.SecondRegion + " for the names it signs for a second region (-region, -second-region)"
}

// rateInForce says the limits an aws-dialect run sent under: its rate
// and its cap on requests, each or both none.
func rateInForce(a *result.AWSRun) string {
	rate := "unlimited (0)"
	if a.Rate > 0 {
		rate = strconv.FormatFloat(a.Rate, 'g', -1, 64) + " requests/s"
	}
	limit := "no cap on requests"
	if a.MaxRequests > 0 {
		limit = fmt.Sprintf("at most %d requests", a.MaxRequests)
	}
	return rate + ", " + limit + " (-rate, -max-requests)"
}

// RuleBlock is the console block of one rule, "" when it holds: how many
// of its checks failed, then its first finding (summary, case, body
// excerpts, reproduction), then how to see the others. The suite's spec
// for the rule fails with it.
func RuleBlock(res *result.Result, id rules.ID, o ConsoleOptions) string {
	fs := res.FindingsFor(id)
	if len(fs) == 0 {
		return ""
	}
	r, _ := rules.Lookup(id)
	row := res.Rule(id)
	f := fs[0]
	name := fmt.Sprintf("%s-1", id)
	var files FindingFiles
	for _, x := range Files(res) {
		if x.Name == name {
			files = x
		}
	}
	repro := reproIn(res, f, files, o.Dir != "")
	clip := func(s string) string { return result.ClipTo(s, result.MaxLine-40) }
	label := func(l string) string { return "  " + o.paint(dim, fmt.Sprintf("%-11s", l)) + " " }
	lines := []string{
		clip(o.paint(red+bold, "FAIL") + " " + fmt.Sprintf("%s: %d of %d checks failed: %s", id, row.Failures, row.Cases, r.Title)),
		clip("  " + f.Summary),
	}
	caseLine := fmt.Sprintf("%s (property %s", f.Case, f.Property)
	for _, n := range f.Notes() {
		caseLine += ", " + n
	}
	lines = append(lines, clip(label("case:")+caseLine+")"))
	lines = append(lines, clip(label("cause:")+causeLine(f)))
	if x := f.Reference; x != nil {
		lines = append(lines, clip(label("request:")+requestExcerpt(f.Request)))
		lines = append(lines, clip(label("reference:")+responseExcerpt(x.Response, x.Error)))
		lines = append(lines, clip(label("endpoint:")+responseExcerpt(f.Response, f.Error)))
	} else if f.Previous != nil {
		lines = append(lines, clip(label("request 1:")+requestExcerpt(f.Previous.Request)))
		lines = append(lines, clip(label("response 1:")+responseExcerpt(f.Previous.Response, f.Previous.Error)))
		lines = append(lines, clip(label("request 2:")+requestExcerpt(f.Request)))
		lines = append(lines, clip(label("response 2:")+responseExcerpt(f.Response, f.Error)))
	} else {
		lines = append(lines, clip(label("request:")+requestExcerpt(f.Request)))
		lines = append(lines, clip(label("response:")+responseExcerpt(f.Response, f.Error)))
	}
	if repro.First != "" {
		lines = append(lines, clip(label("reproduce:")+inDir(repro.First, o.Dir, repro.FromDir)))
		lines = append(lines, clip(label("then:")+inDir(repro.Curl, o.Dir, repro.FromDir)))
	} else {
		lines = append(lines, clip(label("reproduce:")+inDir(repro.Curl, o.Dir, repro.FromDir)))
	}
	if repro.Rerun {
		lines = append(lines, clip(label("")+"(the run's rerun: no URL reaches a handler in process)"))
	}
	if f.Needs != "" {
		lines = append(lines, clip(label("needs:")+f.Needs))
	}
	report := filepath.Join(o.Dir, JSONFile)
	if o.Replay != nil && o.Dir != "" {
		lines = append(lines, clip(label("replay:")+o.Replay(report, name)))
	}
	if more := len(fs) - 1; more > 0 {
		where := "conformance.json"
		if o.Dir != "" {
			where = filepath.Join(o.Dir, HTMLFile)
		}
		noun := "causes"
		if more == 1 {
			noun = "cause"
		}
		lines = append(lines, clip(fmt.Sprintf("  and %d more %s of this rule: %s", more, noun, where)))
	}
	return strings.Join(lines, "\n")
}

// causeLine is a finding's cause and how many of the run's findings had it.
func causeLine(f result.Finding) string {
	noun := "findings"
	if f.Count == 1 {
		noun = "finding"
	}
	return fmt.Sprintf("%s (%d %s)", f.Signature, f.Count, noun)
}

// requestExcerpt is a request in one short line: method and body excerpt.
func requestExcerpt(r result.Request) string {
	return fmt.Sprintf("%s %s", r.Method, contract.Excerpt([]byte(r.Body), 200))
}

// responseExcerpt is a response in one short line: status, media type and
// body excerpt, or the failure when none came back.
func responseExcerpt(r *result.Response, failure string) string {
	return result.AnswerLine(r, failure)
}

// ANSI styles.
const (
	bold  = "\x1b[1m"
	dim   = "\x1b[2m"
	red   = "\x1b[31m"
	green = "\x1b[32m"
	amber = "\x1b[33m"
	reset = "\x1b[0m"
)

func verdictColour(v result.Verdict) string {
	switch v {
	case result.Conformant:
		return green
	case result.NonConformant:
		return red
	case result.Error:
		return amber
	}
	return ""
}

// paint wraps s in a style when colours are on.
func (o ConsoleOptions) paint(style, s string) string {
	if !o.Color {
		return s
	}
	return style + s + reset
}

// IsTerminal reports whether f is a terminal: a character device other
// than /dev/null.
func IsTerminal(f *os.File) bool {
	fi, err := f.Stat()
	if err != nil || fi.Mode()&os.ModeCharDevice == 0 {
		return false
	}
	if null, err := os.Stat(os.DevNull); err == nil && os.SameFile(fi, null) {
		return false
	}
	return true
}

// Colors reports whether output to f gets colours: f is a terminal,
// NO_COLOR (no-color.org) is unset or empty, and TERM is not "dumb".
func Colors(f *os.File) bool {
	return IsTerminal(f) && os.Getenv("NO_COLOR") == "" && os.Getenv("TERM") != "dumb"
}
