// Package verdict is what the contract says of a request body and of a
// response, as data: a request's Verdict (valid, its first Problem, or
// where the contract is silent), a response's ResponseCheck, the contract
// notes behind them (the silences and parser limits of the spec's
// description), and the spec's schemas compiled to Go by `go generate`
// (Embedded).
//
// It links no OpenAPI library, YAML parser or schema compiler, so that a
// fuzz target judging every input with it (package fuzztarget) stays
// small: Go's fuzzing engine copies every coverage counter of the binary
// after each input. The spec package judges any document with
// kin-openapi; TestCompiledAgreesWithSpec holds Embedded's verdicts to
// the spec's on generated requests and responses.
package verdict

//go:generate go run ./internal/gen
