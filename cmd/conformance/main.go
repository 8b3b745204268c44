// Command conformance checks a PutDestination endpoint against the
// contract: the same campaign, flags, reports and exit codes as the Ginkgo
// suite (make conformance), with nothing to clone.
//
// Usage:
//
//	go run ./cmd/conformance -endpoint URL [flags]      (in a clone)
//	go install github.com/putdestination/conformance/cmd/conformance@VERSION
//	conformance -endpoint URL [flags]
//	conformance -h
//	conformance replay REPORT FINDING [-endpoint URL] [-header 'Name: value'] ...
//	conformance compare OLD.json NEW.json
//	conformance merge -out DIR a.json b.json ...
//
// With no -endpoint it checks the embedded reference emulator, in process.
// It writes conformance.json, junit.xml, conformance.html, conformance.md
// and each finding's request and response (findings/) into -report-dir,
// prints a headline (verdict, requests, time, seed, where each report is)
// and one short block per failing rule, and exits 0 when the endpoint is
// conformant, 1 when it is not (or the run was cut short, or the endpoint
// could not be reached), and 2 on bad usage (a bad flag, spec or report
// directory: found before any request). Those are the built command's
// codes: go run prints "exit status N" and exits 1, make exits 2 for any
// failure. -version prints the module version and the VCS revision when
// the build has them; the reproduce and replay lines start with the
// command that ran this one.
//
// replay sends one finding of a report again, three times, and says
// whether it is fixed (exit 0), still fails or is intermittent (exit 1), or
// cannot be sent as recorded (exit 2, before any request); compare lists the rules
// and findings that newly fail and newly pass between two reports (exit 1
// when something newly fails); merge combines the reports of the slices of
// one campaign (-shard i/n) into the whole run's, or of runs split by rule
// or by seed into one set of reports.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/putdestination/conformance/emulator"
	"github.com/putdestination/conformance/internal/buildinfo"
	"github.com/putdestination/conformance/internal/shell"
	"github.com/putdestination/conformance/result"

	"github.com/putdestination/conformance"
	"github.com/putdestination/conformance/reports"
)

func main() {
	// rapid, which shrinks findings, reads its settings from the process's
	// command-line flags and needs them parsed; the CLI's own flags are on
	// a FlagSet of their own, so the process's are parsed empty here.
	_ = flag.CommandLine.Parse(nil)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

const usage = "usage: conformance [-endpoint URL] [flags] | replay REPORT FINDING | compare OLD.json NEW.json | merge -out DIR a.json b.json ... | record -o FILE | parity -cassette FILE -endpoint URL | seed-corpus -o FILE.zip  (conformance -h lists every flag)"

// run is the command; its exit code is returned.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 {
		switch args[0] {
		case "replay":
			return runReplay(ctx, args[1:], stdout, stderr)
		case "compare":
			return runCompare(args[1:], stdout, stderr)
		case "merge":
			return runMerge(args[1:], stdout, stderr)
		case "record":
			return runRecord(ctx, args[1:], stdout, stderr)
		case "parity":
			return runParity(ctx, args[1:], stdout, stderr)
		case "seed-corpus":
			return runSeedCorpus(args[1:], stdout, stderr)
		}
	}
	return runCheck(ctx, args, stdout, stderr)
}

// runCheck runs the campaign.
func runCheck(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	cfg := conformance.DefaultConfig()
	cfg.ReportDir = "reports/out"
	var endpoint string
	var version bool
	progress := reports.ProgressAuto
	fs := flag.NewFlagSet("conformance", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&endpoint, "endpoint", "", "URL of the PutDestination endpoint (empty: the embedded reference emulator, in process)")
	cfg.RegisterFlags(fs)
	fs.Var(&progress, "progress", reports.ProgressUsage)
	fs.BoolVar(&version, "version", false, "print the version and exit")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(stdout, usage)
			fs.SetOutput(stdout)
			fs.PrintDefaults()
			fmt.Fprintln(stdout, subcommandHelp)
			return 0
		}
		fmt.Fprintf(stderr, "conformance: %v (%s)\n", err, usage)
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "conformance: unexpected argument %q (%s)\n", fs.Arg(0), usage)
		return 2
	}
	if version {
		fmt.Fprintf(stdout, "conformance %s; report format %s\n", buildVersion(), result.Format)
		return 0
	}
	wd, err := os.Getwd()
	if err != nil {
		fmt.Fprintf(stderr, "conformance: %v\n", err)
		return 2
	}
	cfg.Resolve(wd)
	cfg.Rerun = rerunCommand()
	cfg.Replay = cfg.Rerun + " replay"
	cfg.CaptureLog = true
	if err := cfg.Validate(); err != nil {
		fmt.Fprintf(stderr, "conformance: %v\n", err)
		return 2
	}
	shown := reports.NewProgressPrinter(stderr, progress.Resolve(stderr, os.Getenv))
	cfg.Progress = shown.Func()

	var target conformance.Target = conformance.URL(endpoint)
	if endpoint == "" {
		target = conformance.Handler(emulator.ForDialect(cfg.Dialect))
	}
	res, err := conformance.Check(ctx, target, conformance.WithConfig(cfg))
	shown.Close()
	// Check refuses a bad flag, spec or report directory before any
	// request (no result), and writes every report into -report-dir.
	if res == nil || errors.Is(err, reports.ErrNotWritten) {
		fmt.Fprintf(stderr, "conformance: %v\n", err)
		return 2
	}
	_ = reports.Console(stdout, res, reports.ConsoleOptions{Dir: cfg.ReportDir, Color: colors(stdout), Replay: replayCommand})
	if err != nil {
		fmt.Fprintf(stderr, "conformance: %v\n", err)
	}
	if res.Failed() {
		return 1
	}
	return 0
}

// subcommandHelp follows the flags in -h.
const subcommandHelp = `
Subcommands (each has -h):
  replay REPORT FINDING [-endpoint URL]   send one finding again (FINDING: its number, its rule, or rule-N); exit 0 fixed, 1 still fails or intermittent, 2 refused
  compare OLD.json NEW.json               rules and findings newly failing and newly passing; exit 1 when something newly fails
  merge -out DIR a.json b.json ...        one verdict and one set of reports from the slices of one campaign (-shard i/n), or from runs split by rule or by seed
  record -o FILE [-endpoint URL]          record a campaign against a reference as a HAR cassette (docs/parity.md)
  parity -cassette FILE -endpoint URL     check an endpoint against a recording; exit 1 when its answers diverge
  seed-corpus -o FILE.zip                 the seeds of conformance.NewFuzzTarget (with no option, fuzzcheck.New's) as a libFuzzer seed-corpus zip (ClusterFuzzLite)`

// colors reports whether w gets colours: a terminal, without NO_COLOR.
func colors(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && reports.Colors(f)
}

// replayCommand is the command that re-sends one finding of a report.
func replayCommand(report, finding string) string {
	return rerunCommand() + " replay " + shell.Word(report) + " " + shell.Word(finding)
}

// buildVersion is the module version the binary was built from, and the
// VCS revision when Go stamped it.
func buildVersion() string { return buildinfo.Read().String() }

// rerunCommand is how the reproduce and replay lines run this command
// again: as it was run (go run in a checkout, an installed binary's name,
// go run of the exact released version; see buildinfo.Origin.Command).
func rerunCommand() string { return buildinfo.Here().Command() }
