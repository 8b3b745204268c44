package awsdialect

import (
	"context"
	"fmt"
	"net/http"

	"github.com/putdestination/conformance/campaign"
	"github.com/putdestination/conformance/contract"
	"github.com/putdestination/conformance/internal/oneline"
	"github.com/putdestination/conformance/rules"
	"github.com/putdestination/conformance/transport"
)

// deleteCases are the cases of the valid property after whose successful
// put the run checks, during the campaign, that a deletion holds (see
// deleteCheck): three, spread through a default run, at the same cases for
// every seed, so that every run of ten cases a property or more makes
// one, whatever the seed and the order requests go out in. (Not case 5,
// the largest request, whose ARNs the check would copy.)
var deleteCases = []int{9, 41, 73}

// deleteCheckName is the name of the destination the delete check of
// case index creates and deletes: under the run's prefix, so that cleanup
// knows it, and apart from the names the campaign sends again (a revisit,
// an update), which a deletion would turn into a new destination.
func (d *Dialect) deleteCheckName(index int) string {
	return fmt.Sprintf("%sdeleted-%d", d.o.NamePrefix, index)
}

// deleteCheck creates a destination of its own (deleteCheckName) with the
// ARNs of req, a put the endpoint has just accepted, deletes it, and
// checks that the deletion holds: DescribeDestinations no longer lists
// it, and a second DeleteDestination answers ResourceNotFoundException
// (aws-delete). A destination still listed after a delete whose second
// delete answers ResourceNotFoundException is DescribeDestinations'
// fault (aws-describe): it shows a name that is gone. Nothing is judged
// when the put is not answered with a destination, an exchange fails
// (those are other rules' to judge), or a delete's answer says "not now"
// (unsettled).
func (d *Dialect) deleteCheck(ctx context.Context, v *campaign.DialectVerdict, send campaign.Send, index int, req object) {
	name := d.deleteCheckName(index)
	if !validName(name) {
		return // the run's prefix leaves no room for it
	}
	targetArn, _ := req.str("targetArn")
	roleArn, _ := req.str("roleArn")
	var violations []contract.Violation
	var followUps []campaign.FollowUp
	call := func(target string, body []byte) (transport.Response, bool) {
		r := transport.Request{Method: http.MethodPost, URL: d.o.Endpoint, Header: operationHeaders(target), Body: body}
		resp, err := send(ctx, r)
		if harnessStop(err) {
			return resp, false
		}
		followUps = append(followUps, campaign.FollowUp{Rule: rules.AWSDelete, Request: r, Response: resp, Err: err})
		return resp, err == nil
	}
	reason := "DeleteDestination of " + quote(name) + ", a destination the run had just created"
	resp, ok := call(PutDestination, marshal(map[string]string{"destinationName": name, "targetArn": targetArn, "roleArn": roleArn}))
	if !ok || resp.Status != http.StatusOK {
		return // nothing known to be created
	}
	if dest, ok := member(resp.Body, "destination"); !ok || kind(dest) != '{' {
		return
	}
	deleteBody := []byte(`{"destinationName":` + string(quoteJSON(name)) + `}`)
	if resp, ok = call(DeleteDestination, deleteBody); !ok || d.unsettled(resp) {
		return
	}
	if resp.Status != http.StatusOK {
		violations = append(violations, contract.Violation{Rule: rules.AWSDelete, Pointer: "", Reason: reason,
			Got: "DeleteDestination answered " + answerExcerpt(resp), Want: "200: the destination exists"})
		d.checkDelete(v, followUps, violations)
		return
	}
	listed, known := d.listedOnce(ctx, send, name, &followUps)
	if !known {
		return
	}
	resp, ok = call(DeleteDestination, deleteBody)
	if !ok || d.unsettled(resp) {
		return
	}
	gone := resp.Status != http.StatusOK && ErrorType(resp.Header, resp.Body) == ResourceNotFound
	switch {
	case listed && gone:
		// The deletion held: DescribeDestinations shows what is gone.
		d.check(v, rules.AWSDescribe, []contract.Violation{{Rule: rules.AWSDescribe, Pointer: "/destinations", Reason: reason,
			Got:  "DescribeDestinations still lists " + quote(name) + ", which a second DeleteDestination finds gone (ResourceNotFoundException)",
			Want: "no destination " + quote(name) + ": it was deleted"}})
		v.FollowUps = append(v.FollowUps, relabel(followUps, rules.AWSDescribe)...)
	case listed && resp.Status == http.StatusOK:
		violations = append(violations, contract.Violation{Rule: rules.AWSDelete, Pointer: "", Reason: reason,
			Got:  "DeleteDestination answered success, yet DescribeDestinations still lists " + quote(name) + " and a second DeleteDestination answers success again",
			Want: "the destination gone once DeleteDestination answered success"})
	case listed:
		violations = append(violations, contract.Violation{Rule: rules.AWSDelete, Pointer: "", Reason: reason,
			Got:  "DeleteDestination answered success, yet DescribeDestinations still lists " + quote(name) + " (a second DeleteDestination answered " + answerExcerpt(resp) + ")",
			Want: "the destination gone once DeleteDestination answered success"})
	case resp.Status == http.StatusOK:
		violations = append(violations, contract.Violation{Rule: rules.AWSDelete, Pointer: "", Reason: reason,
			Got:  "a second DeleteDestination answered success: the destination was still there",
			Want: "400 " + ResourceNotFound + ": it was deleted"})
	case !gone:
		violations = append(violations, contract.Violation{Rule: rules.AWSDelete, Pointer: "", Reason: reason,
			Got:  "a second DeleteDestination answered " + answerExcerpt(resp),
			Want: "400 " + ResourceNotFound + " (the model's error of DeleteDestination for a destination that does not exist)"})
	default:
		d.deletedInRun.Add(1) // not listed, and a second delete finds it gone
	}
	d.checkDelete(v, followUps, violations)
}

// unsettled reports whether a DeleteDestination answer tells nothing of
// the destination: throttling retried to the end, a 5xx, or one of the
// operation's errors that say "not now" (OperationAbortedException,
// ServiceUnavailableException, in the model's errors of the operation).
func (d *Dialect) unsettled(resp transport.Response) bool {
	switch ErrorType(resp.Header, resp.Body) {
	case "OperationAbortedException", "ServiceUnavailableException":
		return true
	}
	return resp.Status >= 500 || d.Throttled(resp, nil)
}

// checkDelete records the aws-delete judgement, with its follow-ups.
func (d *Dialect) checkDelete(v *campaign.DialectVerdict, followUps []campaign.FollowUp, vs []contract.Violation) {
	d.check(v, rules.AWSDelete, vs)
	v.FollowUps = append(v.FollowUps, followUps...)
}

// listedOnce reads DescribeDestinations with name as the prefix, page by
// page, and reports whether it lists name; known is false when that
// cannot be told (an exchange failed, an answer that is no page, more
// pages than maxDescribePages). Its exchanges join followUps.
func (d *Dialect) listedOnce(ctx context.Context, send campaign.Send, name string, followUps *[]campaign.FollowUp) (listed, known bool) {
	token := ""
	for page := 0; page < maxDescribePages; page++ {
		req := d.describeRequest(name, token, describeLimit)
		resp, err := send(ctx, req)
		if harnessStop(err) {
			return false, false
		}
		*followUps = append(*followUps, campaign.FollowUp{Rule: rules.AWSDelete, Request: req, Response: resp, Err: err})
		if err != nil {
			return false, false
		}
		p, err := readPage(resp)
		if err != nil {
			return false, false // aws-describe's to judge, where it checks pages
		}
		for _, o := range p.destinations {
			if n, _ := o.str("destinationName"); n == name {
				return true, true
			}
		}
		if p.nextToken == "" || p.nextToken == token {
			return false, true
		}
		token = p.nextToken
	}
	return false, false
}

// relabel is followUps under rule.
func relabel(followUps []campaign.FollowUp, rule rules.ID) []campaign.FollowUp {
	out := make([]campaign.FollowUp, len(followUps))
	for i, f := range followUps {
		f.Rule = rule
		out[i] = f
	}
	return out
}

// answerExcerpt is an answer in a few words: its status, error type and
// the start of its body.
func answerExcerpt(resp transport.Response) string {
	s := fmt.Sprint(resp.Status)
	if t := ErrorType(resp.Header, resp.Body); t != "" {
		s += " " + t
	}
	return s + " " + oneline.String(contract.Excerpt(resp.Body, 120))
}
