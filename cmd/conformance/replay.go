package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/putdestination/conformance"
	"github.com/putdestination/conformance/contract"
	"github.com/putdestination/conformance/reports"
	"github.com/putdestination/conformance/result"
	"github.com/putdestination/conformance/rules"
)

const replayUsage = "usage: conformance replay REPORT FINDING [-endpoint URL] [-header 'Name: value'] ...  (REPORT: a conformance.json or its directory; FINDING: its number, a rule id for the rule's first, or rule-N; exit 0 fixed, 1 still fails, intermittent or not judged, 2 usage or refused)"

// runReplay sends one finding of a report again (campaign.Replay) and
// prints what came of it.
func runReplay(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := subFlags("replay")
	def := conformance.DefaultConfig()
	var (
		endpoint, specFile, caFile, prefix string
		headers                            conformance.HeaderList
		timeout                            time.Duration
		maxBody                            = def.MaxBody
		insecure                           bool
		sends                              = 3
	)
	fs.StringVar(&endpoint, "endpoint", "", "send to this URL instead of the report's (required for a run made in process)")
	fs.Var(&headers, "header", "extra request header 'Name: value', repeatable (the report has REDACTED in place of secrets: give them again); values are never printed")
	fs.DurationVar(&timeout, "request-timeout", 0, "timeout of one exchange (default: the run's, recorded in the report)")
	fs.Int64Var(&maxBody, "max-body", maxBody, "response body cap in bytes")
	fs.StringVar(&caFile, "ca-file", "", "PEM file of CA certificates trusted for https endpoints, besides the system roots")
	fs.BoolVar(&insecure, "insecure", false, "skip TLS certificate verification (explicit opt-in)")
	fs.StringVar(&specFile, "spec", "", "OpenAPI file to judge with (default: the report's, embedded or its file)")
	fs.StringVar(&prefix, "name-prefix", "", "pairs and bursts: the name prefix kept in front of the fresh names (default: the run's, recorded in the report)")
	fs.IntVar(&sends, "sends", sends, "how many times the finding is sent: fixed only when every send holds its rule")
	pos, err := parseInterspersed(fs, args)
	switch {
	case errors.Is(err, flag.ErrHelp):
		return help(fs, replayUsage, stdout)
	case err != nil:
		return usageError(stderr, err, replayUsage)
	case len(pos) != 2:
		return usageError(stderr, fmt.Errorf("replay takes a report and a finding, got %d arguments", len(pos)), replayUsage)
	}
	cfg := def
	cfg.Headers, cfg.CAFile, cfg.Insecure, cfg.MaxBody = headers, caFile, insecure, maxBody
	if timeout != 0 {
		cfg.RequestTimeout = timeout
	}
	if err := cfg.Validate(); err != nil {
		return failed(stderr, err)
	}
	if err := replayFlags(endpoint, sends); err != nil {
		return failed(stderr, err)
	}
	res, err := result.Load(pos[0])
	if err != nil {
		return failed(stderr, err)
	}
	if res.Dialect == rules.AWS {
		// Replay would send its requests unsigned, judge AWS answers as
		// envelopes and leave behind what a put created: refused before
		// any request.
		return failed(stderr, errors.New("replay: the report is of a run in the aws dialect, which replay does not speak (signing, the answers' normalization, cleanup): rerun the run instead: "+res.Reproduce))
	}
	i, err := pickFinding(res, pos[1])
	if err != nil {
		return failed(stderr, err)
	}
	f := res.Findings[i]
	cfg.SpecFile = replaySpec(res, specFile)
	cfg.RequestTimeout, cfg.NamePrefix, cfg.ReplaySends = timeout, prefix, sends
	var target conformance.Target
	shown := conformance.URL(f.Request.URL).String()
	if endpoint != "" {
		target = conformance.URL(endpoint)
		shown = target.String()
	}
	out, err := conformance.Replay(ctx, target, f, conformance.WithConfig(cfg))
	if err != nil {
		return failed(stderr, err)
	}
	head := fmt.Sprintf("replay %s (finding %d of %d in %s) against %s: ", reports.Files(res)[i].Name, i+1, len(res.Findings), pos[0], shown)
	lines := replayLines(head, f, out)
	if out.Spec.SHA256 != res.Spec.SHA256 {
		lines = append(lines, "  note: judged with "+out.Spec.Source+", not the spec the run checked ("+res.Spec.Source+")")
	}
	for _, l := range lines {
		fmt.Fprintln(stdout, result.Clip(l))
	}
	if out.Outcome == result.ReplayFixed {
		return 0
	}
	return 1
}

// failed prints err as one line and returns 2: replay sent nothing.
func failed(stderr io.Writer, err error) int {
	fmt.Fprintln(stderr, result.Clip("conformance: "+result.OneLine(err).Error()))
	return 2
}

// replayFlags refuses flag values replay cannot use.
func replayFlags(endpoint string, sends int) error {
	if endpoint != "" {
		if u, err := url.Parse(endpoint); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return fmt.Errorf("replay: -endpoint %q: want an http:// or https:// URL", endpoint)
		}
	}
	if sends < 1 {
		return fmt.Errorf("replay: -sends %d: want at least 1", sends)
	}
	return nil
}

// replayLines say what came of a replay: the outcome, the violations of
// the send shown (the first that broke the rule, else the first), what it
// sent and what came back.
func replayLines(head string, f result.Finding, out *result.Replayed) []string {
	broke := 0
	shown := 0
	for i, s := range out.Sends {
		if len(s.Violations) > 0 {
			if broke == 0 {
				shown = i
			}
			broke++
		}
	}
	var lines []string
	switch out.Outcome {
	case result.ReplayFixed:
		lines = append(lines, head+fmt.Sprintf("fixed: %s holds now (in %d of %d sends)", f.Rule, len(out.Sends), len(out.Sends)))
	case result.ReplayStillFails:
		lines = append(lines, head+fmt.Sprintf("still fails (%s broken in %d of %d sends)", f.Rule, broke, len(out.Sends)))
	case result.ReplayIntermittent:
		lines = append(lines, head+fmt.Sprintf("intermittent: %s broken in %d of %d sends, held in the others", f.Rule, broke, len(out.Sends)))
	default:
		lines = append(lines, head+"not judged: "+out.Why)
		shown = len(out.Sends) - 1
	}
	if len(out.Sends) == 0 {
		return lines
	}
	s := out.Sends[shown]
	for _, v := range s.Violations {
		lines = append(lines, "  "+v.String())
	}
	for _, v := range s.Others {
		lines = append(lines, "  also: "+v.String())
	}
	for n, x := range s.Exchanges {
		lines = append(lines, exchangeLines(fmt.Sprintf("send %d, request %d", shown+1, n+1), x)...)
	}
	if out.RecordedNames {
		lines = append(lines, "  note: sent under the names the run used (no fresh name fits): the endpoint has seen them")
	}
	return lines
}

// exchangeLines are what was sent and what came back, one line each.
func exchangeLines(label string, x result.Exchange) []string {
	got := "no response: " + x.Error
	if r := x.Response; r != nil {
		got = fmt.Sprintf("%d %s %s", r.Status, r.Headers.Get("Content-Type"), contract.Excerpt(r.Body, 300))
		if x.Error != "" {
			got += " (" + x.Error + ")"
		}
	}
	return []string{
		fmt.Sprintf("  %s: %s %s", label, x.Request.Method, contract.Excerpt(x.Request.Body, 300)),
		"    got: " + got,
	}
}

// pickFinding finds a finding by its number (from 1), by rule id (its
// first) or by name (rule-N, as findings/ and conformance.html name it).
func pickFinding(res *result.Result, sel string) (int, error) {
	if len(res.Findings) == 0 {
		return 0, fmt.Errorf("replay: the report has no finding (verdict %s)", res.Verdict)
	}
	if n, err := strconv.Atoi(sel); err == nil {
		if n < 1 || n > len(res.Findings) {
			return 0, fmt.Errorf("replay: finding %d: the report has findings 1 to %d", n, len(res.Findings))
		}
		return n - 1, nil
	}
	var names []string
	for i, fl := range reports.Files(res) {
		if fl.Name == sel || string(res.Findings[i].Rule) == sel && strings.HasSuffix(fl.Name, "-1") {
			return i, nil
		}
		names = append(names, fl.Name)
	}
	return 0, fmt.Errorf("replay: no finding %q in the report (its findings: 1 to %d, or %s)", sel, len(res.Findings), result.ClipTo(strings.Join(names, ", "), 400))
}

// replaySpec is the spec file to judge with: -spec, else the report's when
// it names a file that is still there ("": the embedded spec).
func replaySpec(res *result.Result, file string) string {
	if file != "" {
		return file
	}
	if src := res.Spec.Source; src != "" && !strings.HasPrefix(src, "embedded:") {
		if fi, err := os.Stat(src); err == nil && fi.Mode().IsRegular() {
			return src
		}
	}
	return ""
}
