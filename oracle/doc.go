// Package oracle decides whether one exchange (or a pair of them) honours the
// contract. Checks return data: a list of Violations, each with a rule id, a
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
