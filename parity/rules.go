package parity

import (
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/putdestination/conformance/result"
)

// Treat is how a member that varies between runs is compared.
type Treat string

const (
	// ID: compared as equality classes. The reference's and the
	// candidate's values pair up at first sight, and every later value
	// must keep the pairing both ways (same name, same id; different
	// names, different ids).
	ID Treat = "id"
	// Timestamp: the same JSON type and format (an RFC 3339 string, or an
	// integer of as many digits: the same unit), and, for one
	// destination name, kept by an update on both sides or on neither.
	Timestamp Treat = "timestamp"
	// ARN: compared with the region and the account masked.
	ARN Treat = "arn"
	// Drop: not compared (request ids).
	Drop Treat = "drop"
	// NullIsAbsent: null and an absent member are equal; other values
	// are compared.
	NullIsAbsent Treat = "null-is-absent"
)

// Treats are the treatments a rule can name, as conformance.json's schema
// lists them (result.NormalizationRule.Treat).
var Treats = []Treat{ID, Timestamp, ARN, Drop, NullIsAbsent}

// Rule says how the body members at Pointer are compared: a JSON pointer
// (RFC 6901) in which a token "*" matches any one member or element.
type Rule struct {
	Pointer string `json:"pointer"`
	Treat   Treat  `json:"treat"`
	// Why says what varies, for the report.
	Why string `json:"why,omitempty"`
}

// Rules is the normalization table: the last rule that matches a pointer
// applies, so a rule added after the defaults overrides them.
type Rules []Rule

// DefaultRules are what varies between two runs of one correct
// implementation, in both dialects.
var DefaultRules = Rules{
	{Pointer: "/data/id", Treat: ID, Why: "an id is the endpoint's choice"},
	{Pointer: "/data/created_at", Treat: Timestamp, Why: "the time of the first put"},
	{Pointer: "/destination/creationTime", Treat: Timestamp, Why: "the time of the first put"},
	{Pointer: "/destinations/*/creationTime", Treat: Timestamp, Why: "the time of the first put"},
	{Pointer: "/destination/arn", Treat: ARN, Why: "the account and region are the endpoint's"},
	{Pointer: "/destinations/*/arn", Treat: ARN, Why: "the account and region are the endpoint's"},
	{Pointer: "/requestId", Treat: Drop, Why: "a request id is new every time"},
	{Pointer: "/request_id", Treat: Drop, Why: "a request id is new every time"},
	{Pointer: "/error/request_id", Treat: Drop, Why: "a request id is new every time"},
	{Pointer: "/nextToken", Treat: Drop, Why: "a paging token is the endpoint's"},
}

// LoadRules reads rules from a JSON file: an array of {"pointer",
// "treat", "why"}.
func LoadRules(file string) (Rules, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	var rs Rules
	if err := json.Unmarshal(data, &rs); err != nil {
		return nil, fmt.Errorf("%s: %v", file, err)
	}
	return rs, rs.Validate()
}

// Validate checks every rule: a pointer and a known treatment.
func (rs Rules) Validate() error {
	for i, r := range rs {
		if r.Pointer != "" && !strings.HasPrefix(r.Pointer, "/") {
			return fmt.Errorf("normalization rule %d: pointer %q: want a JSON pointer (starting with /)", i, r.Pointer)
		}
		if !slices.Contains(Treats, r.Treat) {
			return fmt.Errorf("normalization rule %d: treat %q: want id, timestamp, arn, drop or null-is-absent", i, r.Treat)
		}
	}
	return nil
}

// Table is the table as the result lists it.
func (rs Rules) Table() []result.NormalizationRule {
	out := make([]result.NormalizationRule, len(rs))
	for i, r := range rs {
		out[i] = result.NormalizationRule{Pointer: r.Pointer, Treat: string(r.Treat), Why: r.Why}
	}
	return out
}

// treat is how the member at pointer is compared ("": as it is).
func (rs Rules) treat(pointer string) Treat {
	for i := len(rs) - 1; i >= 0; i-- {
		if matches(rs[i].Pointer, pointer) {
			return rs[i].Treat
		}
	}
	return ""
}

// matches reports whether pattern, a JSON pointer with "*" tokens,
// matches pointer.
func matches(pattern, pointer string) bool {
	p, q := strings.Split(pattern, "/"), strings.Split(pointer, "/")
	if len(p) != len(q) {
		return false
	}
	for i := range p {
		if p[i] != "*" && p[i] != q[i] {
			return false
		}
	}
	return true
}
