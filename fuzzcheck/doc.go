// Package fuzzcheck is the judge of a fuzz input, and the fuzz target that
// links only what judging needs.
//
// An input (Input, EncodeInput, DecodeInput) is a mode byte (the method,
// one of a few header spellings the contract allows, and whether a second
// POST follows) and two bodies. A Judge calls a fresh handler with it,
// directly and on a goroutine of its own (a panic is a dropped connection,
// a handler still running after the time limit a hang), takes each body's
// expectation from the contract's verdict, judges every answer with the
// oracle and a pair with the identity rules, and explains a failure as
// Test does: rule, pointer, got, want and a curl line. One judge serves
// `go test -fuzz`, go-118-fuzz-build's libFuzzer builds (ClusterFuzzLite,
// OSS-Fuzz), conformance.Fuzz and conformance.NewFuzzTarget.
//
// New is the target a team's fuzz function calls: judged by the contract
// the harness embeds, compiled to Go (verdict.Embedded), from the
// harness's seeds (seeds.txt). It links no OpenAPI library, YAML parser,
// generator, HTTP client or report writer, because Go's fuzzing engine
// copies every coverage counter of the binary after each input: a fuzz
// binary of New has about as many counters as the handler fuzzed alone.
package fuzzcheck
