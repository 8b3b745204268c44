// Package bench holds the harness's benchmarks, run by `make bench`:
//
//   - BenchmarkPipeline: the full pipeline (generate, send, validate, record)
//     against the reference emulator over loopback, in requests per second;
//   - BenchmarkLoopbackLimit: a bare net/http loop posting one fixed valid body
//     to the same kind of server with the same number of workers, the ceiling
//     the pipeline is compared with;
//   - BenchmarkPipelineRatio: both, back to back in the same process, and
//     their ratio;
//   - BenchmarkFirstFinding: requests and time to the first finding of the
//     default campaign, for each mutant of emulator/mutants;
//   - BenchmarkMemoryLongRun: the peak heap of a ~100,000-request campaign
//     against that of a ~10,000-request one, to show memory stays flat.
//
// Every benchmark does a fixed amount of work per iteration (whole campaigns),
// so `-benchtime=1x` gives meaningful figures; they are reported as custom
// metrics (req/s, ratio, ms-to-first, peak-heap-MB, ...).
//
// The package has no non-test code.
package bench
