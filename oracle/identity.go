package oracle

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/putdestination/conformance/contract"
	"github.com/putdestination/conformance/rules"
)

// Named is one request as the identity rules see it: the destinationName
// its body carries ("" when none), what the contract says of it, and what
// the oracle read off its answer.
type Named struct {
	Name     string
	Expect   contract.Expectation
	Observed Observed
}

// CheckPair judges the identity rules across two requests sent one after
// the other: one name twice is held to upsert-identity (CheckUpsert), two
// names to distinct-identity (CheckDistinct). rule is the rule the pair was
// judged by, "" when none judges it: a request without a name, or one the
// contract does not say to accept.
func CheckPair(first, second Named) (rule rules.ID, vs []contract.Violation) {
	if first.Name == "" || second.Name == "" || first.Expect.Outcome != contract.Accept || second.Expect.Outcome != contract.Accept {
		return "", nil
	}
	if first.Name == second.Name {
		return rules.UpsertIdentity, CheckUpsert(first.Name, first.Observed, second.Observed)
	}
	return rules.DistinctIdentity, CheckDistinct(first.Name, first.Observed, second.Name, second.Observed)
}

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

// CheckConcurrent judges the answers to the first create of one name sent
// several times at once, each on a connection of its own: when all
// succeeded, they must carry one id and one created_at (upsert-identity).
// a and b are two answers that disagree (0, 0 when none do).
func CheckConcurrent(name string, answers []Observed) (vs []contract.Violation, a, b int) {
	for _, o := range answers {
		if o.Envelope != SuccessEnvelope {
			return nil, 0, 0
		}
	}
	var ids, times []string
	for i, o := range answers {
		ids, times = append(ids, strconv.Quote(o.ID)), append(times, strconv.Quote(o.CreatedAt))
		if b == 0 && i > 0 && (o.ID != answers[0].ID || o.CreatedAt != answers[0].CreatedAt) {
			b = i
		}
	}
	if b == 0 {
		return nil, 0, 0
	}
	quoted := strconv.QuoteToASCII(name)
	if r := []rune(name); len(r) > 60 {
		quoted = strconv.QuoteToASCII(string(r[:60])) + "…"
	}
	reason := fmt.Sprintf("same destinationName %s, %d first creates released at once on connections of their own", quoted, len(answers))
	if distinct(ids) {
		vs = append(vs, contract.Violation{Rule: rules.UpsertIdentity, Pointer: "/data/id",
			Got: fmt.Sprintf("ids %s", strings.Join(ids, ", ")), Want: "one id for all of them", Reason: reason})
	}
	if distinct(times) {
		vs = append(vs, contract.Violation{Rule: rules.UpsertIdentity, Pointer: "/data/created_at",
			Got: fmt.Sprintf("created_at %s", strings.Join(times, ", ")), Want: "one created_at for all of them", Reason: reason})
	}
	return vs, 0, b
}

func distinct(vs []string) bool {
	for _, v := range vs[1:] {
		if v != vs[0] {
			return true
		}
	}
	return false
}

func quoteName(s string) string {
	if len(s) > 60 {
		return strconv.QuoteToASCII(s[:60]) + "…"
	}
	return strconv.QuoteToASCII(s)
}
