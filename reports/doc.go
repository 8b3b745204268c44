// Package reports turns a run's result (result.Result) into what
// people and CI pipelines read, all from the one result:
//
//   - Console: the headline (verdict, requests, time, seed, where each
//     report is), then one short block per failing rule; no line over
//     result.MaxLine, colours only on a terminal;
//   - conformance.json (the stable form, its format named by
//     result.Format), held to the JSON Schema conformance.schema.json
//     (result.SchemaJSON, result.Validate, result.Load);
//   - junit.xml (Ginkgo's JUnit types; one test case per rule, named
//     TestName in every kind of run);
//   - conformance.html: one self-contained page (no script, style, font or
//     image from anywhere), with inline SVG charts;
//   - conformance.md: a short summary for $GITHUB_STEP_SUMMARY;
//   - findings/: each finding's request body exactly as sent and its
//     response, so a curl line too long to print reads its body from a
//     file (--data-binary @findings/NAME.request, run in the report
//     directory).
//
// Merge combines the results of sharded runs, Compare two results of one
// endpoint's versions; ProgressPrinter shows a run as it goes. Files are
// written atomically (a temporary file in the same directory, then a
// rename), a file the harness did not write is never overwritten, and
// Preflight checks a report directory before a run sends anything. Secrets
// are redacted in the result before any of this sees it.
package reports
