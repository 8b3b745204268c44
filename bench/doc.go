// Package bench holds the harness's benchmarks, run by `make bench`:
//
//   - BenchmarkPipeline: the full pipeline (generate, send, validate, record)
//     over loopback against a tiny fixed handler, whose cost is the same
//     whatever the request, so that the figure is the harness's, in requests
//     per second;
//   - BenchmarkLoopbackLimit: a bare net/http loop posting one fixed valid body
//     to the same tiny handler with the same number of workers, the ceiling
//     the pipeline is compared with;
//   - BenchmarkPipelineRatio: both, back to back in the same process, and
//     their ratio;
//   - BenchmarkPipelineReplay: the pipeline beside a bare client sending the
//     very requests the pipeline sent, and their ratio;
//   - BenchmarkEmulatorParse: the reference emulator's cost of parsing the
//     pipeline's valid bodies;
//   - BenchmarkFirstFinding: requests and time to the first finding of the
//     default campaign, for each mutant of emulator/mutants;
//   - BenchmarkFuzzRatio: go test -fuzz, one worker, on a fuzz target of
//     conformance.NewFuzzTarget against its floor (the same handler fuzzed
//     through httptest in a package that links no harness, from the same
//     seeds), for the example handler and for a trivial one, and their
//     ratios;
//   - BenchmarkMemoryLongRun: the peak heap of a ~100,000-request campaign
//     against that of a ~10,000-request one, to show memory stays flat (the
//     reference emulator runs in a child process, so that its store is not
//     counted as the harness's).
//
// Every benchmark does a fixed amount of work per iteration (whole campaigns),
// so `-benchtime=1x` gives meaningful figures; they are reported as custom
// metrics (req/s, ratio, ms-to-first, peak-heap-MB, ...).
//
// The package has no non-test code.
package bench
