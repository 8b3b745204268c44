package reports

import (
	"encoding/xml"
	"fmt"
	"os"
	"path/filepath"

	"github.com/onsi/ginkgo/v2/reporters"
	"github.com/onsi/ginkgo/v2/types"
	"github.com/putdestination/conformance/rules"
)

// SuiteName names the JUnit suite; it is also the marker of junit.xml.
const SuiteName = "PutDestination conformance"

// WriteGinkgoJUnit writes junit.xml from the Ginkgo suite's report, with
// Ginkgo's own JUnit reporter, atomically.
func WriteGinkgoJUnit(dir string, report types.Report) error {
	tmpDir, err := os.MkdirTemp("", "junit")
	if err != nil {
		return fmt.Errorf("junit: %v", err)
	}
	defer os.RemoveAll(tmpDir)
	tmp := filepath.Join(tmpDir, JUnitFile)
	if err := reporters.GenerateJUnitReportWithConfig(report, tmp, reporters.JunitReportConfig{OmitTimelinesForSpecState: types.SpecStatePassed, OmitLeafNodeType: true}); err != nil {
		return fmt.Errorf("junit: %v", err)
	}
	data, err := os.ReadFile(tmp)
	if err != nil {
		return fmt.Errorf("junit: %v", err)
	}
	return WriteFile(dir, JUnitFile, data)
}

// WriteErrorJUnit writes junit.xml for a run that could not judge the
// endpoint (verdict "error"): every rule is an errored test case carrying
// msg. It reuses Ginkgo's JUnit types.
func WriteErrorJUnit(dir, msg string) error {
	suite := reporters.JUnitTestSuite{Name: SuiteName, Package: "suites", Tests: len(rules.All), Errors: len(rules.All)}
	for _, r := range rules.All {
		suite.TestCases = append(suite.TestCases, reporters.JUnitTestCase{
			Name: fmt.Sprintf("[%s] %s", r.ID, r.Contract), Classname: SuiteName, Status: "error",
			Error: &reporters.JUnitError{Message: msg, Type: "error", Description: msg},
		})
	}
	doc := reporters.JUnitTestSuites{Tests: suite.Tests, Errors: suite.Errors, TestSuites: []reporters.JUnitTestSuite{suite}}
	data, err := xml.MarshalIndent(doc, "", "  ")
	if err != nil {
		return fmt.Errorf("junit: %v", err)
	}
	return WriteFile(dir, JUnitFile, append([]byte(xml.Header), data...))
}
