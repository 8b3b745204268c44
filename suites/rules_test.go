package suites

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"github.com/putdestination/conformance/reports"
	"github.com/putdestination/conformance/rules"
	"github.com/putdestination/conformance/suites/framework"
)

// DescribeRules builds one spec per rule of the table, labelled with the
// rule id and named after the contract line it checks (the rule's SpecRefs
// point at the part of the spec it checks).
func DescribeRules(fw *framework.Framework) bool {
	// Ordered, ContinueOnFailure: the specs run and print in table order, and
	// a failing rule does not skip the ones after it.
	return Describe("PutDestination", Ordered, ContinueOnFailure, func() {
		for _, r := range rules.All {
			It(reports.TestName(r), Label(string(r.ID)), func() {
				if !fw.Judged(r.ID) {
					Skip("rule not judged: not selected, not of this dialect, or nothing it judges was sent")
				}
				// The description is the rule's console block (its
				// first finding, a body excerpt, the reproduction; no
				// line over result.MaxLine); Gomega then says how
				// many findings there were.
				Expect(fw.FindingCount(r.ID)).To(BeZero(), "%s (spec %v)\n%s", r.Title, r.SpecRefs, fw.Failures(r.ID))
			})
		}
	})
}
