package reports

import (
	"encoding/xml"
	"errors"
	"fmt"

	"github.com/putdestination/conformance/result"

	"github.com/onsi/ginkgo/v2/reporters"
	"github.com/putdestination/conformance/internal/reportfile"
	"github.com/putdestination/conformance/rules"
)

// Names of the files the harness writes in the report directory.
const (
	JSONFile     = result.JSONFile
	JUnitFile    = "junit.xml"
	HTMLFile     = "conformance.html"
	MarkdownFile = "conformance.md"
)

// SuiteName names the JUnit suite; it is also the marker of junit.xml.
const SuiteName = "PutDestination conformance"

// TestName is the JUnit test case of a rule: the same in every kind of run
// (passed, failed, skipped, interrupted, errored), so CI keeps its history.
func TestName(r rules.Rule) string { return fmt.Sprintf("[%s] %s", r.ID, r.Contract) }

// WriteJUnit writes junit.xml for res: one test case per rule of the
// table, failed with the rule's findings (message: the first finding's
// summary; text: every kept finding with its reproduction), skipped when
// the rule was not selected, errored (every one) when the harness could
// not judge the endpoint. No message line is over result.MaxLine: a
// curl line too long for one reads its bodies from the findings files
// ((cd DIR && curl ... --data-binary @findings/NAME.request ...)); write
// them with Write. It uses Ginkgo's JUnit types.
func WriteJUnit(dir string, res *result.Result) error {
	suite := reporters.JUnitTestSuite{Name: SuiteName, Package: "github.com/putdestination/conformance", Tests: len(rules.All),
		Time: res.Duration().Seconds(), Timestamp: ""}
	harnessErr := ""
	switch {
	case res.Error != "":
		harnessErr = result.Clip("the harness could not judge the endpoint: " + res.Error)
	case res.Interrupted && len(res.Findings) == 0:
		harnessErr = result.Clip(fmt.Sprintf("interrupted after %d requests: nothing found so far, nothing proven", res.Requests))
	}
	for _, r := range rules.All {
		tc := reporters.JUnitTestCase{Name: TestName(r), Classname: SuiteName, Status: "passed"}
		row := res.Rule(r.ID)
		fs := res.FindingsFor(r.ID)
		switch {
		case harnessErr != "":
			tc.Status = "error"
			tc.Error = &reporters.JUnitError{Message: harnessErr, Type: "error", Description: harnessErr}
			suite.Errors++
		case len(fs) > 0:
			tc.Status = "failed"
			tc.Failure = &reporters.JUnitFailure{Message: result.Clip(fs[0].Summary), Type: "failed", Description: Explain(res, r.ID, dir)}
			suite.Failures++
		case row.Status == "skipped":
			tc.Status = "skipped"
			tc.Skipped = &reporters.JUnitSkipped{Message: "rule not selected, or nothing it judges was sent"}
			suite.Skipped++
		}
		suite.TestCases = append(suite.TestCases, tc)
	}
	doc := reporters.JUnitTestSuites{Tests: suite.Tests, Failures: suite.Failures, Errors: suite.Errors, Time: suite.Time, TestSuites: []reporters.JUnitTestSuite{suite}}
	data, err := xml.MarshalIndent(doc, "", "  ")
	if err != nil {
		return fmt.Errorf("junit: %v", err)
	}
	return reportfile.Write(dir, JUnitFile, append([]byte(xml.Header), data...), []byte(SuiteName))
}

// Write writes every report of res into dir: conformance.json, junit.xml,
// the findings files (findings/), conformance.html and conformance.md.
// Each is written atomically, and never over a file the harness did not
// write (Preflight checks that before a run).
// Its errors wrap ErrNotWritten.
func Write(dir string, res *result.Result) error {
	for _, write := range []func(string, *result.Result) error{result.WriteJSON, writeFindings, WriteJUnit, WriteHTML, WriteMarkdown} {
		if err := write(dir, res); err != nil {
			return fmt.Errorf("%w: %w", ErrNotWritten, err)
		}
	}
	return nil
}

// ErrNotWritten is wrapped by Write's errors: the run's reports could not
// all be written.
var ErrNotWritten = errors.New("reports not written")

// Explain is the failure text of one rule as junit.xml has it: the
// result's Explain, with curl lines too long to print reading their bodies
// from the findings files of dir ("" : cut instead).
func Explain(res *result.Result, id rules.ID, dir string) string {
	return res.ExplainWith(id, curlLines(res, dir))
}
