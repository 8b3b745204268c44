// Command conformance checks a PutDestination endpoint against the
// contract: the same campaign, flags, reports and exit codes as the Ginkgo
// suite (make conformance), with nothing to clone.
//
// Usage:
//
//	go run github.com/putdestination/conformance/cmd/conformance@latest -endpoint URL [flags]
//	conformance -h
//
// With no -endpoint it checks the embedded reference emulator, in process.
// It writes conformance.json and junit.xml into -report-dir, prints a
// headline and, for each failing rule, its findings with their
// reproduction, and exits 0 when the endpoint is conformant, 1 when it is
// not (or the run was cut short, or the endpoint could not be reached),
// and 2 on bad usage (a bad flag, spec or report directory: found before
// any request).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"syscall"

	"github.com/putdestination/conformance"
	"github.com/putdestination/conformance/emulator"
	"github.com/putdestination/conformance/reports"
	"github.com/putdestination/conformance/rules"
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

const usage = "usage: conformance [-endpoint URL] [flags]  (conformance -h lists every flag)"

// run is the command; its exit code is returned.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	cfg := conformance.DefaultConfig()
	cfg.ReportDir = "reports/out"
	var endpoint string
	var version bool
	fs := flag.NewFlagSet("conformance", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&endpoint, "endpoint", "", "URL of the PutDestination endpoint (empty: the embedded reference emulator, in process)")
	cfg.RegisterFlags(fs)
	fs.BoolVar(&version, "version", false, "print the version and exit")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(stdout, usage)
			fs.SetOutput(stdout)
			fs.PrintDefaults()
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
		fmt.Fprintln(stdout, "conformance", buildVersion(), "report format", conformance.Format)
		return 0
	}
	wd, err := os.Getwd()
	if err != nil {
		fmt.Fprintf(stderr, "conformance: %v\n", err)
		return 2
	}
	cfg.Resolve(wd)
	cfg.Rerun = rerunCommand()

	var target conformance.Target = conformance.URL(endpoint)
	if endpoint == "" {
		target = conformance.Handler(func() http.Handler { return emulator.New() })
	}
	res, err := conformance.Check(ctx, target, conformance.WithConfig(cfg))
	if res == nil {
		fmt.Fprintf(stderr, "conformance: %v\n", err)
		return 2
	}
	if cfg.ReportDir != "" {
		if werr := reports.WriteJUnit(cfg.ReportDir, res); werr != nil {
			fmt.Fprintf(stderr, "conformance: %v\n", werr)
			return 2
		}
	}
	fmt.Fprintln(stdout, res.Headline())
	for _, id := range rules.IDs() {
		if text := res.Explain(id); text != "" {
			fmt.Fprintln(stdout)
			fmt.Fprintln(stdout, text)
		}
	}
	if cfg.ReportDir != "" {
		fmt.Fprintf(stdout, "reports: %s, %s\n", filepath.Join(cfg.ReportDir, reports.JSONFile), filepath.Join(cfg.ReportDir, reports.JUnitFile))
	}
	if err != nil {
		fmt.Fprintf(stderr, "conformance: %v\n", err)
	}
	if res.Failed() {
		return 1
	}
	return 0
}

// buildVersion is the module version the binary was built from.
func buildVersion() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
		return bi.Main.Version
	}
	return "(devel)"
}

// rerunCommand is how the reproduce line reruns this command: go run of
// this version when it is a released one, else go run of the latest.
func rerunCommand() string {
	v := buildVersion()
	if v == "(devel)" || v == "" {
		v = "latest"
	}
	return "go run github.com/putdestination/conformance/cmd/conformance@" + v
}
