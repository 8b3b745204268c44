package oracle

import (
	"fmt"
	"strconv"

	"github.com/putdestination/conformance/contract"
	"github.com/putdestination/conformance/rules"
)

// CheckUpsert judges a create followed by an update of the same name: both
// must succeed (judged by Check) and the second must keep the first's id and
// created_at. It only speaks when both came back as success envelopes.
func CheckUpsert(name string, first, second Observed) []contract.Violation {
	if first.Envelope != SuccessEnvelope || second.Envelope != SuccessEnvelope {
		return nil
	}
	var v []contract.Violation
	if first.ID != second.ID {
		v = append(v, contract.Violation{Rule: rules.UpsertIdentity, Pointer: "/data/id",
			Got: fmt.Sprintf("id %q on update", second.ID), Want: fmt.Sprintf("%q as on create", first.ID),
			Reason: "same destinationName " + quoteName(name)})
	}
	if first.CreatedAt != second.CreatedAt {
		v = append(v, contract.Violation{Rule: rules.UpsertIdentity, Pointer: "/data/created_at",
			Got: fmt.Sprintf("created_at %q on update", second.CreatedAt), Want: fmt.Sprintf("%q as on create", first.CreatedAt),
			Reason: "same destinationName " + quoteName(name)})
	}
	return v
}

// CheckDistinct judges two different names: when both succeeded they must
// have different ids.
func CheckDistinct(nameA string, a Observed, nameB string, b Observed) []contract.Violation {
	if a.Envelope != SuccessEnvelope || b.Envelope != SuccessEnvelope || a.ID == "" || a.ID != b.ID {
		return nil
	}
	return []contract.Violation{{Rule: rules.DistinctIdentity, Pointer: "/data/id",
		Got:    fmt.Sprintf("id %q for both %s and %s", a.ID, quoteName(nameA), quoteName(nameB)),
		Want:   "different ids",
		Reason: "different destinationNames"}}
}

func quoteName(s string) string {
	if len(s) > 60 {
		return strconv.QuoteToASCII(s[:60]) + "…"
	}
	return strconv.QuoteToASCII(s)
}
