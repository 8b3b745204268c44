package reports

import (
	"encoding/xml"
	"errors"
	"fmt"
	"strconv"
	"time"

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

// TestName is the suite's spec of a rule, "[rule-id] contract line": the
// same in every kind of run (passed, failed, skipped, interrupted,
// errored). In junit.xml a rule's test case is named by its id alone.
func TestName(r rules.Rule) string { return fmt.Sprintf("[%s] %s", r.ID, r.Contract) }

// junitTimestamp is the form of a JUnit suite's timestamp (ISO 8601, no
// zone, as Ginkgo and the Ant schema write it); the time is UTC.
const junitTimestamp = "2006-01-02T15:04:05"

// WriteJUnit writes junit.xml for res: one test case per rule of the
// table, named by the rule's id (the same in every kind of run, so CI
// keeps each rule's history), with its title and contract line as
// properties, failed with the rule's findings (message: the first
// finding's summary; text: every kept finding with its reproduction),
// the parity rule's also with each row of the normalization table a parity
// check used, skipped when the rule was not selected, errored (every one) when the
// harness could not judge the endpoint. The suite has the run's start as
// its timestamp and its length as its time; a test case has its rule's
// share of that time, by its share of the run's checks (the run judges
// every rule on the same exchanges, so no rule has a time of its own). No
// message line is over result.MaxLine: a curl line too long for one reads
// its bodies from the findings files ((cd DIR && curl ... --data-binary
// @findings/NAME.request ...)); write them with Write. It uses Ginkgo's
// JUnit types.
func WriteJUnit(dir string, res *result.Result) error {
	started := res.Started
	if started.IsZero() {
		started = time.Now().Add(-res.Duration()) // a result from before Started: written just after its run
	}
	suite := reporters.JUnitTestSuite{Name: SuiteName, Package: "github.com/putdestination/conformance", Tests: len(rules.All),
		Time: res.Duration().Seconds(), Timestamp: started.UTC().Format(junitTimestamp)}
	checks := 0
	for _, row := range res.Rules {
		checks += row.Cases
	}
	harnessErr := ""
	switch {
	case res.Error != "":
		harnessErr = result.Clip("the harness could not judge the endpoint: " + res.Error)
	case res.Interrupted && len(res.Findings) == 0:
		harnessErr = result.Clip(fmt.Sprintf("interrupted after %d requests: nothing found so far, nothing proven", res.Requests))
	}
	for _, r := range rules.All {
		row := res.Rule(r.ID)
		tc := reporters.JUnitTestCase{Name: string(r.ID), Classname: SuiteName, Status: "passed", Properties: &reporters.JUnitProperties{
			Properties: []reporters.JUnitProperty{
				{Name: "description", Value: r.Title},
				{Name: "contract", Value: r.Contract},
				{Name: "checks", Value: strconv.Itoa(row.Cases)},
				{Name: "failed_checks", Value: strconv.Itoa(row.Failures)},
			}}}
		if r.ID == rules.Parity && len(res.Normalization) > 0 {
			for i, n := range res.Normalization {
				tc.Properties.Properties = append(tc.Properties.Properties, reporters.JUnitProperty{
					Name: fmt.Sprintf("normalization_%d", i+1), Value: result.Clip(n.Pointer + " " + n.Treat + ": " + n.Why)})
			}
		}
		if checks > 0 {
			tc.Time = suite.Time * float64(row.Cases) / float64(checks)
		}
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
