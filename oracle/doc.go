// Package oracle decides whether one exchange (or a pair of them) honours the
// contract. Checks return data: a list of Violations, each with a rule id, a
// JSON pointer, what came back and what the contract wanted. The Ginkgo
// suite, the fuzz targets and every report consume that same list.
//
// The oracle reads the contract from the spec package (status codes, the
// error code, the envelope schemas) and validates bodies with kin-openapi's
// openapi3filter; it never restates a constraint.
package oracle
