package contract

import (
	"fmt"
	"strconv"
	"unicode/utf8"

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
	s := fmt.Sprintf("%s %s: got %s, want %s", v.Rule, DisplayPointer(v.Pointer), v.Got, v.Want)
	if v.Reason != "" {
		s += " (" + v.Reason + ")"
	}
	return s
}

// DisplayPointer shows the root pointer "" as "/".
func DisplayPointer(p string) string {
	if p == "" {
		return "/"
	}
	return p
}

// Excerpt quotes at most n bytes of b, marking what it left out.
func Excerpt(b []byte, n int) string {
	if len(b) == 0 {
		return "(empty body)"
	}
	if len(b) <= n {
		return strconv.Quote(string(b))
	}
	cut := n
	for cut > 0 && !utf8.RuneStart(b[cut]) {
		cut--
	}
	return strconv.Quote(string(b[:cut])) + fmt.Sprintf("…(%d bytes)", len(b))
}

// Under are the violations of all under rule, in order (nil for none).
func Under(rule rules.ID, all []Violation) []Violation {
	var out []Violation
	for _, v := range all {
		if v.Rule == rule {
			out = append(out, v)
		}
	}
	return out
}
