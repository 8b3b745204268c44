package main

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/putdestination/conformance"
	"github.com/putdestination/conformance/emulator"
	"github.com/putdestination/conformance/internal/shell"
	"github.com/putdestination/conformance/parity"
	"github.com/putdestination/conformance/reports"
	"github.com/putdestination/conformance/result"
)

const recordUsage = "usage: conformance record -o FILE [-endpoint URL] [flags]  (exit 0: cassette written, 1: written, but destinations the recording created were left behind (each printed with the command that deletes it), 2: refused or not written)"

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
	if res.AWS == nil {
		return 0
	}
	c := res.AWS.Cleanup
	if c.Error != "" {
		fmt.Fprintln(stdout, result.Clip("cleanup: "+c.Error))
	}
	for _, l := range c.Leftovers {
		fmt.Fprintln(stdout, result.Clip(fmt.Sprintf("left behind: %q (%s); delete it with: %s", l.Name, l.Reason, l.Command)))
	}
	if len(c.Leftovers) > 0 {
		return 1
	}
	return 0
}

const parityUsage = "usage: conformance parity -cassette FILE -endpoint URL | -endpoint REFERENCE -against URL [-seed N -budget N -dialect D] [-header 'Name: value'] [-normalize RULES.json] [-treat POINTER=TREAT] [-report-dir DIR]  (exit 0: no divergence, 1: divergences, 2: refused)"

// runParity checks an endpoint against a cassette, or, live, against a
// reference recorded in memory first.
func runParity(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	var cassette, endpoint, against, normalize, reportDir, region, profile, dialect string
	var headers conformance.HeaderList
	var treats treatList
	var seed uint64
	budget := 0
	timeout := 2 * time.Second
	fs := subFlags("parity")
	fs.StringVar(&against, "against", "", "live form: URL of the endpoint checked, -endpoint being the reference, recorded in memory first")
	fs.Uint64Var(&seed, "seed", 0, "live form: seed of the campaign recorded (0: random, in the report)")
	fs.IntVar(&budget, "budget", 0, "live form: cases per property of the campaign recorded (0: the check's default)")
	fs.StringVar(&dialect, "dialect", "", "live form: envelope (default) or aws, the dialect both endpoints speak (a cassette says its own)")
	fs.StringVar(&cassette, "cassette", "", "the cassette a reference was recorded in (conformance record -o)")
	fs.StringVar(&endpoint, "endpoint", "", "URL of the endpoint checked against the recording (live form: of the reference)")
	fs.Var(&headers, "header", "extra request header 'Name: value', repeatable; values are never written anywhere")
	fs.StringVar(&normalize, "normalize", "", "JSON file of more normalization rules ([{\"pointer\", \"treat\", \"why\"}]), applied after the defaults")
	fs.Var(&treats, "treat", "one more normalization rule POINTER=TREAT (id, timestamp, arn, drop, null-is-absent), repeatable, applied after -normalize's")
	fs.StringVar(&reportDir, "report-dir", "reports/out", "directory for every report (empty: none)")
	fs.DurationVar(&timeout, "request-timeout", timeout, "timeout of one exchange, body included")
	fs.StringVar(&region, "region", "", "the aws dialect: the region requests are signed for (default: AWS_REGION or the profile's)")
	fs.StringVar(&profile, "profile", "", "the aws dialect: the shared-config profile of the credentials and region (default: AWS_PROFILE)")
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
	case cassette != "" && (seed != 0 || budget != 0 || dialect != ""):
		return usageError(stderr, errors.New("-seed, -budget and -dialect: the cassette's campaign is recorded; they go with -against only"), parityUsage)
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
	rs = append(rs, treats...)
	cfg := conformance.DefaultConfig()
	cfg.Headers, cfg.RequestTimeout, cfg.ReportDir, cfg.Region, cfg.Profile, cfg.Dialect = headers, timeout, reportDir, region, profile, dialect
	if seed != 0 {
		cfg.Seed = seed
	}
	if budget != 0 {
		cfg.Budget = budget
	}
	// Parity and ParityLive validate cfg before any request, in the
	// cassette's dialect or in -dialect's.
	var res *conformance.Result
	var err error
	if against != "" {
		if cfg.Seed == 0 {
			// The seed is drawn here, so that the reproduce line names it.
			cfg.Seed = randomSeed()
		}
		cfg.Rerun = fmt.Sprintf("%s parity -endpoint %s -against %s -seed %d -budget %d", rerunCommand(), shell.Word(conformance.URL(endpoint).String()),
			shell.Word(conformance.URL(against).String()), cfg.Seed, cfg.Budget)
		if dialect != "" {
			cfg.Rerun += " -dialect " + shell.Word(dialect)
		}
		cfg.Rerun += normalizeFlags(normalize, treats, headers, region, profile)
		res, err = conformance.ParityLive(ctx, conformance.URL(endpoint), conformance.URL(against), rs, conformance.WithConfig(cfg))
	} else {
		var h *parity.HAR
		if h, err = readCassette(cassette); err != nil {
			fmt.Fprintf(stderr, "conformance: %s: %v\n", cassette, err)
			return 2
		}
		cfg.Rerun = rerunCommand() + " parity -cassette " + shell.Word(cassette) + " -endpoint " + shell.Word(conformance.URL(endpoint).String()) +
			normalizeFlags(normalize, treats, headers, region, profile)
		res, err = conformance.Parity(ctx, h, conformance.URL(endpoint), rs, conformance.WithConfig(cfg))
	}
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

// normalizeFlags are the flags of a parity check's reproduce line beyond
// its endpoints: the table's, the region's and profile's; header values
// are never written.
func normalizeFlags(normalize string, treats treatList, headers conformance.HeaderList, region, profile string) string {
	s := ""
	if normalize != "" {
		s += " -normalize " + shell.Word(normalize)
	}
	for _, r := range treats {
		s += " -treat " + shell.Word(r.Pointer+"="+string(r.Treat))
	}
	if region != "" {
		s += " -region " + shell.Word(region)
	}
	if profile != "" {
		s += " -profile " + shell.Word(profile)
	}
	if len(headers) > 0 {
		s += " (plus your -header flags)"
	}
	return s
}

// treatList is the -treat flag: normalization rules POINTER=TREAT.
type treatList parity.Rules

func (l *treatList) String() string {
	if l == nil {
		return ""
	}
	parts := make([]string, len(*l))
	for i, r := range *l {
		parts[i] = r.Pointer + "=" + string(r.Treat)
	}
	return strings.Join(parts, ",")
}

func (l *treatList) Set(v string) error {
	ptr, treat, ok := strings.Cut(v, "=")
	if !ok {
		return fmt.Errorf("%q: want POINTER=TREAT, e.g. /destination/accessPolicy=null-is-absent", v)
	}
	r := parity.Rule{Pointer: ptr, Treat: parity.Treat(treat), Why: "-treat"}
	if err := (parity.Rules{r}).Validate(); err != nil {
		return err
	}
	*l = append(*l, r)
	return nil
}

// randomSeed is a seed for a live parity check given none (never 0).
func randomSeed() uint64 {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return binary.LittleEndian.Uint64(b[:])>>1 | 1
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
