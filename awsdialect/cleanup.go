package awsdialect

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/putdestination/conformance/internal/oneline"
	"github.com/putdestination/conformance/internal/shell"
	"github.com/putdestination/conformance/result"
	"github.com/putdestination/conformance/transport"
)

// maxListPages bounds the pages cleanup reads of the run's destinations.
const maxListPages = 400

// cleanupRounds is how many times cleanup lists what is left and deletes
// it: a put in flight when the run was interrupted may land after the
// first round.
const cleanupRounds = 3

// Cleanup deletes every destination the run created, with client (which
// must not be capped: the campaign's cap may be spent) until ctx ends:
// every name answered with success, every name whose put got no answer,
// every destinationName that was not a JSON string but was answered with
// a destination (deleted by the same JSON value: an endpoint may store
// null, 42 or an object as a name), and every destination under the run's
// prefix that the run sent (all of them when the prefix is the run's own).
//
// A deletion counts only once it is seen to hold (those of the delete
// checks during the campaign included): the name is no longer
// listed under the prefix, or, for a name the listing cannot show (outside
// the prefix, not a string, the listing failing), a second
// DeleteDestination answers ResourceNotFoundException. Everything known
// to remain is returned as a leftover with the reason and a command that
// deletes it.
func (d *Dialect) Cleanup(ctx context.Context, client *transport.Client) result.Cleanup {
	start := client.Sent()
	// The delete checks' destinations, removed and seen gone during the
	// campaign, count among the deletions.
	c := result.Cleanup{Deleted: int(d.deletedInRun.Load())}
	left := map[string]string{}    // name -> why it is still there
	refused := map[string]string{} // name -> what its last DeleteDestination answered
	claimed := map[string]bool{}   // names a DeleteDestination answered with success
	first := d.cleanupCandidates()
	// elsewhere are the names a listing found only in another region than
	// their own (RegionOf): deleted there.
	elsewhere := map[string]string{}
	in := func(name string) context.Context {
		if r, ok := elsewhere[name]; ok {
			return withRegion(ctx, r)
		}
		return ctx
	}
	var listErr error
	for round := 0; ; round++ {
		var names []string
		names, listErr = d.list(ctx, client, elsewhere)
		targets := map[string]bool{}
		for _, name := range names {
			if d.ours(name) {
				targets[name] = true
			}
		}
		if listErr == nil {
			// The listing is the truth of what is left under the prefix.
			left = map[string]string{}
			for name := range targets {
				left[name] = fmt.Sprintf("still listed by DescribeDestinations after %d rounds of cleanup", round)
				if claimed[name] {
					left[name] = fmt.Sprintf("DeleteDestination answered success, but DescribeDestinations still lists it after %d rounds of cleanup", round)
				}
			}
		}
		for name := range refused {
			targets[name] = true
		}
		if round == 0 {
			for _, name := range first {
				targets[name] = true
			}
		}
		if len(targets) == 0 || round == cleanupRounds || round > 0 && listErr != nil || ctx.Err() != nil {
			break
		}
		batch := make([]string, 0, len(targets))
		for name := range targets {
			batch = append(batch, name)
		}
		slices.Sort(batch)
		for _, name := range batch {
			if ctx.Err() != nil {
				left[name] = "not deleted: cleanup ran out of time"
				continue
			}
			switch gone, why := d.delete(in(name), client, quoteJSON(name)); gone {
			case deletedNow:
				claimed[name] = true
				delete(left, name)
				delete(refused, name)
			case notThere:
				delete(left, name)
				delete(refused, name)
			default:
				left[name] = "DeleteDestination answered " + why
				refused[name] = why
			}
		}
		if listErr != nil {
			break // nothing to check the deletions against
		}
	}
	// A claimed deletion the listing cannot confirm (a name outside the
	// prefix, or no listing) is confirmed by a second DeleteDestination.
	for name := range claimed {
		if _, still := left[name]; still {
			continue
		}
		if listErr == nil && strings.HasPrefix(name, d.o.NamePrefix) {
			c.Deleted++ // not listed any more
			continue
		}
		if why, ok := d.confirm(in(name), client, quoteJSON(name)); ok {
			c.Deleted++
		} else {
			left[name] = why
		}
	}
	c.Leftovers = []result.Leftover{}
	for _, raw := range d.rawCandidates() {
		if ctx.Err() != nil {
			c.Leftovers = append(c.Leftovers, d.rawLeftover(raw, "not deleted: cleanup ran out of time"))
			continue
		}
		switch gone, why := d.delete(ctx, client, raw); gone {
		case deletedNow:
			if why, ok := d.confirm(ctx, client, raw); ok {
				c.Deleted++
			} else {
				c.Leftovers = append(c.Leftovers, d.rawLeftover(raw, why))
			}
		case notThere:
		default:
			if !d.rawStored(raw) {
				// Its put got no answer and the delete did not find it:
				// not known to be there.
				continue
			}
			c.Leftovers = append(c.Leftovers, d.rawLeftover(raw, "DeleteDestination answered "+why))
		}
	}
	switch {
	case ctx.Err() != nil:
		c.Error = "cleanup ran out of time: " + ctx.Err().Error()
	case listErr != nil:
		c.Error = "DescribeDestinations " + oneline.String(listErr.Error()) + ": only the names the run saw created or unanswered were deleted"
	}
	names := make([]string, 0, len(left))
	for name := range left {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		why := left[name]
		if r, ok := refused[name]; ok && !strings.HasPrefix(why, "DeleteDestination") {
			why += "; DeleteDestination answered " + r
		}
		region := d.RegionOf(name)
		if r, ok := elsewhere[name]; ok {
			region = r
		}
		c.Leftovers = append(c.Leftovers, result.Leftover{Name: name, Command: d.deleteCommand(name, region), Reason: why})
	}
	c.Requests = client.Sent() - start
	return c
}

// confirm sends DeleteDestination of name (a JSON value) again after one
// answered success: ResourceNotFoundException says the first one held.
// Otherwise why says what the answer shows.
func (d *Dialect) confirm(ctx context.Context, client *transport.Client, name json.RawMessage) (why string, ok bool) {
	switch gone, answered := d.delete(ctx, client, name); gone {
	case notThere:
		return "", true
	case deletedNow:
		return "DeleteDestination answered success, then success again instead of ResourceNotFoundException: it was still there", false
	default:
		return "DeleteDestination answered success, then " + answered + " instead of ResourceNotFoundException: not known to be gone", false
	}
}

// rawLeftover is the leftover of a destination stored under a name that
// is not a JSON string: the AWS CLI cannot send one, so its command is
// curl's.
func (d *Dialect) rawLeftover(raw json.RawMessage, why string) result.Leftover {
	body := `{"destinationName":` + string(raw) + `}`
	cmd := "curl -sS " + d.CurlAuth(d.o.Region) + " -H 'Content-Type: " + ContentType + "' -H 'X-Amz-Target: " + DeleteDestination + "' --data-binary " + shell.Quote(body) + " " + shell.Quote(d.o.Endpoint)
	return result.Leftover{Name: string(raw), Command: cmd,
		Reason: "stored under the destinationName " + excerpt(raw) + ", not a JSON string; " + why}
}

// quoteJSON is name as a JSON string.
func quoteJSON(name string) json.RawMessage { return marshal(name) }

// list is every destination name under the run's prefix, in every
// region the run signed for (an endpoint may keep each region apart), each
// name once; a name listed only in another region than its own
// (RegionOf) is added to elsewhere with that region.
func (d *Dialect) list(ctx context.Context, client *transport.Client, elsewhere map[string]string) ([]string, error) {
	var names []string
	found := map[string][]string{}
	var err error
	for _, region := range d.Regions() {
		var in []string
		in, err = d.listRegion(withRegion(ctx, region), client)
		for _, n := range in {
			if found[n] == nil {
				names = append(names, n)
			}
			found[n] = append(found[n], region)
		}
		if err != nil {
			break
		}
	}
	for n, regions := range found {
		if !slices.Contains(regions, d.RegionOf(n)) {
			elsewhere[n] = regions[0]
		}
	}
	return names, err
}

// listRegion is every destination name under the run's prefix in the
// region ctx names.
func (d *Dialect) listRegion(ctx context.Context, client *transport.Client) ([]string, error) {
	var names []string
	token := ""
	for page := 0; page < maxListPages; page++ {
		req := d.describeRequest(d.o.NamePrefix, token, 50)
		resp, err := d.Do(ctx, req, client.Do)
		if err != nil {
			return names, fmt.Errorf("failed: %v", err)
		}
		p, err := readPage(resp)
		if err != nil {
			return names, fmt.Errorf("answered %v", err)
		}
		for _, o := range p.destinations {
			if n, ok := o.str("destinationName"); ok {
				names = append(names, n)
			}
		}
		if p.nextToken == "" || p.nextToken == token {
			return names, nil
		}
		token = p.nextToken
	}
	return names, fmt.Errorf("listed more than %d pages", maxListPages)
}

type deletion int

const (
	deleteFailed deletion = iota
	deletedNow
	notThere
)

// delete calls DeleteDestination for name, a JSON value (a string, or what
// the endpoint stored in its place).
func (d *Dialect) delete(ctx context.Context, client *transport.Client, name json.RawMessage) (deletion, string) {
	req := transport.Request{Method: http.MethodPost, URL: d.o.Endpoint, Header: operationHeaders(DeleteDestination),
		Body: []byte(`{"destinationName":` + string(name) + `}`)}
	resp, err := d.Do(ctx, req, client.Do)
	switch {
	case err != nil:
		return deleteFailed, oneline.String(err.Error())
	case resp.Status == http.StatusOK:
		return deletedNow, ""
	case ErrorType(resp.Header, resp.Body) == "ResourceNotFoundException":
		return notThere, ""
	}
	return deleteFailed, fmt.Sprintf("%d %s", resp.Status, oneline.String(string(resp.Body[:min(len(resp.Body), 200)])))
}

// DeleteCommand is the AWS CLI command that deletes the destination name
// at the run's endpoint (no --endpoint-url for AWS's own), in the region
// the run signs the name's requests for.
func (d *Dialect) DeleteCommand(name string) string { return d.deleteCommand(name, d.RegionOf(name)) }

// deleteCommand is DeleteCommand in region.
func (d *Dialect) deleteCommand(name, region string) string {
	cmd := "aws logs delete-destination --region " + region + " --destination-name " + shell.Quote(name)
	if u, err := url.Parse(d.o.Endpoint); err != nil || !strings.HasSuffix(u.Hostname(), ".amazonaws.com") {
		cmd += " --endpoint-url " + shell.Quote(d.o.Endpoint)
	}
	return cmd
}
