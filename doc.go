// Package conformance checks an implementation of the AWS CloudWatch Logs
// PutDestination operation, behind the JSON envelope API its OpenAPI
// contract describes, against that contract.
//
// A run sends generated requests (valid ones weighted toward every edge,
// invalid ones that each break exactly one rule, wire-level malformations,
// identity probes, an HTTP desync probe), judges every answer against the
// contract, and returns a [Result]: a verdict, a row per rule of the rule
// table, and findings that each carry the rule id, a JSON pointer, what came
// back, what the contract wanted and a copy-paste reproduction.
//
// The target is a URL ([URL]) or a Go handler exercised in process with no
// socket ([Handler]). [Check] returns the result; [Test] fails a test once,
// listing every finding, in the manner of testing/fstest.TestFS:
//
//	func TestPutDestination(t *testing.T) {
//		conformance.Test(t, conformance.Handler(func() http.Handler { return myapi.New() }))
//	}
//
// [Fuzz] is the fuzz target of a Go handler: `go test -fuzz` then follows
// the handler's own coverage, every input judged as a run judges a request.
//
// Options ([Option]) change the one configuration ([Config],
// [DefaultConfig]); the command conformance (cmd/conformance) and the
// Ginkgo suite (suites) fill the same configuration from the same flags.
//
// [WithDialect]("aws") speaks the operation as CloudWatch Logs, LocalStack
// and moto do (AWS JSON 1.1, SigV4; package awsdialect): answers are
// normalized into the envelope so every rule applies, the aws-* rules add
// what only that dialect can show, throttling is retried with the SDK's
// backoff, and every destination the run created is deleted at its end.
//
// What it promises: it does not report a conformant endpoint (it should not
// produce false positives: where the contract is silent it asserts nothing
// beyond robustness); it may miss faults outside what it generates. It
// never follows a redirect, never retries (but a throttling answer in the
// aws dialect), never uses a proxy from the environment, never writes a
// -header value anywhere, and never overwrites a report file it did not
// write.
package conformance
