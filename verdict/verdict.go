package verdict

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/putdestination/conformance/contract"
)

// Verdict is what the contract says of one request body (a POST with the
// contract's headers): valid, invalid because of Problem, or neither,
// where the contract is silent (Silent says why).
type Verdict struct {
	// Valid: the body conforms to the request schema.
	Valid bool
	// Problem is, for a body that does not conform, the first way it
	// breaks the schema (in the order of SortProblems).
	Problem Problem
	// Silent, when set, names what makes the contract silent on the body:
	// either envelope will do, whatever Valid says (see Silence), or, on a
	// valid body only, the parser limit it goes past (see PastLimit). An
	// invalid body past a limit is no less invalid: a parser that refuses
	// it for the limit answers VALIDATION_ERROR, as the contract wants.
	Silent string
}

// ResponseCheck is what the contract says of one response.
type ResponseCheck struct {
	// StatusDeclared reports whether the operation declares the status.
	StatusDeclared bool
	// MediaTypeDeclared reports whether the Content-Type is one the
	// operation's responses declare (parameters such as charset allowed).
	MediaTypeDeclared bool
	// Body lists how the body breaks the schema of the response declared for
	// the status it was validated as.
	Body []Problem
}

// Problem is one way a document broke the spec: the JSON pointer of the
// offending value (RFC 6901, "" for the whole document), the schema keyword
// that rejected it ("json" when the body is not JSON at all) and a message
// for people.
type Problem struct {
	Pointer string `json:"pointer"`
	Keyword string `json:"keyword"`
	Message string `json:"message"`
}

func (p Problem) String() string {
	return fmt.Sprintf("%s %s: %s", displayPointer(p.Pointer), p.Keyword, p.Message)
}

func displayPointer(p string) string {
	if p == "" {
		return "/"
	}
	return p
}

// SortProblems orders problems by pointer, then keyword, then message, and
// keeps the first of each (pointer, keyword): the order in which a
// verdict's first problem is chosen, whichever validator found them and in
// whatever order (the members of an object are met in a map's order, so
// several names breaking one pattern come in any order: the message breaks
// the tie, so that the same body always gets the same words).
func SortProblems(ps []Problem) []Problem {
	slices.SortFunc(ps, func(a, b Problem) int {
		return cmp.Or(strings.Compare(a.Pointer+" "+a.Keyword, b.Pointer+" "+b.Keyword), strings.Compare(a.Message, b.Message))
	})
	return slices.CompactFunc(ps, func(a, b Problem) bool { return a.Pointer == b.Pointer && a.Keyword == b.Keyword })
}

// Pointer builds an RFC 6901 JSON pointer from unescaped tokens.
func Pointer(tokens ...string) string {
	var b strings.Builder
	for _, t := range tokens {
		b.WriteByte('/')
		b.WriteString(EscapeToken(t))
	}
	return b.String()
}

// tokenEscaper escapes one reference token (RFC 6901, section 3); built
// once, as a Replacer builds its tables on first use.
var tokenEscaper = strings.NewReplacer("~", "~0", "/", "~1")

// EscapeToken escapes one reference token of a JSON pointer (RFC 6901,
// section 3).
func EscapeToken(t string) string { return tokenEscaper.Replace(t) }

// Expectation is what the contract expects of the answer to a POSTed body
// with this verdict: either envelope where it is silent, else acceptance
// of a valid body and rejection of an invalid one, for its first problem.
func (v Verdict) Expectation() contract.Expectation {
	switch {
	case v.Silent != "":
		return contract.Expectation{Outcome: contract.Either}
	case v.Valid:
		return contract.Expectation{Outcome: contract.Accept}
	}
	return contract.Expectation{Outcome: contract.Reject, Breaks: contract.Constraint{Pointer: v.Problem.Pointer, Keyword: v.Problem.Keyword}}
}
