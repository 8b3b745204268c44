// Package suites is the conformance suite: one Ginkgo spec per rule of the
// table, each labelled with its rule id. The campaign runs once, through the
// front door (conformance.Check), before the specs, and each spec reports
// its rule's findings.
//
//	go test ./suites/ -args -endpoint=http://host:port
//	go test ./suites/ -args -ginkgo.label-filter=upsert-identity
package suites

import (
	"flag"
	"fmt"
	"os"
	"strings"
	"testing"

	. "github.com/onsi/ginkgo/v2"
	"github.com/onsi/ginkgo/v2/types"
	. "github.com/onsi/gomega"
	"github.com/putdestination/conformance/reports"
	"github.com/putdestination/conformance/suites/framework"
)

// fw is the run; the spec tree below receives it as an argument.
var fw = framework.New()

// TestMain registers and validates the flags and runs the campaign before
// Ginkgo starts, so a bad flag, an unreachable endpoint or an interruption
// ends the run with one clear line, a report, and a non-zero exit.
func TestMain(m *testing.M) {
	registerFlags(flag.CommandLine)
	flag.Parse()
	filter := ""
	if f := flag.Lookup("ginkgo.label-filter"); f != nil {
		filter = f.Value.String()
	}
	if testing.Short() || flag.Lookup("test.list") != nil && flag.Lookup("test.list").Value.String() != "" {
		os.Exit(m.Run())
	}
	if err := fw.Config.Validate(); err != nil {
		fmt.Fprintln(os.Stderr, err) // one line per bad flag
		os.Exit(2)
	}
	if err := fw.RunCampaign(filter); err != nil {
		if fw.Result == nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2) // nothing ran: a bad flag, spec or report directory
		}
		_ = fw.Console(os.Stdout, reports.Colors(os.Stdout))
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	// The console first: the headline with where each report is, and one
	// block per failing rule. Ginkgo then lists the specs, one line each.
	_ = fw.Console(os.Stdout, reports.Colors(os.Stdout))
	fmt.Println()
	os.Exit(m.Run())
}

// registerFlags puts the run's flags on fs, and a usage that lists them.
func registerFlags(fs *flag.FlagSet) {
	fw.Register(fs)
	// -h lists the harness's flags (the CLI's own), not every go test,
	// Ginkgo and rapid flag; a bad flag gets flag's one line, then these.
	fs.Usage = func() {
		out := fs.Output()
		fmt.Fprintln(out, "usage: go test ./suites/ -args [flags] (or make conformance ARGS='[flags]'); the conformance flags:")
		fs.VisitAll(func(f *flag.Flag) {
			for _, other := range []string{"test.", "ginkgo.", "rapid.", "gomega."} {
				if strings.HasPrefix(f.Name, other) {
					return
				}
			}
			fmt.Fprintf(out, "  -%s\t%s (default %q)\n", f.Name, f.Usage, f.DefValue)
		})
		fmt.Fprintln(out, "  -ginkgo.label-filter\trun only the rules it selects (labels are the rule ids; with -rules, the rules both select)")
	}
}

func TestConformance(t *testing.T) {
	if fw.Result == nil {
		t.Skip("no campaign ran (-short or -list)")
	}
	RegisterFailHandler(Fail)
	suiteConfig, reporterConfig := ginkgoConfig()
	RunSpecs(t, "PutDestination conformance", suiteConfig, reporterConfig)
}

// ginkgoConfig is Ginkgo's configuration for the suite: our seed (so no
// second, different seed is ever shown), colours only on a terminal, and,
// unless -ginkgo.v, -ginkgo.vv or -ginkgo.succinct asks otherwise, one
// line per spec ("format documentation") without Ginkgo's banner and its
// Random Seed line: the console above already printed the run's seed and
// each failing rule's block.
func ginkgoConfig() (types.SuiteConfig, types.ReporterConfig) {
	suite, reporter := GinkgoConfiguration()
	suite.RandomSeed = int64(fw.Config.Seed)
	if !reports.Colors(os.Stdout) {
		reporter.NoColor = true
	}
	if !reporter.Verbose && !reporter.VeryVerbose && !reporter.Succinct {
		reporter.FdOutput = true
	}
	return suite, reporter
}

var _ = DescribeRules(fw)
