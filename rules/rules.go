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

	// Rules of the AWS JSON 1.1 dialect only (-dialect aws): what the
	// envelope cannot carry.
	AWSEcho         ID = "aws-echo"
	AWSArn          ID = "aws-arn"
	AWSCreationTime ID = "aws-creation-time"
	AWSContentType  ID = "aws-content-type"
	AWSDescribe     ID = "aws-describe"
	AWSErrorType    ID = "aws-error-type"
	AWSDelete       ID = "aws-delete"

	// Parity is judged by `conformance parity` only: the endpoint against
	// a recording of a reference (package parity).
	Parity ID = "parity"
)

// The dialects a run can speak (-dialect).
const (
	// Envelope is the JSON envelope API the spec describes.
	Envelope = "envelope"
	// AWS is the AWS JSON 1.1 protocol with SigV4, whose answers the
	// harness normalizes into the envelope.
	AWS = "aws"
)

// Rule is one rule of the contract.
type Rule struct {
	ID ID
	// Title says in one line what a violation of the rule means.
	Title string
	// Contract is the line of the contract the rule checks.
	Contract string
	// SpecRefs are JSON pointers (RFC 6901 fragments) into the spec
	// document, at the parts the rule checks; a reference that starts
	// with AWSModel points into the AWS API model instead.
	SpecRefs []string
	// Dialect is the only dialect the rule is judged in ("" for every
	// one); in any other the rule is skipped.
	Dialect string
	// Parity: the rule is judged by a parity check only (package parity:
	// an endpoint against a recording of a reference), never by a
	// campaign, so no mutant is killed under it.
	Parity bool
}

// AWSModel starts the spec references into the AWS API model of
// CloudWatch Logs (botocore's service-2.json, the operations a run in the
// aws dialect calls; embedded in package awsdialect).
const AWSModel = "aws-model"

// In reports whether the rule is judged in the dialect ("" is the
// envelope).
func (r Rule) In(dialect string) bool {
	if dialect == "" {
		dialect = Envelope
	}
	return r.Dialect == "" || r.Dialect == dialect
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
	{
		ID:       AWSEcho,
		Title:    "the destination does not echo the request's destinationName, targetArn and roleArn",
		Contract: "A successful PutDestination answers the destination it wrote: the request's destinationName, targetArn and roleArn, the new ARNs after an update.",
		SpecRefs: []string{AWSModel + "#/shapes/PutDestinationResponse", AWSModel + "#/shapes/Destination/members"},
		Dialect:  AWS,
	},
	{
		ID:       AWSArn,
		Title:    "arn is not arn:<partition>:logs:<region>:<account>:destination:<name> for the request's region, its partition and the run's account",
		Contract: "The destination's arn is arn:<partition>:logs:<region>:<account>:destination:<destinationName>, in the region the request was signed for and that region's partition, with one 12-digit account across the run.",
		SpecRefs: []string{AWSModel + "#/shapes/Destination/members/arn", AWSModel + "#/metadata/endpointPrefix"},
		Dialect:  AWS,
	},
	{
		ID:       AWSCreationTime,
		Title:    "creationTime is not integer epoch milliseconds within the run's clock window, or changed on update",
		Contract: "creationTime is an integer of milliseconds since the epoch, within the run's clock window (5 minutes' skew either side), and an update keeps it.",
		SpecRefs: []string{AWSModel + "#/shapes/Destination/members/creationTime", AWSModel + "#/shapes/Timestamp"},
		Dialect:  AWS,
	},
	{
		ID:       AWSContentType,
		Title:    "a success is not application/x-amz-json-1.1",
		Contract: "A successful answer has Content-Type application/x-amz-json-1.1, the protocol's (JSON 1.1).",
		SpecRefs: []string{AWSModel + "#/metadata/jsonVersion", AWSModel + "#/metadata/protocol"},
		Dialect:  AWS,
	},
	{
		ID:       AWSDescribe,
		Title:    "DescribeDestinations does not show what the last successful put wrote, or shows names outside the prefix or more than the limit",
		Contract: "DescribeDestinations with the name as DestinationNamePrefix shows what the last successful PutDestination of the name wrote, and nothing for a name whose put was refused; only names that start with the prefix, matched exactly and case-sensitively, at most limit a page.",
		SpecRefs: []string{AWSModel + "#/operations/DescribeDestinations", AWSModel + "#/shapes/DescribeDestinationsRequest/members/DestinationNamePrefix", AWSModel + "#/shapes/DescribeDestinationsRequest/members/limit"},
		Dialect:  AWS,
	},
	{
		ID:       AWSErrorType,
		Title:    "a refused request does not carry the error type CloudWatch Logs gives its class",
		Contract: "A constraint of the model broken gets InvalidParameterException; malformed JSON, a body that is not an object or a member of the wrong JSON type gets SerializationException (the type read as the SDKs read it: the X-Amzn-ErrorType header or __type, namespace and ':' suffix stripped).",
		SpecRefs: []string{AWSModel + "#/operations/PutDestination/errors", AWSModel + "#/shapes/InvalidParameterException", AWSModel + "#/metadata/protocol"},
		Dialect:  AWS,
	},
	{
		ID:       AWSDelete,
		Title:    "DeleteDestination answered success but the destination is still there, or a delete of one that is gone is not ResourceNotFoundException",
		Contract: "DeleteDestination of a destination the run created answers success and removes it: DescribeDestinations no longer lists it, and a second DeleteDestination answers ResourceNotFoundException.",
		SpecRefs: []string{AWSModel + "#/operations/DeleteDestination", AWSModel + "#/operations/DeleteDestination/errors", AWSModel + "#/operations/DescribeDestinations"},
		Dialect:  AWS,
	},
	{
		ID:       Parity,
		Title:    "the answer differs from the reference's recorded answer to the same request",
		Contract: "Checked against a recording of a reference: the same status, error type, content type, members present, absent or null, and values, after the normalization table (ids as equality classes, timestamps by type and across updates, ARNs with region and account masked, request ids dropped).",
		SpecRefs: []string{"#/paths/~1/post/responses"},
		Parity:   true,
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
