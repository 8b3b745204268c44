package campaign

import (
	"strconv"
	"strings"

	"github.com/putdestination/conformance/contract"
	"github.com/putdestination/conformance/rules"
	"github.com/putdestination/conformance/spec"
)

// Signature is what findings of one cause share (result.Finding.Signature):
// the rule; where, as a place in the schema (a tag's key is "*"); the
// constraint the case broke, for an invalid request the server took; and
// class, the class of what came back (AnswerClass). Two runs of one server
// give one signature to one fault, whatever the seed drew.
func Signature(s *spec.Spec, rule rules.ID, vs []contract.Violation, exp contract.Expectation, class string) string {
	where := ""
	if len(vs) > 0 {
		where = s.PointerPattern(vs[0].Pointer)
	}
	if exp.Outcome == contract.Reject && rule == rules.RejectsInvalid {
		where = s.PointerPattern(exp.Breaks.Pointer) + " " + exp.Breaks.Keyword
	}
	return strings.Join([]string{string(rule), contract.DisplayPointer(where), class}, " ")
}

// AnswerClass is the class of what came back: the failure's kind when no
// complete answer did ("reset", "timeout", …), else "status N".
func AnswerClass(status int, failure *contract.Failure) string {
	if failure != nil {
		return string(failure.Kind)
	}
	return "status " + strconv.Itoa(status)
}

// sentClass is AnswerClass of an exchange the campaign sent.
func sentClass(s sent) string {
	return AnswerClass(s.resp.Status, AnswerOf(s.resp, s.err).Failure)
}
