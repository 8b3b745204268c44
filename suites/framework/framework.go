// Package framework is what the conformance suite's spec bodies get: the
// configuration, the run's result and the helpers that turn a rule's
// findings into one failure with its reproduction. Spec bodies reach it
// through the *Framework they are given, never through globals. The run
// itself goes through the front door, conformance.Check.
package framework

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/putdestination/conformance/emulator"
	"github.com/putdestination/conformance/internal/shell"
	"github.com/putdestination/conformance/result"

	"github.com/onsi/ginkgo/v2/types"
	"github.com/putdestination/conformance"
	"github.com/putdestination/conformance/reports"
	"github.com/putdestination/conformance/rules"
)

// Framework holds one conformance run.
type Framework struct {
	Config conformance.Config
	// Endpoint is the URL to test; empty: the embedded reference emulator,
	// exercised in process.
	Endpoint string
	Result   *result.Result
	// ReportDir is Config.ReportDir made absolute.
	ReportDir string
	// Progress is how the run shows its progress on stderr (-progress).
	Progress reports.ProgressMode
}

// New returns a framework with the default configuration; reports go to
// reports/out, reruns read "make conformance ..." and replays the command
// `make replay` runs, both from the checkout's root, where make runs; what
// net/http logs during the run goes to the result, not among the console's
// lines.
func New() *Framework {
	cfg := conformance.DefaultConfig()
	cfg.ReportDir = "reports/out"
	cfg.Rerun = "make conformance"
	cfg.Replay = replayPrefix
	cfg.CaptureLog = true
	return &Framework{Config: cfg, Progress: reports.ProgressAuto}
}

// replayPrefix is what `make replay` runs: the conformance command from
// the checkout, which re-sends one finding of a report.
const replayPrefix = "go run ./cmd/conformance replay"

// Register binds -endpoint and the configuration's flags (the CLI's own)
// to fs.
func (f *Framework) Register(fs *flag.FlagSet) {
	fs.StringVar(&f.Endpoint, "endpoint", f.Endpoint, "URL of the PutDestination endpoint (empty: the embedded reference emulator, in process)")
	f.Config.RegisterFlags(fs)
	fs.Var(&f.Progress, "progress", reports.ProgressUsage)
}

// Target is the run's target: the endpoint, or the embedded emulator
// speaking the configured dialect.
func (f *Framework) Target() conformance.Target {
	if f.Endpoint == "" {
		return conformance.Handler(emulator.ForDialect(f.Config.Dialect))
	}
	return conformance.URL(f.Endpoint)
}

// RunCampaign resolves the configuration (relative paths, the label
// filter's rules), runs the campaign through conformance.Check (stopping
// cleanly on SIGINT, SIGTERM, -deadline or go test's -timeout) and writes
// every report (conformance.json, junit.xml, conformance.html,
// conformance.md, findings/). Every report file is checked before the
// first request. It returns an error only when the harness could not do
// its job; the reports are written then too when possible.
func (f *Framework) RunCampaign(labelFilter string) error {
	dir, err := callerDir()
	if err != nil {
		return err
	}
	if err := f.resolve(dir); err != nil {
		return err
	}
	f.ReportDir = f.Config.ReportDir
	if labelFilter != "" {
		selected, err := labelSelection(labelFilter)
		if err != nil {
			return err
		}
		if f.Config.Rules != nil {
			// -rules given too: a rule runs when both select it, so
			// neither one silently overrides the other.
			selected = slices.DeleteFunc(selected, func(id rules.ID) bool { return !f.Config.Rules.Has(id) })
			if len(selected) == 0 {
				return fmt.Errorf("-rules %q and -ginkgo.label-filter %q: no rule both select", f.Config.Rules, labelFilter)
			}
		}
		f.Config.Rules = selected
	}
	if f.Config.Seed == 0 {
		f.Config.Seed = uint64(time.Now().UnixNano())
	}
	cfg := f.Config
	cfg.Deadline = f.deadline()
	if err := cfg.Validate(); err != nil {
		return err
	}
	progress := reports.NewProgressPrinter(os.Stderr, f.Progress.Resolve(os.Stderr, os.Getenv))
	cfg.Progress = progress.Func()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	res, err := conformance.Check(ctx, f.Target(), conformance.WithConfig(cfg))
	progress.Close()
	f.Result = res
	if res == nil || errors.Is(err, reports.ErrNotWritten) {
		return err // nothing ran (a bad flag, spec or report directory), or no report was written
	}
	report := filepath.Join(f.ReportDir, reports.JSONFile)
	switch {
	case err != nil:
		return fmt.Errorf("conformance: %v (verdict error, report %s)", err, report)
	case res.Interrupted:
		return fmt.Errorf("conformance: interrupted after %d requests (report %s marked interrupted)", res.Requests, report)
	}
	return nil
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

// Reproduce is the command that reruns the same cases.
func (f *Framework) Reproduce() string { return f.Result.Reproduce }

// Headline is the run in one line, with where its reports are.
func (f *Framework) Headline() string {
	if f.ReportDir == "" {
		return f.Result.Headline() + "; no report written (-report-dir is empty)"
	}
	return result.Clip(fmt.Sprintf("%s; reports %s and %s", f.Result.Headline(),
		filepath.Join(f.ReportDir, reports.JSONFile), filepath.Join(f.ReportDir, reports.JUnitFile)))
}

// Console prints the run for a person (reports.Console): the headline
// with where each report is, then one short block per failing rule.
func (f *Framework) Console(w io.Writer, color bool) error {
	return reports.Console(w, f.Result, f.consoleOptions(color))
}

func (f *Framework) consoleOptions(color bool) reports.ConsoleOptions {
	return reports.ConsoleOptions{Dir: f.ReportDir, Color: color, Replay: replayCommand}
}

// replayCommand is how the suite says to re-send one finding: the line
// conformance.html has too.
func replayCommand(report, finding string) string {
	return replayPrefix + " " + shell.Word(report) + " " + shell.Word(finding)
}

// Failures returns the rule's block as the console prints it (how many
// checks failed, its first finding with a body excerpt and the command
// that reproduces it, where the others are); "" when the rule holds. The
// rule's spec fails with it.
func (f *Framework) Failures(id rules.ID) string {
	return reports.RuleBlock(f.Result, id, f.consoleOptions(false))
}

// FindingCount is the number of findings the rule kept.
func (f *Framework) FindingCount(id rules.ID) int { return len(f.Result.FindingsFor(id)) }

// Judged reports whether the campaign judged the rule: it was selected, is
// a rule of the run's dialect, and something it judges was sent.
func (f *Framework) Judged(id rules.ID) bool { return f.Result.Rule(id).Status != result.Skipped }

// labelSelection is the rules Ginkgo's label filter selects: the campaign
// only runs what they need.
func labelSelection(filter string) (rules.Selection, error) {
	match, err := types.ParseLabelFilter(filter)
	if err != nil {
		return nil, fmt.Errorf("-ginkgo.label-filter %q: %v", filter, err)
	}
	ids := rules.Selection{}
	for _, r := range rules.All {
		if match([]string{string(r.ID)}) {
			ids = append(ids, r.ID)
		}
	}
	if len(ids) == 0 {
		return nil, fmt.Errorf("-ginkgo.label-filter %q: selects no rule", filter)
	}
	return ids, nil
}

// resolve makes relative paths absolute against dir; "" means the caller's
// directory is not known (see callerDir), and a relative path is refused.
func (f *Framework) resolve(dir string) error {
	if dir == "" {
		for flagName, p := range map[string]string{"-report-dir": f.Config.ReportDir, "-spec": f.Config.SpecFile, "-ca-file": f.Config.CAFile} {
			if p != "" && !filepath.IsAbs(p) {
				return fmt.Errorf("%s %q: relative, and go test runs a dependency's tests in its module cache, not where you ran it: give an absolute path, add -outputdir=. to go test, or use the conformance command", flagName, p)
			}
		}
		return nil
	}
	f.Config.Resolve(dir)
	return nil
}

// callerDir is the directory relative paths resolve against. go test runs
// a test binary in its package's directory and does not say where it was
// run, except through -test.outputdir, which it sets to its own working
// directory when asked for (-outputdir=., or a profile). Without it, paths
// resolve against the root of this module, where the README's commands
// (and make conformance, which passes absolute paths anyway) run; in the
// module cache (the suite run as a dependency) they cannot be resolved.
func callerDir() (string, error) {
	if fl := flag.Lookup("test.outputdir"); fl != nil && fl.Value.String() != "" {
		return fl.Value.String(), nil
	}
	wd, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for d := wd; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			if inModuleCache(d) {
				return "", nil
			}
			return d, nil
		}
		if filepath.Dir(d) == d {
			return wd, nil
		}
	}
}

func inModuleCache(dir string) bool {
	cache := os.Getenv("GOMODCACHE")
	if cache == "" {
		if gopath := os.Getenv("GOPATH"); gopath != "" {
			cache = filepath.Join(strings.Split(gopath, string(os.PathListSeparator))[0], "pkg", "mod")
		} else if home, err := os.UserHomeDir(); err == nil {
			cache = filepath.Join(home, "go", "pkg", "mod")
		}
	}
	return cache != "" && strings.HasPrefix(dir, cache+string(filepath.Separator))
}
