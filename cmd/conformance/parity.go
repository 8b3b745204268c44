package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/putdestination/conformance"
	"github.com/putdestination/conformance/emulator"
	"github.com/putdestination/conformance/internal/shell"
	"github.com/putdestination/conformance/parity"
	"github.com/putdestination/conformance/reports"
)

const recordUsage = "usage: conformance record -o FILE [-endpoint URL] [flags]  (exit 0: cassette written, 2: refused or not written)"

// runRecord records a campaign against a reference as a HAR cassette.
func runRecord(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	cfg := conformance.DefaultConfig()
	var endpoint, out string
	fs := subFlags("record")
	fs.StringVar(&endpoint, "endpoint", "", "URL of the reference endpoint (empty: the embedded reference emulator, in process)")
	fs.StringVar(&out, "o", "", "the cassette file to write (HAR 1.2)")
	cfg.RegisterFlags(fs)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return help(fs, recordUsage, stdout)
		}
		return usageError(stderr, err, recordUsage)
	}
	switch {
	case fs.NArg() > 0:
		return usageError(stderr, fmt.Errorf("unexpected argument %q", fs.Arg(0)), recordUsage)
	case out == "":
		return usageError(stderr, errors.New("-o FILE is required"), recordUsage)
	case cfg.ReportDir != "":
		return usageError(stderr, errors.New("-report-dir: a recording writes its cassette only (-o)"), recordUsage)
	}
	wd, err := os.Getwd()
	if err != nil {
		fmt.Fprintf(stderr, "conformance: %v\n", err)
		return 2
	}
	cfg.Resolve(wd)
	cfg.CaptureLog = true
	if err := cfg.Validate(); err != nil {
		fmt.Fprintf(stderr, "conformance: %v\n", err)
		return 2
	}
	var target conformance.Target = conformance.URL(endpoint)
	if endpoint == "" {
		target = conformance.Handler(emulator.ForDialect(cfg.Dialect))
	}
	f, err := os.Create(out)
	if err != nil {
		fmt.Fprintf(stderr, "conformance: %v\n", err)
		return 2
	}
	res, err := conformance.Record(ctx, target, f, conformance.WithConfig(cfg))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		_ = os.Remove(out)
		fmt.Fprintf(stderr, "conformance: %v (no cassette written)\n", err)
		return 2
	}
	fmt.Fprintf(stdout, "recorded %d requests to %s (seed %d, budget %d, %s dialect); the reference's own verdict: %s\n", res.Requests, out, res.Seed, res.Budget, res.Dialect, res.Verdict)
	return 0
}

const parityUsage = "usage: conformance parity -cassette FILE -endpoint URL | -endpoint REFERENCE -against URL [-seed N -budget N] [-header 'Name: value'] [-normalize RULES.json] [-report-dir DIR]  (exit 0: no divergence, 1: divergences, 2: refused)"

// runParity checks an endpoint against a cassette.
func runParity(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	var cassette, endpoint, against, normalize, reportDir, region, profile string
	var headers conformance.HeaderList
	var seed uint64
	budget := 0
	timeout := 2 * time.Second
	fs := subFlags("parity")
	fs.StringVar(&against, "against", "", "live form: URL of the endpoint checked, -endpoint being the reference, recorded in memory first")
	fs.Uint64Var(&seed, "seed", 0, "live form: seed of the campaign recorded (0: random, in the report)")
	fs.IntVar(&budget, "budget", 0, "live form: cases per property of the campaign recorded (0: the check's default)")
	fs.StringVar(&cassette, "cassette", "", "the cassette a reference was recorded in (conformance record -o)")
	fs.StringVar(&endpoint, "endpoint", "", "URL of the endpoint checked against the recording")
	fs.Var(&headers, "header", "extra request header 'Name: value', repeatable; values are never written anywhere")
	fs.StringVar(&normalize, "normalize", "", "JSON file of more normalization rules ([{\"pointer\", \"treat\", \"why\"}]), applied after the defaults")
	fs.StringVar(&reportDir, "report-dir", "reports/out", "directory for every report (empty: none)")
	fs.DurationVar(&timeout, "request-timeout", timeout, "timeout of one exchange, body included")
	fs.StringVar(&region, "region", "", "an aws cassette: the region requests are signed for (default: AWS_REGION or the profile's)")
	fs.StringVar(&profile, "profile", "", "an aws cassette: the shared-config profile of the credentials and region (default: AWS_PROFILE)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return help(fs, parityUsage, stdout)
		}
		return usageError(stderr, err, parityUsage)
	}
	switch {
	case fs.NArg() > 0:
		return usageError(stderr, fmt.Errorf("unexpected argument %q", fs.Arg(0)), parityUsage)
	case endpoint == "" || (cassette == "") == (against == ""):
		return usageError(stderr, errors.New("-endpoint and one of -cassette or -against are required"), parityUsage)
	case cassette != "" && (seed != 0 || budget != 0):
		return usageError(stderr, errors.New("-seed and -budget: the cassette's campaign is recorded; they go with -against only"), parityUsage)
	}
	rs := append(parity.Rules{}, parity.DefaultRules...)
	if normalize != "" {
		more, err := parity.LoadRules(normalize)
		if err != nil {
			fmt.Fprintf(stderr, "conformance: -normalize %v\n", err)
			return 2
		}
		rs = append(rs, more...)
	}
	var h *parity.HAR
	var err error
	reproduce := rerunCommand() + " parity -cassette " + shell.Word(cassette) + " -endpoint " + shell.Word(conformance.URL(endpoint).String())
	if against != "" {
		h, err = recordLive(ctx, endpoint, headers, seed, budget, timeout)
		if err != nil {
			fmt.Fprintf(stderr, "conformance: recording -endpoint: %v\n", err)
			return 2
		}
		reproduce = fmt.Sprintf("%s parity -endpoint %s -against %s -seed %d -budget %d", rerunCommand(), shell.Word(conformance.URL(endpoint).String()),
			shell.Word(conformance.URL(against).String()), h.Log.Harness.Seed, h.Log.Harness.Budget)
		endpoint = against
	} else if h, err = readCassette(cassette); err != nil {
		fmt.Fprintf(stderr, "conformance: %s: %v\n", cassette, err)
		return 2
	}
	if normalize != "" {
		reproduce += " -normalize " + shell.Word(normalize)
	}
	if len(headers) > 0 {
		reproduce += " (plus your -header flags)"
	}
	cfg := conformance.DefaultConfig()
	cfg.Headers, cfg.RequestTimeout, cfg.ReportDir, cfg.Rerun, cfg.Region, cfg.Profile = headers, timeout, reportDir, reproduce, region, profile
	res, err := conformance.Parity(ctx, h, conformance.URL(endpoint), rs, conformance.WithConfig(cfg))
	if err != nil {
		fmt.Fprintf(stderr, "conformance: %v\n", err)
		return 2
	}
	_ = reports.Console(stdout, res, reports.ConsoleOptions{Dir: reportDir, Color: colors(stdout)})
	if res.Failed() {
		return 1
	}
	return 0
}

// readCassette reads a cassette file.
func readCassette(file string) (*parity.HAR, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return parity.Read(f)
}

// recordLive records the reference at endpoint in memory: the live form,
// whose requests then go to the endpoint checked in the same order.
func recordLive(ctx context.Context, endpoint string, headers conformance.HeaderList, seed uint64, budget int, timeout time.Duration) (*parity.HAR, error) {
	cfg := conformance.DefaultConfig()
	cfg.Headers, cfg.Seed, cfg.RequestTimeout = headers, seed, timeout
	if budget != 0 {
		cfg.Budget = budget
	}
	var buf bytes.Buffer
	if _, err := conformance.Record(ctx, conformance.URL(endpoint), &buf, conformance.WithConfig(cfg)); err != nil {
		return nil, err
	}
	return parity.Read(&buf)
}
