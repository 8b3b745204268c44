// The conformance suite: one Ginkgo spec per rule of the table, each
// labelled with its rule id. The campaign runs once, before the specs, and
// each spec reports its rule's findings.
//
//	go test ./suites/ -args -endpoint=http://host:port
//	go test ./suites/ -args -ginkgo.label-filter=upsert-identity
package suites

import (
	"flag"
	"fmt"
	"os"
	"testing"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"github.com/putdestination/conformance/suites/framework"
)

// fw is the run; the spec tree below receives it as an argument.
var fw = framework.New()

func init() {
	fw.Config.Register(flag.CommandLine)
	// A bad flag gets one line (flag's own "invalid value ..."), not the
	// usage of every go test and Ginkgo flag.
	flag.CommandLine.Usage = func() {
		fmt.Fprintln(flag.CommandLine.Output(), "conformance: see README.md (Flags) for the suite's flags")
	}
}

// TestMain validates the flags and runs the campaign before Ginkgo starts,
// so a bad flag, an unreachable endpoint or an interruption ends the run
// with one clear line, a report, and a non-zero exit.
func TestMain(m *testing.M) {
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
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Println(fw.Headline())
	os.Exit(m.Run())
}

func TestConformance(t *testing.T) {
	if fw.Result == nil {
		t.Skip("no campaign ran (-short or -list)")
	}
	RegisterFailHandler(Fail)
	RunSpecs(t, "PutDestination conformance")
}

var _ = DescribeRules(fw)

var _ = ReportAfterSuite("junit.xml", func(report Report) {
	Expect(fw.WriteJUnit(report)).To(Succeed())
})
