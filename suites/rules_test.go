package suites

import (
	"fmt"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"github.com/putdestination/conformance/rules"
	"github.com/putdestination/conformance/suites/framework"
)

// DescribeRules builds one spec per rule of the table, labelled with the
// rule id and named after the contract line it checks (the rule's SpecRefs
// point at the part of the spec it checks).
func DescribeRules(fw *framework.Framework) bool {
	return Describe("PutDestination", func() {
		for _, r := range rules.All {
			It(fmt.Sprintf("[%s] %s", r.ID, r.Contract), Label(string(r.ID)), func() {
				if !fw.Selected(r.ID) {
					Skip("rule not selected by the label filter")
				}
				// The description carries the findings, readable as
				// they are; Gomega then says how many there were.
				Expect(fw.FindingCount(r.ID)).To(BeZero(), "%s (spec %v)\n%s", r.Title, r.SpecRefs, fw.Failures(r.ID))
			})
		}
	})
}
