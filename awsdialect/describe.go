package awsdialect

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"unicode"

	"github.com/putdestination/conformance/campaign"
	"github.com/putdestination/conformance/contract"
	"github.com/putdestination/conformance/internal/oneline"
	"github.com/putdestination/conformance/rules"
	"github.com/putdestination/conformance/transport"
)

// maxDescribePages bounds the pages read to find one name, describeLimit
// entries each: the results are ASCII-sorted, so the name comes before
// every other name it starts, and a small page keeps the answer small
// (an emulator's destinations may carry ARNs of tens of kilobytes).
const (
	maxDescribePages = 5
	describeLimit    = 3
)

// describeRequest is DescribeDestinations of the names starting with
// prefix, from token ("" for the first page), limit entries a page (0: the
// endpoint's default).
func (d *Dialect) describeRequest(prefix, token string, limit int) transport.Request {
	in := map[string]any{"DestinationNamePrefix": prefix}
	if token != "" {
		in["nextToken"] = token
	}
	if limit > 0 {
		in["limit"] = limit
	}
	return transport.Request{Method: http.MethodPost, URL: d.o.Endpoint, Header: operationHeaders(DescribeDestinations), Body: marshal(in)}
}

// describePage is one page of DescribeDestinations.
type describePage struct {
	destinations []object
	nextToken    string
}

// readPage reads a DescribeDestinations answer; the error says, for a
// person, what is wrong with it.
func readPage(resp transport.Response) (describePage, error) {
	if resp.Status != http.StatusOK {
		return describePage{}, fmt.Errorf("%d %s", resp.Status, contract.Excerpt(resp.Body, 120))
	}
	body := members(resp.Body)
	if body == nil {
		return describePage{}, fmt.Errorf("200 with %s, not a JSON object", contract.Excerpt(resp.Body, 120))
	}
	var p describePage
	if raw, ok := body["destinations"]; ok && kind(raw) != 'n' {
		var list []json.RawMessage
		if json.Unmarshal(raw, &list) != nil {
			return describePage{}, fmt.Errorf("200 whose destinations is %s, not an array", excerpt(raw))
		}
		for _, item := range list {
			o := members(item)
			if o == nil {
				return describePage{}, fmt.Errorf("200 whose destinations hold %s, not an object", excerpt(item))
			}
			p.destinations = append(p.destinations, o)
		}
	}
	p.nextToken, _ = body.str("nextToken")
	return p, nil
}

// harnessStop reports whether the harness itself stopped the exchange
// (interruption, the request cap): nothing is judged then.
func harnessStop(err error) bool {
	var te *transport.Error
	return errors.As(err, &te) && te.Failure().Harness()
}

// describeCheck calls DescribeDestinations with name as the prefix and
// checks the destination of that name against what the last successful
// put of it answered, or no destination at all when none did. when says
// after what, for the reason of a violation.
func (d *Dialect) describeCheck(ctx context.Context, v *campaign.DialectVerdict, send campaign.Send, name, when string) {
	want, writes, ok := d.snapshot(name)
	if !ok {
		return // puts of the name overlap: what the endpoint holds is not known
	}
	var found object
	var token string
	for page := 0; page < maxDescribePages; page++ {
		req := d.describeRequest(name, token, describeLimit)
		resp, err := send(ctx, req)
		if harnessStop(err) {
			return // not judged: the harness stopped it
		}
		v.FollowUps = append(v.FollowUps, campaign.FollowUp{Rule: rules.AWSDescribe, Request: req, Response: resp, Err: err})
		var p describePage
		if err == nil {
			p, err = readPage(resp)
		}
		if err == nil && !d.unchanged(name, writes) {
			return // another put of the name came meanwhile
		}
		if err != nil {
			d.check(v, rules.AWSDescribe, []contract.Violation{{Rule: rules.AWSDescribe, Pointer: "",
				Got:    "DescribeDestinations answered " + oneline.String(err.Error()),
				Want:   "200 and {\"destinations\": [...]}",
				Reason: "DescribeDestinations with DestinationNamePrefix " + quote(name) + ", " + when}})
			return
		}
		if vs := pageViolations(name, p); vs != nil {
			d.check(v, rules.AWSDescribe, vs)
			return
		}
		for _, o := range p.destinations {
			if n, _ := o.str("destinationName"); n == name {
				found = o
			}
		}
		if found != nil || p.nextToken == "" || p.nextToken == token {
			vs := describeViolations(name, want, found, when)
			if vs == nil {
				vs = d.otherCase(ctx, v, send, name)
			}
			d.check(v, rules.AWSDescribe, vs)
			return
		}
		token = p.nextToken
	}
	// Not in the pages read, and more to come: no sound check.
}

// pageViolations: a page holds at most describeLimit destinations, each
// named with the prefix, matched exactly and case-sensitively.
func pageViolations(prefix string, p describePage) []contract.Violation {
	reason := "DescribeDestinations with DestinationNamePrefix " + quote(prefix) + " and limit " + fmt.Sprint(describeLimit)
	if len(p.destinations) > describeLimit {
		return []contract.Violation{{Rule: rules.AWSDescribe, Pointer: "/destinations", Reason: reason,
			Got: fmt.Sprintf("%d destinations on a page", len(p.destinations)), Want: fmt.Sprintf("at most %d (the limit)", describeLimit)}}
	}
	for _, o := range p.destinations {
		if n, ok := o.str("destinationName"); !ok || !strings.HasPrefix(n, prefix) {
			return []contract.Violation{{Rule: rules.AWSDescribe, Pointer: "/destinations/destinationName", Reason: reason,
				Got: "a destination " + quote(n), Want: "only names that start with " + quote(prefix) + ", matched exactly and case-sensitively"}}
		}
	}
	return nil
}

// otherCase calls DescribeDestinations with name in the other case (when
// it has letters): the first page may show no name outside that prefix,
// so an endpoint that matches prefixes regardless of case is caught on
// the name it has just shown.
func (d *Dialect) otherCase(ctx context.Context, v *campaign.DialectVerdict, send campaign.Send, name string) []contract.Violation {
	swapped := strings.Map(func(r rune) rune {
		if unicode.IsUpper(r) {
			return unicode.ToLower(r)
		}
		return unicode.ToUpper(r)
	}, name)
	if swapped == name || !validName(swapped) {
		return nil
	}
	req := d.describeRequest(swapped, "", describeLimit)
	resp, err := send(ctx, req)
	if err != nil {
		return nil // judged where it came: the probe asserts only what it shows
	}
	v.FollowUps = append(v.FollowUps, campaign.FollowUp{Rule: rules.AWSDescribe, Request: req, Response: resp})
	p, err := readPage(resp)
	if err != nil {
		return nil
	}
	return pageViolations(swapped, p)
}

// describeViolations compares the destination DescribeDestinations showed
// (nil: none) with the one wanted (nil: none).
func describeViolations(name string, want *destination, found object, when string) []contract.Violation {
	reason := "DescribeDestinations with DestinationNamePrefix " + quote(name) + ", " + when
	switch {
	case want == nil && found == nil:
		return nil
	case want == nil:
		t, _ := found.str("targetArn")
		return []contract.Violation{{Rule: rules.AWSDescribe, Pointer: "/destinations", Reason: reason,
			Got:  fmt.Sprintf("a destination %s (targetArn %s)", quote(name), quote(t)),
			Want: "none: no put of the name answered success, so none stored it"}}
	case found == nil:
		return []contract.Violation{{Rule: rules.AWSDescribe, Pointer: "/destinations", Reason: reason,
			Got:  "no destination " + quote(name),
			Want: fmt.Sprintf("the destination the last successful put wrote (targetArn %s)", quote(want.targetArn))}}
	}
	var vs []contract.Violation
	shown := destinationOf(found)
	for _, m := range []struct{ member, got, want, how string }{
		{"targetArn", shown.targetArn, want.targetArn, "sent"},
		{"roleArn", shown.roleArn, want.roleArn, "sent"},
		{"arn", shown.arn, want.arn, "answered"},
	} {
		if m.got != m.want {
			vs = append(vs, contract.Violation{Rule: rules.AWSDescribe, Pointer: "/destinations/" + m.member, Reason: reason,
				Got: fmt.Sprintf("%s %s", m.member, quote(m.got)), Want: fmt.Sprintf("%s as the last successful put %s", quote(m.want), m.how)})
		}
	}
	if got, wanted := strings.TrimSpace(string(shown.creationTime)), strings.TrimSpace(string(want.creationTime)); got != wanted {
		vs = append(vs, contract.Violation{Rule: rules.AWSDescribe, Pointer: "/destinations/creationTime", Reason: reason,
			Got: "creationTime " + excerpt(shown.creationTime), Want: excerpt(want.creationTime) + " as the last successful put answered"})
	}
	return vs
}
