// Package contract is the vocabulary every part of the harness shares, at
// the bottom of its dependencies: what the contract says must happen to a
// request ([Expectation]: accept, reject because of one [Constraint], or
// either where the contract is silent), how a response broke a rule
// ([Violation]: rule id, JSON pointer, got, want), and how an exchange can
// fail before a response is judged ([Failure]). The rule table itself is
// package rules, beside this one.
//
// Generators attach expectations to the requests they build, the oracle
// turns (expectation, answer) into violations, and every report, the
// Ginkgo suite and the fuzz targets consume those violations. Nothing here
// does I/O.
package contract
