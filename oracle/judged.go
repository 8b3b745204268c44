package oracle

import (
	"github.com/putdestination/conformance/contract"
	"github.com/putdestination/conformance/rules"
)

// JudgedBy lists the rules Check holds an exchange with expectation exp to,
// so that a rule's "N of M checks" counts only the exchanges it looked at:
// robustness alone for a request the contract does not describe; the
// response rules for every other, and the rule of the outcome exp names.
func JudgedBy(exp contract.Expectation) []rules.ID {
	response := []rules.ID{rules.StatusCode, rules.ContentType, rules.EnvelopeSchema, rules.Robustness}
	switch exp.Outcome {
	case contract.Unspecified:
		return []rules.ID{rules.Robustness}
	case contract.Accept:
		return append(response, rules.AcceptsValid)
	case contract.Reject:
		return append(response, rules.RejectsInvalid)
	}
	return response
}
