package awsdialect

import (
	"context"
	"encoding/json"
	"fmt"
	"mime"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/putdestination/conformance/campaign"
	"github.com/putdestination/conformance/contract"
	"github.com/putdestination/conformance/oracle"
	"github.com/putdestination/conformance/rules"
	"github.com/putdestination/conformance/transport"
)

// CreationTimeSkew is how far a creationTime may lie outside the run's
// own clock window: the endpoint's clock and the harness's may differ.
const CreationTimeSkew = 5 * time.Minute

// destination is what a PutDestination answer says was written.
type destination struct {
	name, targetArn, roleArn, arn string
	creationTime                  json.RawMessage
}

func destinationOf(o object) destination {
	d := destination{creationTime: o["creationTime"]}
	d.name, _ = o.str("destinationName")
	d.targetArn, _ = o.str("targetArn")
	d.roleArn, _ = o.str("roleArn")
	d.arn, _ = o.str("arn")
	return d
}

// Judge makes the checks only this dialect can make, on one exchange whose
// answer the campaign has judged (normalized, x.Envelope):
//
//   - a success answer: its Content-Type is application/x-amz-json-1.1
//     (aws-content-type); for a valid request, the destination echoes the
//     request's destinationName, targetArn and roleArn (aws-echo), its arn
//     is the destination's in the run's region (aws-arn), its
//     creationTime is an integer and the one the name was first answered
//     with (aws-creation-time); after an update (a name answered with
//     success before), DescribeDestinations shows what this put wrote
//     (aws-describe, when no other put of the name overlapped: see
//     nameState);
//   - a success answer to a valid case at one of deleteCases: a
//     destination of the run's own is created, deleted, and found gone
//     (aws-delete; deleteCheck);
//   - a VALIDATION_ERROR answer to an invalid request: its error type is
//     the one ErrorClasses gives the request's class, where it gives one
//     (aws-error-type);
//   - a VALIDATION_ERROR answer to a request that carries a valid name of
//     the run: DescribeDestinations shows what the last successful put of
//     the name wrote, or nothing when there was none (aws-describe): an
//     endpoint that stores what it refuses is caught there.
//
// send sends the DescribeDestinations requests, which are returned as
// follow-ups of the verdict.
func (d *Dialect) Judge(ctx context.Context, x campaign.DialectExchange, send campaign.Send) campaign.DialectVerdict {
	var v campaign.DialectVerdict
	if x.Err != nil {
		return v
	}
	req := members(x.Request.Body)
	name, named := req.str("destinationName")
	switch x.Envelope {
	case oracle.SuccessEnvelope:
		d.check(&v, rules.AWSContentType, checkContentType(x.Response))
		body := members(x.Response.Body)
		destObj, _ := body.obj("destination")
		if x.Expect.Outcome == contract.Accept && named {
			d.check(&v, rules.AWSEcho, checkEcho(req, destObj))
			d.check(&v, rules.AWSArn, d.checkArn(name, destObj))
			d.check(&v, rules.AWSCreationTime, d.checkCreationTime(name, destObj))
		}
		if named && d.successes(name) > 1 && d.o.Rules.Has(rules.AWSDescribe) {
			d.describeCheck(ctx, &v, send, name, "after an update that answered success")
		}
		if x.Expect.Outcome == contract.Accept && x.Property == "valid" && slices.Contains(deleteCases, x.Index) && d.o.Rules.Has(rules.AWSDelete) {
			d.deleteCheck(ctx, &v, send, x.Index, req)
		}
	case oracle.ErrorEnvelope:
		if x.Expect.Outcome == contract.Reject {
			d.check(&v, rules.AWSErrorType, checkErrorType(x.Response.Header, x.Request.Body, x.Response.Body))
		}
		if named && d.runName(name) && d.o.Rules.Has(rules.AWSDescribe) {
			d.describeCheck(ctx, &v, send, name, "after a put that answered VALIDATION_ERROR")
		}
	}
	return v
}

// check records the judgement of one rule, when it is selected; nil
// violations is a pass.
func (d *Dialect) check(v *campaign.DialectVerdict, id rules.ID, vs []contract.Violation) {
	if !d.o.Rules.Has(id) {
		return
	}
	if !slices.Contains(v.Checked, id) {
		v.Checked = append(v.Checked, id)
	}
	v.Violations = append(v.Violations, vs...)
}

// runName reports whether name is one this run may create: a valid
// destinationName under the run's prefix.
func (d *Dialect) runName(name string) bool {
	return strings.HasPrefix(name, d.o.NamePrefix) && validName(name)
}

// validName is the model's DestinationName: 1 to 512 characters, no ':'
// or '*'.
func validName(name string) bool {
	n := len([]rune(name))
	return n >= 1 && n <= 512 && !strings.ContainsAny(name, ":*")
}

func checkContentType(resp transport.Response) []contract.Violation {
	ct := resp.Header.Get("Content-Type")
	if mt, _, _ := mime.ParseMediaType(ct); mt == ContentType {
		return nil
	}
	return []contract.Violation{{Rule: rules.AWSContentType, Pointer: "",
		Got: fmt.Sprintf("Content-Type %q on a success", ct), Want: ContentType,
		Reason: "the protocol is AWS JSON 1.1"}}
}

// checkEcho: the destination echoes the request's three members.
func checkEcho(req, dest object) []contract.Violation {
	var vs []contract.Violation
	for _, m := range []string{"destinationName", "targetArn", "roleArn"} {
		sent, _ := req.str(m)
		got, ok := dest.str(m)
		if ok && got == sent {
			continue
		}
		g := "no " + m
		if raw, present := dest[m]; present {
			g = m + " " + excerpt(raw)
		}
		vs = append(vs, contract.Violation{Rule: rules.AWSEcho, Pointer: "/destination/" + m,
			Got: g, Want: m + " " + quote(sent) + " as sent",
			Reason: "the answer is the destination the put wrote"})
	}
	return vs
}

// checkArn: arn is arn:<partition>:logs:<region>:<account>:destination:<name>,
// the region the request was signed for (RegionOf) and its partition
// (Partition), the account 12 digits and the same as in every other arn
// of the run.
func (d *Dialect) checkArn(name string, dest object) []contract.Violation {
	region := d.RegionOf(name)
	partition := d.partitions[region]
	bad := func(got, why string) []contract.Violation {
		return []contract.Violation{{Rule: rules.AWSArn, Pointer: "/destination/arn", Got: got,
			Want: fmt.Sprintf("arn:%s:logs:%s:<account>:destination:%s", partition, region, quote(name)), Reason: why}}
	}
	arn, ok := dest.str("arn")
	if !ok {
		if raw, present := dest["arn"]; present {
			return bad("arn "+excerpt(raw), "arn is a string")
		}
		return bad("no arn", "a destination has an arn")
	}
	parts := strings.SplitN(arn, ":", 7)
	if len(parts) != 7 || parts[0] != "arn" || parts[2] != Service || parts[5] != "destination" {
		return bad("arn "+quote(arn), "the shape of a destination's arn")
	}
	gotPartition, gotRegion, account, gotName := parts[1], parts[3], parts[4], parts[6]
	switch {
	case gotPartition != partition:
		return bad("arn "+quote(arn)+" in partition "+quote(gotPartition), "the request was signed for "+region+", of partition "+partition+" (the SDK's partition data)")
	case gotRegion != region:
		return bad("arn "+quote(arn)+" in region "+quote(gotRegion), "the request was signed for "+region)
	case !validAccount(account):
		return bad("arn "+quote(arn)+" with account "+quote(account), "an account id is 12 digits")
	case gotName != name:
		return bad("arn "+quote(arn)+" naming "+quote(gotName), "the arn names the destination")
	}
	if first := d.firstAccount(account); first != account {
		return bad("arn "+quote(arn)+" with account "+quote(account), "the run's credentials are one account: an earlier arn named "+quote(first))
	}
	return nil
}

// firstAccount records account if it is the first the run saw in an arn,
// and returns the first.
func (d *Dialect) firstAccount(account string) string {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.account == "" {
		d.account = account
	}
	return d.account
}

func validAccount(a string) bool {
	return len(a) == 12 && strings.Trim(a, "0123456789") == ""
}

// checkCreationTime: creationTime is a non-negative integer of epoch
// milliseconds within the run's clock window (from the run's start to
// now, CreationTimeSkew either side), and the one the name was first
// answered with.
func (d *Dialect) checkCreationTime(name string, dest object) []contract.Violation {
	raw, present := dest["creationTime"]
	n, integer := isInteger(raw)
	if !present || !integer || n < 0 {
		got := "no creationTime"
		if present {
			got = "creationTime " + excerpt(raw)
		}
		return []contract.Violation{{Rule: rules.AWSCreationTime, Pointer: "/destination/creationTime",
			Got: got, Want: "an integer number of milliseconds since the epoch", Reason: "the model's Timestamp is a long, at least 0"}}
	}
	if from, to := d.started.Add(-CreationTimeSkew), time.Now().Add(CreationTimeSkew); n < from.UnixMilli() || n > to.UnixMilli() {
		return []contract.Violation{{Rule: rules.AWSCreationTime, Pointer: "/destination/creationTime",
			Got:    "creationTime " + strconv.FormatInt(n, 10) + " (" + time.UnixMilli(n).UTC().Format(time.RFC3339) + " read as milliseconds)",
			Want:   fmt.Sprintf("epoch milliseconds from %d to %d", from.UnixMilli(), to.UnixMilli()),
			Reason: fmt.Sprintf("a destination is created during the run (its clock window, %v either side)", CreationTimeSkew)}}
	}
	text := strings.TrimSpace(string(raw))
	first, seen := d.firstCreation(name, text)
	if !seen || first == text {
		return nil
	}
	return []contract.Violation{{Rule: rules.AWSCreationTime, Pointer: "/destination/creationTime",
		Got: "creationTime " + text + " on update", Want: first + " as when " + quote(name) + " was created",
		Reason: "an update keeps the destination's creation time"}}
}
