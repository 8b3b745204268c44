// Package framework is what the conformance suite's spec bodies get: the
// configuration, the campaign's result and the helpers that turn a rule's
// findings into one failure with its reproduction. Spec bodies reach it
// through the *Framework they are given, never through globals.
package framework

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/onsi/ginkgo/v2/types"
	"github.com/putdestination/conformance/campaign"
	"github.com/putdestination/conformance/config"
	"github.com/putdestination/conformance/emulator"
	"github.com/putdestination/conformance/reports"
	"github.com/putdestination/conformance/rules"
	"github.com/putdestination/conformance/transport"
)

// Framework holds one conformance run.
type Framework struct {
	Config config.Config
	Result *campaign.Result
	// Endpoint is where requests went (the embedded emulator's URL when
	// Config.Endpoint is empty).
	Endpoint string
	// ReportDir is Config.ReportDir made absolute.
	ReportDir string

	labelFilter string
}

// New returns a framework with the default configuration.
func New() *Framework { return &Framework{Config: config.Default()} }

// RunCampaign validates the configuration, starts the embedded emulator
// when no endpoint is given, runs the campaign (stopping cleanly on SIGINT,
// SIGTERM, -deadline or go test's -timeout) and writes conformance.json. It
// returns an error only when the harness could not do its job; the report is
// written then too.
func (f *Framework) RunCampaign(labelFilter string) error {
	if err := f.Config.Validate(); err != nil {
		return err
	}
	dir, err := absReportDir(f.Config.ReportDir)
	if err != nil {
		return err
	}
	f.ReportDir = dir
	f.labelFilter = labelFilter
	selected, err := selectedRules(labelFilter)
	if err != nil {
		return err
	}
	if f.Config.Seed == 0 {
		f.Config.Seed = uint64(time.Now().UnixNano())
	}
	f.Endpoint = f.Config.Endpoint
	if f.Endpoint == "" {
		srv := httptest.NewServer(emulator.New())
		defer srv.Close()
		f.Endpoint = srv.URL
	}
	runner, err := f.Config.Runner(f.Endpoint)
	if err != nil {
		return err
	}
	defer runner.Client.Close()
	runner.Config.Rules = selected

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	ctx, cancel := context.WithTimeout(ctx, f.deadline())
	defer cancel()
	f.Result = runner.Run(ctx)
	redactFindings(f.Result, f.Config.Headers)

	rep := reports.New(f.Result, runner.Spec.Source, runner.Spec.Bytes, f.Reproduce())
	if err := reports.WriteJSON(f.ReportDir, rep); err != nil {
		return err
	}
	switch {
	case f.Result.Err != nil:
		err := fmt.Errorf("conformance: %v (verdict error, report %s)", f.Result.Err, filepath.Join(f.ReportDir, reports.JSONFile))
		if werr := reports.WriteErrorJUnit(f.ReportDir, err.Error()); werr != nil {
			return errors.Join(err, werr)
		}
		return err
	case f.Result.Interrupted:
		err := fmt.Errorf("conformance: interrupted after %d requests (report %s marked interrupted)", f.Result.Requests, filepath.Join(f.ReportDir, reports.JSONFile))
		if werr := reports.WriteErrorJUnit(f.ReportDir, err.Error()); werr != nil {
			return errors.Join(err, werr)
		}
		return err
	}
	return nil
}

// redactFindings readies the findings for the report, the JUnit file and
// the console, where -header values never appear:
//   - each request lists the -header headers it was sent with, as REDACTED
//     (the transport leaves them out of the request the campaign records;
//     the curl lines already carry them, redacted);
//   - the -header values an endpoint sent back (in a response body or
//     header, and so in summaries and violations) become REDACTED.
//
// The transport already redacts the request headers, curl lines and its own
// errors.
func redactFindings(res *campaign.Result, headers config.HeaderList) {
	configured := headers.Header()
	if len(configured) == 0 {
		return
	}
	var secrets []string
	for _, vs := range configured {
		for _, v := range vs {
			if len(v) < 4 { // as the transport: shorter values would scrub ordinary words
				continue
			}
			secrets = append(secrets, v)
			// "<scheme> <credentials>": the credentials alone, too.
			if _, cred, ok := strings.Cut(v, " "); ok && len(strings.TrimSpace(cred)) >= 4 {
				secrets = append(secrets, strings.TrimSpace(cred))
			}
		}
	}
	scrub := func(s string) string {
		for _, v := range secrets {
			s = strings.ReplaceAll(s, v, "REDACTED")
		}
		return s
	}
	for i := range res.Findings {
		fd := &res.Findings[i]
		fd.Summary = scrub(fd.Summary)
		for j := range fd.Violations {
			v := &fd.Violations[j]
			v.Got, v.Want, v.Reason = scrub(v.Got), scrub(v.Want), scrub(v.Reason)
		}
		for j := range fd.Exchanges {
			e := &fd.Exchanges[j]
			addRedacted(e, configured)
			e.Error = scrub(e.Error)
			if e.Response == nil {
				continue
			}
			e.Response.Body = scrub(e.Response.Body)
			for _, vs := range e.Response.Headers {
				for k := range vs {
					vs[k] = scrub(vs[k])
				}
			}
		}
	}
}

// addRedacted adds each configured header the request did not set itself
// (the request's own value is the one sent) as REDACTED.
func addRedacted(e *campaign.Exchange, configured http.Header) {
next:
	for name, vs := range configured {
		for k := range e.Headers {
			if strings.EqualFold(k, name) {
				continue next
			}
		}
		if e.Headers == nil {
			e.Headers = http.Header{}
		}
		e.Headers[name] = slices.Repeat([]string{"REDACTED"}, len(vs))
	}
}

// deadline is -deadline, shortened to end well before go test's -timeout
// panics the binary, so an interrupted run still writes its report.
func (f *Framework) deadline() time.Duration {
	d := f.Config.Deadline
	if fl := flag.Lookup("test.timeout"); fl != nil {
		if t, err := time.ParseDuration(fl.Value.String()); err == nil && t > 0 {
			margin := max(2*time.Second, t/10)
			d = min(d, t-margin)
		}
	}
	return max(d, time.Second)
}

// Reproduce is the command that reruns the same cases: the seed, the
// budget and every flag that changes what is sent (not -header values,
// which are secrets: the command says to add them back).
func (f *Framework) Reproduce() string {
	cmd := "make conformance"
	if f.Config.Endpoint != "" {
		cmd += " ENDPOINT=" + transport.RedactURL(f.Config.Endpoint)
	}
	cmd += fmt.Sprintf(" SEED=%d BUDGET=%d", f.Config.Seed, f.Config.Budget)
	var args []string
	if f.Config.NamePrefix != "" {
		args = append(args, "-name-prefix="+f.Config.NamePrefix)
	}
	if f.Config.SpecFile != "" {
		args = append(args, "-spec="+f.Config.SpecFile)
	}
	if f.labelFilter != "" {
		args = append(args, "-ginkgo.label-filter="+f.labelFilter)
	}
	if len(args) > 0 {
		cmd += " ARGS='" + strings.Join(args, " ") + "'"
	}
	if len(f.Config.Headers) > 0 {
		cmd += " (plus your -header flags)"
	}
	return cmd
}

// Headline is the one-line summary of the run for the console.
func (f *Framework) Headline() string {
	r := f.Result
	return fmt.Sprintf("conformance: %s: %d requests in %v against %s (seed %d, budget %d); report %s",
		r.Verdict(), r.Requests, r.Duration.Round(time.Millisecond), transport.RedactURL(f.Endpoint), f.Config.Seed, f.Config.Budget, filepath.Join(f.ReportDir, reports.JSONFile))
}

// WriteJUnit writes junit.xml from Ginkgo's report of the suite.
func (f *Framework) WriteJUnit(report types.Report) error {
	if f.Result == nil || f.ReportDir == "" {
		return nil
	}
	return reports.WriteGinkgoJUnit(f.ReportDir, report)
}

// Failures returns the rule's failure message: how many checks failed of
// how many, each kept finding with its curl line, and how to reproduce the
// run; "" when the rule holds.
func (f *Framework) Failures(id rules.ID) string {
	fs := f.Result.FindingsFor(id)
	if len(fs) == 0 {
		return ""
	}
	st := f.Result.Rule(id)
	out := []string{fmt.Sprintf("%s: %d of %d checks failed", id, st.Failures, st.Cases)}
	for i, fd := range fs {
		var b strings.Builder
		fmt.Fprintf(&b, "%d. %s\n   case: %s (property %s", i+1, fd.Summary, fd.Case, fd.Property)
		if fd.Shrunk {
			b.WriteString(", shrunk")
		}
		if fd.Intermittent {
			b.WriteString(", intermittent: the same case passed when sent again")
		}
		b.WriteString(")\n")
		for _, e := range fd.Exchanges {
			fmt.Fprintf(&b, "   curl: %s\n", e.Curl)
		}
		out = append(out, b.String())
	}
	out = append(out, "reproduce: "+f.Reproduce(), "report: "+filepath.Join(f.ReportDir, reports.JSONFile))
	return strings.Join(out, "\n")
}

// FindingCount is the number of findings the rule kept.
func (f *Framework) FindingCount(id rules.ID) int { return len(f.Result.FindingsFor(id)) }

// Selected reports whether the campaign judged the rule.
func (f *Framework) Selected(id rules.ID) bool { return f.Result.Rule(id).Selected }

// selectedRules reads Ginkgo's label filter: the campaign only runs what
// the selected rules need.
func selectedRules(filter string) ([]rules.ID, error) {
	if filter == "" {
		return nil, nil
	}
	match, err := types.ParseLabelFilter(filter)
	if err != nil {
		return nil, fmt.Errorf("-ginkgo.label-filter %q: %v", filter, err)
	}
	ids := []rules.ID{}
	for _, r := range rules.All {
		if match([]string{string(r.ID)}) {
			ids = append(ids, r.ID)
		}
	}
	return ids, nil
}

// absReportDir resolves a relative report directory against the module
// root: go test runs the suite from its package directory, so the caller's
// own working directory is not known.
func absReportDir(dir string) (string, error) {
	if filepath.IsAbs(dir) {
		return dir, nil
	}
	wd, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for d := wd; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return filepath.Join(d, dir), nil
		}
		if filepath.Dir(d) == d {
			return filepath.Join(wd, dir), nil
		}
	}
}
