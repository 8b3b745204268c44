// Package fuzztargets holds the harness's own fuzz targets (run them with `make
// fuzz`, or `go test -fuzz=FuzzEmulator ./fuzztargets/`):
//
//   - FuzzEmulator fuzzes the reference emulator through conformance.Fuzz,
//     as a team fuzzes its own handler: arbitrary bodies, methods, header
//     variations and pairs of requests, each body judged by the spec's
//     compiled verdict, every answer by the oracle (robustness, envelopes,
//     identity). The emulator must survive it with no finding.
//   - FuzzOracle feeds arbitrary statuses, content types and bodies to the
//     oracle: it must never panic and must classify every response under
//     rule ids from the table.
//   - FuzzZooMutant and FuzzByteLevelMutant are the proof that
//     conformance.Fuzz finds the byte-level mutants of the zoo
//     (emulator/mutants/bytelevel.go): TestFuzzFindsByteLevelMutants runs
//     `go test -fuzz` on both for each (conformance.Fuzz as a team writes it,
//     then fuzzing from only the seeds the mutant passes), and
//     TestByteLevelRegressions replays the input kept for each under
//     testdata/regressions. Both skip unless $CONFORMANCE_FUZZ_MUTANT names
//     a mutant.
//
// Their seed corpora come from the generators, so `go test ./fuzztargets/` runs
// them as ordinary tests.
package fuzztargets
