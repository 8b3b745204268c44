package oracle

import (
	"fmt"

	"github.com/putdestination/conformance/rules"
)

// Violation is one way a response broke one rule.
type Violation struct {
	Rule    rules.ID `json:"rule"`
	Pointer string   `json:"pointer"`
	Got     string   `json:"got"`
	Want    string   `json:"want"`
	// Reason says why the contract wants what it wants, when that helps.
	Reason string `json:"reason,omitempty"`
}

// String reads subject first, then got and want:
// `rejects-invalid /destinationName: got 200 success, want 400 VALIDATION_ERROR (breaks pattern)`.
func (v Violation) String() string {
	s := fmt.Sprintf("%s %s: got %s, want %s", v.Rule, displayPointer(v.Pointer), v.Got, v.Want)
	if v.Reason != "" {
		s += " (" + v.Reason + ")"
	}
	return s
}

func displayPointer(p string) string {
	if p == "" {
		return "/"
	}
	return p
}

// Outcome is what the contract says must happen to a request.
type Outcome uint8

// The outcomes.
const (
	// Accept: the success envelope with its status.
	Accept Outcome = iota + 1
	// Reject: the VALIDATION_ERROR envelope with its status.
	Reject
	// Either: the contract is silent (non-POST, invalid UTF-8, duplicate
	// keys); either envelope will do, and nothing else is asserted of it.
	Either
)

func (o Outcome) String() string {
	switch o {
	case Accept:
		return "accept"
	case Reject:
		return "reject"
	case Either:
		return "either"
	}
	return "unknown"
}

// MarshalText makes outcomes readable in reports.
func (o Outcome) MarshalText() ([]byte, error) { return []byte(o.String()), nil }

// Constraint names the one constraint an invalid request breaks, as the
// spec's validation reports it (see spec.Problem).
type Constraint struct {
	Pointer string `json:"pointer"`
	Keyword string `json:"keyword"`
}

func (c Constraint) String() string {
	if c.Keyword == "" {
		return ""
	}
	return displayPointer(c.Pointer) + " " + c.Keyword
}

// Expectation travels with every generated request: what must happen to it
// and, for an invalid one, which constraint it breaks.
type Expectation struct {
	Outcome Outcome    `json:"outcome"`
	Breaks  Constraint `json:"breaks,omitzero"`
}
