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
	if exp.Outcome == contract.Unspecified {
		return []rules.ID{rules.Robustness}
	}
	// Room for the outcome's rule: it is asked for every exchange.
	ids := make([]rules.ID, 0, 5)
	ids = append(ids, rules.StatusCode, rules.ContentType, rules.EnvelopeSchema, rules.Robustness)
	switch exp.Outcome {
	case contract.Accept:
		ids = append(ids, rules.AcceptsValid)
	case contract.Reject:
		ids = append(ids, rules.RejectsInvalid)
	}
	return ids
}
