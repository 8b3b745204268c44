// Package rules is the one table of the rules the harness checks. Ginkgo
// labels, report rows and documentation are all derived from it, so a rule
// cannot exist in one place and not another.
package rules

// ID is a rule id, used verbatim in every report and as a Ginkgo label.
type ID string

// The rule ids.
const (
	AcceptsValid     ID = "accepts-valid"
	RejectsInvalid   ID = "rejects-invalid"
	StatusCode       ID = "status-code"
	ContentType      ID = "content-type"
	EnvelopeSchema   ID = "envelope-schema"
	UpsertIdentity   ID = "upsert-identity"
	DistinctIdentity ID = "distinct-identity"
	Robustness       ID = "robustness"
)

// Rule is one rule of the contract.
type Rule struct {
	ID ID
	// Title says in one line what a violation of the rule means.
	Title string
	// Contract is the line of the contract the rule checks.
	Contract string
	// SpecRefs are JSON pointers (RFC 6901 fragments) into the spec
	// document, at the parts the rule checks.
	SpecRefs []string
}

// All is the table, in report order.
var All = []Rule{
	{
		ID:       AcceptsValid,
		Title:    "a valid request did not get the success envelope",
		Contract: "A valid request gets 200 and {\"success\": true, \"data\": {\"id\", \"created_at\"}}.",
		SpecRefs: []string{"#/components/schemas/PutDestinationRequest", "#/paths/~1/post/responses/200"},
	},
	{
		ID:       RejectsInvalid,
		Title:    "an invalid request did not get the VALIDATION_ERROR envelope",
		Contract: "Anything else (a rule broken, a wrong JSON type, malformed JSON, an empty body, a body that is not an object) gets 400 and {\"success\": false, \"error\": {\"code\": \"VALIDATION_ERROR\", \"message\"}}.",
		SpecRefs: []string{"#/components/schemas/PutDestinationRequest", "#/paths/~1/post/responses/400"},
	},
	{
		ID:       StatusCode,
		Title:    "the status does not match the contract",
		Contract: "The success envelope comes with 200, the VALIDATION_ERROR envelope with 400.",
		SpecRefs: []string{"#/paths/~1/post/responses"},
	},
	{
		ID:       ContentType,
		Title:    "the response is not application/json",
		Contract: "Every response has Content-Type application/json (parameters such as charset allowed).",
		SpecRefs: []string{"#/paths/~1/post/responses/200/content", "#/paths/~1/post/responses/400/content"},
	},
	{
		ID:       EnvelopeSchema,
		Title:    "the body does not match the envelope in the spec",
		Contract: "Bodies match the envelopes: members, types, created_at as an RFC 3339 date-time, the error code, a non-empty message.",
		SpecRefs: []string{"#/components/schemas/SuccessEnvelope", "#/components/schemas/ErrorEnvelope"},
	},
	{
		ID:       UpsertIdentity,
		Title:    "the same name came back with another id or created_at",
		Contract: "Create or update: a second valid request with the same destinationName succeeds with the same data.id and the same created_at.",
		SpecRefs: []string{"#/info/description"},
	},
	{
		ID:       DistinctIdentity,
		Title:    "two different names came back with the same id",
		Contract: "Different names get different ids.",
		SpecRefs: []string{"#/info/description"},
	},
	{
		ID:       Robustness,
		Title:    "a 5xx, a dropped connection, a timeout, an oversized body or a redirect",
		Contract: "Never a 5xx, a dropped connection, a redirect or a hang, whatever the input.",
		SpecRefs: []string{"#/info/description"},
	},
}

// Lookup returns the rule with the given id.
func Lookup(id ID) (Rule, bool) {
	for _, r := range All {
		if r.ID == id {
			return r, true
		}
	}
	return Rule{}, false
}

// IDs returns every rule id, in table order.
func IDs() []ID {
	ids := make([]ID, len(All))
	for i, r := range All {
		ids[i] = r.ID
	}
	return ids
}
