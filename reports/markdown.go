package reports

import (
	"fmt"
	"strings"

	"github.com/putdestination/conformance/result"

	"github.com/putdestination/conformance/internal/reportfile"
	"github.com/putdestination/conformance/rules"
)

// mdMarker is in every conformance.md the harness wrote.
var mdMarker = []byte("<!-- putdestination-conformance: conformance.md -->")

// Markdown is the short summary of res, ready for $GITHUB_STEP_SUMMARY:
// the verdict, a table of the rules, and for each failing rule its first
// finding with the curl line that reproduces it (run in the report
// directory when it reads a body file), then where the full reports are.
// No line is over result.MaxLine.
func Markdown(res *result.Result) string {
	var b strings.Builder
	line := func(format string, args ...any) {
		b.WriteString(result.Clip(fmt.Sprintf(format, args...)))
		b.WriteString("\n")
	}
	b.WriteString(string(mdMarker) + "\n")
	line("## %s PutDestination conformance: %s", verdictIcon(res.Verdict), res.Verdict)
	line("")
	failing, checked := 0, 0
	var skipped []string
	for _, r := range res.Rules {
		switch r.Status {
		case "fail":
			failing++
		case "skipped":
			skipped = append(skipped, "`"+string(r.ID)+"`")
			continue
		}
		checked++
	}
	seed := fmt.Sprintf("seed `%d`", res.Seed)
	switch {
	case len(res.Shards) > 0 && res.Shards[0].Slice != nil:
		seed = fmt.Sprintf("merged from %d runs, the slices of one campaign (%s)", len(res.Shards), seedList(res))
	case len(res.Shards) > 0:
		seed = fmt.Sprintf("merged from %d runs (%s)", len(res.Shards), seedList(res))
	case res.Sharding != nil:
		seed += fmt.Sprintf(" · slice %s", res.Sharding.Slice)
	}
	line("**%d of %d rules checked fail** · %d requests in %v · %s · budget %d · endpoint %s",
		failing, checked, res.Requests, res.Duration(), seed, res.Budget, codeSpan(res.Endpoint))
	if res.Error != "" {
		line("")
		line("**The harness could not judge the endpoint:** %s", codeSpan(res.Error))
	}
	if res.Interrupted {
		line("")
		line("**Interrupted** after %d requests: what was not reached is not proven.", res.Requests)
	}
	if res.Stopped != "" {
		line("")
		line("**Stopped early:** %s.", tableText(res.Stopped))
	}
	line("")
	line("| rule | status | checks failed | what a failure means |")
	line("| --- | --- | --- | --- |")
	for _, r := range res.Rules {
		if r.Status != "skipped" {
			line("| `%s` | %s %s | %d of %d | %s |", r.ID, statusIcon(r.Status), r.Status, r.Failures, r.Cases, tableText(r.Title))
		}
	}
	if len(skipped) > 0 {
		line("")
		line("Not checked in this run: %s.", strings.Join(skipped, ", "))
	}
	if len(res.Normalization) > 0 {
		line("")
		line("Parity with the %s, answers compared after this normalization table (the last rule matching a member applies):", tableText(res.Spec.Source))
		line("")
		line("| pointer | treat | why |")
		line("| --- | --- | --- |")
		for _, n := range res.Normalization {
			line("| %s | `%s` | %s |", codeSpan(n.Pointer), n.Treat, tableText(n.Why))
		}
	}
	files := Files(res)
	fromDir := false
	for _, r := range rules.All {
		fs := res.FindingsFor(r.ID)
		if len(fs) == 0 {
			continue
		}
		f := fs[0]
		var fl FindingFiles
		for i, x := range res.Findings {
			if x.Rule == r.ID {
				fl = files[i]
				break
			}
		}
		repro := reproIn(res, f, fl, true)
		fromDir = fromDir || repro.FromDir
		line("")
		line("### %s `%s`: %s", statusIcon("fail"), r.ID, tableText(r.Title))
		line("")
		notes := ""
		if n := f.Notes(); len(n) > 0 {
			notes = ", " + strings.Join(n, ", ")
		}
		line("%d of %d checks failed. First finding (`%s`, case: %s, property `%s`%s):", res.Rule(r.ID).Failures, res.Rule(r.ID).Cases,
			fl.Name, tableText(f.Case), f.Property, notes)
		line("")
		text := []string{result.ClipTo(f.Summary, 600), "cause: " + result.ClipTo(causeLine(f), 400)}
		if x := f.Reference; x != nil {
			text = append(text, "reference: "+result.ClipTo(result.AnswerLine(x.Response, x.Error), 400),
				"endpoint:  "+result.ClipTo(result.AnswerLine(f.Response, f.Error), 400))
		}
		fence(&b, "text", text...)
		line("")
		cmds := []string{repro.Curl}
		if repro.First != "" {
			cmds = []string{repro.First, repro.Curl}
		}
		if repro.Rerun {
			line("To reproduce it, rerun the run (no URL reaches a handler in process): %s", codeSpan(repro.Curl))
		} else {
			fence(&b, "sh", cmds...)
		}
		if f.Needs != "" {
			line("")
			line("Reproducing it needs %s.", tableText(f.Needs))
		}
		if len(fs) > 1 {
			line("")
			line("%d more causes of this rule in `conformance.html`.", len(fs)-1)
		}
	}
	line("")
	line("---")
	if res.Reproduce != "" {
		line("Reproduce the run: %s", codeSpan(res.Reproduce))
		line("")
	}
	full := "Full report: `conformance.html` (open it in a browser), `conformance.json`, `junit.xml`"
	if len(res.Findings) > 0 {
		full += ", and each finding's request and response under `findings/`"
	}
	line("%s.", full)
	if fromDir {
		line("")
		line("Curl lines that read `@findings/…` run in the report directory.")
	}
	return b.String()
}

// WriteMarkdown writes conformance.md for res into dir.
func WriteMarkdown(dir string, res *result.Result) error {
	return reportfile.Write(dir, MarkdownFile, []byte(Markdown(res)), mdMarker)
}

// fence writes lines as a fenced code block, its fence longer than any
// run of backticks in them.
func fence(b *strings.Builder, lang string, lines ...string) {
	longest := 0
	for _, l := range lines {
		run := 0
		for _, c := range l {
			if c == '`' {
				run++
				longest = max(longest, run)
			} else {
				run = 0
			}
		}
	}
	f := strings.Repeat("`", max(3, longest+1))
	b.WriteString(f + lang + "\n")
	for _, l := range lines {
		b.WriteString(result.Clip(l) + "\n")
	}
	b.WriteString(f + "\n")
}

// codeSpan is s as inline code, whatever backticks it holds.
func codeSpan(s string) string {
	s = result.ClipTo(s, 800)
	longest, run := 0, 0
	for _, c := range s {
		if c == '`' {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	ticks := strings.Repeat("`", longest+1)
	if longest > 0 {
		return ticks + " " + s + " " + ticks
	}
	return ticks + s + ticks
}

// tableText is s safe in a table cell and in running text: no line
// breaks, pipes escaped, markup characters escaped.
func tableText(s string) string {
	s = result.ClipTo(s, 400)
	r := strings.NewReplacer("|", `\|`, "\\", `\\`, "*", `\*`, "_", `\_`, "`", "\\`", "<", "&lt;", ">", "&gt;", "[", `\[`, "]", `\]`)
	return r.Replace(s)
}

func verdictIcon(v result.Verdict) string {
	switch v {
	case result.Conformant:
		return "✅"
	case result.NonConformant:
		return "❌"
	}
	return "⚠️"
}

func statusIcon(s result.Status) string {
	switch s {
	case result.Pass:
		return "✅"
	case result.Fail:
		return "❌"
	}
	return "➖"
}

// seedList is the distinct seeds of a merged report's runs.
func seedList(res *result.Result) string {
	var out []string
	seen := map[uint64]bool{}
	for _, s := range res.Shards {
		if !seen[s.Seed] {
			seen[s.Seed] = true
			out = append(out, fmt.Sprintf("seed `%d`", s.Seed))
		}
	}
	return strings.Join(out, ", ")
}
