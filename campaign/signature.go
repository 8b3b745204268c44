package campaign

import (
	"strconv"
	"strings"

	"github.com/putdestination/conformance/contract"
	"github.com/putdestination/conformance/result"
	"github.com/putdestination/conformance/rules"
	"github.com/putdestination/conformance/spec"
)

// Signature is what findings of one cause share (result.Finding.Signature):
// the rule; where, as a place in the schema (a tag's key is "*"); the
// constraint the case broke, for an invalid request the server took; and
// the class of what came back: the status, or the transport failure's
// kind. Two runs of one server give one signature to one fault, whatever
// the seed drew.
func Signature(s *spec.Spec, rule rules.ID, vs []contract.Violation, exp contract.Expectation, resp *result.Response, failure string) string {
	where := ""
	if len(vs) > 0 {
		where = s.PointerPattern(vs[0].Pointer)
	}
	if exp.Outcome == contract.Reject && rule == rules.RejectsInvalid {
		where = s.PointerPattern(exp.Breaks.Pointer) + " " + exp.Breaks.Keyword
	}
	return strings.Join([]string{string(rule), contract.DisplayPointer(where), answerClass(resp, failure)}, " ")
}

// answerClass is the class of what came back: "status 200", or the
// transport failure's kind ("reset", "timeout", …).
func answerClass(resp *result.Response, failure string) string {
	if failure != "" {
		kind, _, _ := strings.Cut(failure, ":")
		return kind
	}
	if resp == nil {
		return "no answer"
	}
	return "status " + strconv.Itoa(resp.Status)
}
