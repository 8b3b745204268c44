package fuzzcheck

import (
	"fmt"
	"strings"

	"github.com/putdestination/conformance/contract"
	"github.com/putdestination/conformance/internal/oneline"
)

// Explain is the failure text for one input, "" when nothing broke a
// selected rule: headline(n) of its n findings, then each violation
// subject first, with the request's expectation and curl line, in the
// manner of Test.
func (j *Judge) Explain(in Input, jm Judgement, headline func(n int) string) string {
	exchanges, identity := jm.Exchanges, jm.Identity
	var lines []string
	n := 0
	for i, x := range exchanges {
		var vs []contract.Violation
		for _, v := range x.Verdict.Violations {
			if j.rules.Has(v.Rule) {
				vs = append(vs, v)
			}
		}
		if len(vs) == 0 {
			continue
		}
		n++
		lines = append(lines, oneline.Clip(fmt.Sprintf("%d. %s", n, vs[0])))
		lines = append(lines, oneline.Clip(fmt.Sprintf("   request %d of %d: %s, %s, expect %s", i+1, len(exchanges), x.Request.Method, in.Headers(), describeExpect(x.Expect))))
		for _, v := range vs[1:] {
			lines = append(lines, oneline.Clip("   also: "+v.String()))
		}
		if x.Answer.Failure != nil && x.Answer.Failure.Kind == contract.FailReset {
			lines = append(lines, oneline.Clip("   panic: "+x.Answer.Failure.Detail))
		}
		lines = append(lines, oneline.Clip("   curl: "+j.client.Curl(x.Request)))
	}
	var vs []contract.Violation
	for _, v := range identity {
		if j.rules.Has(v.Rule) {
			vs = append(vs, v)
		}
	}
	if len(vs) > 0 {
		n++
		lines = append(lines, oneline.Clip(fmt.Sprintf("%d. %s", n, vs[0])))
		for _, v := range vs[1:] {
			lines = append(lines, oneline.Clip("   also: "+v.String()))
		}
		lines = append(lines, oneline.Clip("   first: "+j.client.Curl(exchanges[0].Request)), oneline.Clip("   curl: "+j.client.Curl(exchanges[1].Request)),
			"   needs: a fresh handler (the fuzz target makes one for every input): the first request creates the name")
	}
	if n == 0 {
		return ""
	}
	return headline(n) + "\n" + strings.Join(lines, "\n")
}

// Findings says n findings.
func Findings(n int) string {
	if n == 1 {
		return "the handler broke the contract (1 finding)"
	}
	return fmt.Sprintf("the handler broke the contract (%d findings)", n)
}

func describeExpect(e contract.Expectation) string {
	switch e.Outcome {
	case contract.Reject:
		return "reject (breaks " + e.Breaks.String() + ")"
	case contract.Either:
		return "either envelope (the contract is silent)"
	case contract.Unspecified:
		return "any answer but what robustness forbids (the contract describes POST only)"
	}
	return e.Outcome.String()
}
