package contract

import "encoding/json"

// Outcome is what the contract says must happen to a request.
type Outcome uint8

// The outcomes.
const (
	// Accept: the success envelope with its status.
	Accept Outcome = iota + 1
	// Reject: the VALIDATION_ERROR envelope with its status.
	Reject
	// Either: the contract is silent (invalid UTF-8, duplicate keys in a
	// POST); either envelope will do, and nothing else is asserted of it.
	Either
	// Unspecified: the contract does not describe the request at all
	// (another method than POST): any answer passes but what robustness
	// forbids.
	Unspecified
)

func (o Outcome) String() string {
	switch o {
	case Accept:
		return "accept"
	case Reject:
		return "reject"
	case Either:
		return "either"
	case Unspecified:
		return "unspecified"
	}
	return "unknown"
}

// MarshalText makes outcomes readable in reports.
func (o Outcome) MarshalText() ([]byte, error) { return []byte(o.String()), nil }

// UnmarshalText reads what MarshalText wrote.
func (o *Outcome) UnmarshalText(b []byte) error {
	for _, c := range []Outcome{Accept, Reject, Either, Unspecified} {
		if c.String() == string(b) {
			*o = c
			return nil
		}
	}
	*o = 0
	return nil
}

// Constraint names the one constraint an invalid request breaks, as the
// spec's validation reports it: the JSON pointer of the member and the JSON
// Schema keyword ("pattern", "maxLength", ...; "json" for malformed JSON).
type Constraint struct {
	Pointer string `json:"pointer"`
	Keyword string `json:"keyword"`
}

func (c Constraint) String() string {
	if c.Keyword == "" {
		return ""
	}
	return DisplayPointer(c.Pointer) + " " + c.Keyword
}

// Expectation travels with every generated request: what must happen to it
// and, for an invalid one, which constraint it breaks. The oracle never has
// to guess.
type Expectation struct {
	Outcome Outcome    `json:"outcome"`
	Breaks  Constraint `json:"breaks,omitzero"`
}

// IdentityMember is the member whose value identifies a destination: the
// contract creates or updates by it.
const IdentityMember = "destinationName"

// Identity is the destinationName of a body that is a JSON object with a
// string there (by its exact member name, not encoding/json's case-folding
// match): the name a conformant server creates or updates.
func Identity(body []byte) (string, bool) {
	var members map[string]json.RawMessage
	if json.Unmarshal(body, &members) != nil {
		return "", false
	}
	var name string
	if json.Unmarshal(members[IdentityMember], &name) != nil {
		return "", false
	}
	return name, true
}
