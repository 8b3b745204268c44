// Package oracle decides whether one exchange honours the contract (Check,
// and JudgedBy, the rules it holds the exchange to), and whether a pair, a
// burst or a connection does (CheckPair, CheckConcurrent, CheckDesync). Checks return data: a list of Violations, each with a rule id, a
// JSON pointer, what came back and what the contract wanted. The Ginkgo
// suite, the fuzz targets and every report consume that same list.
//
// The oracle judges plain inputs (an [Answer]: status, headers, body, or the
// kind of failure that ended the exchange), so it knows nothing of how the
// request went out. It reads the contract from the spec package (status
// codes, the error code, the envelope schemas) and validates bodies through
// it (the response schemas compiled once, openapi3filter for the problems of
// a body they refuse); it never restates a constraint.
package oracle
