package parity

import (
	"cmp"
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/putdestination/conformance/campaign"
	"github.com/putdestination/conformance/contract"
	"github.com/putdestination/conformance/result"
	"github.com/putdestination/conformance/rules"
	"github.com/putdestination/conformance/transport"
)

// Options is one parity check.
type Options struct {
	// Endpoint is the URL the recorded requests are sent to.
	Endpoint string
	// Transport bounds the exchanges and carries the endpoint's
	// credentials (Headers), and in the aws dialect the signing of every
	// request (Prepare: package awsdialect's); its Observe is not used.
	Transport transport.Config
	// Rules is the normalization table (nil: DefaultRules).
	Rules Rules
	// Prefix replaces the cassette's name prefix in request bodies ("":
	// a fresh one of the same length, so no name changes length).
	Prefix string
	// Reproduce is the command that runs the same check, for the result.
	Reproduce string
	// Side is the endpoint's own region and partition, in the aws dialect
	// (see Rules, ARN).
	Side Side
	// Source names the cassette in the result, as its spec: the contract
	// the endpoint is checked against is the recording ("": "cassette").
	Source string
}

// Needs is what reproducing a parity finding needs.
const Needs = "the cassette's requests before it, in order, under a fresh name prefix: run the parity check again"

// Check sends the cassette's requests, in order, to opt.Endpoint, and
// returns a result whose findings, under rules.Parity, are the answers
// that differ from the reference's after normalization, each with the
// reference's recorded exchange as Reference. The result lists the
// normalization table it used (Result.Normalization). The error is the harness's
// own: an unreadable cassette, an endpoint that cannot be reached.
func Check(ctx context.Context, h *HAR, opt Options) (*result.Result, error) {
	meta := h.Log.Harness
	switch {
	case meta.Dialect == rules.AWS && opt.Transport.Prepare == nil:
		return nil, fmt.Errorf("cassette: dialect aws: its requests need signing again for the endpoint (conformance.Parity signs them)")
	case meta.Dialect != rules.Envelope && meta.Dialect != rules.AWS:
		return nil, fmt.Errorf("cassette: dialect %q: want %s or %s", meta.Dialect, rules.Envelope, rules.AWS)
	}
	if meta.NamePrefix == "" {
		return nil, errors.New("cassette: no name prefix: its names would collide with a run's")
	}
	rs := opt.Rules
	if rs == nil {
		rs = DefaultRules
	}
	if err := rs.Validate(); err != nil {
		return nil, err
	}
	prefix := opt.Prefix
	if prefix == "" {
		prefix = freshPrefix(meta.NamePrefix)
	}
	if len(prefix) != len(meta.NamePrefix) {
		return nil, fmt.Errorf("name prefix %q: want %d bytes, as the cassette's %q, so that no name changes length", prefix, len(meta.NamePrefix), meta.NamePrefix)
	}
	tc := opt.Transport
	tc.Observe = nil
	client, err := transport.New(tc)
	if err != nil {
		return nil, err
	}
	defer client.Close()

	started := time.Now()
	res := &result.Result{Format: result.Format, Endpoint: transport.RedactURL(opt.Endpoint), Seed: meta.Seed, Budget: meta.Budget, Workers: 1,
		Started: started, Reproduce: opt.Reproduce, Dialect: meta.Dialect,
		Spec: result.Spec{Source: cmp.Or(opt.Source, "cassette"), SHA256: h.SHA256()}, Findings: []result.Finding{}, Properties: []result.Property{}}
	res.Normalization = rs.Table()
	judge := newComparer(rs, Side{Region: meta.Region, Partition: meta.Partition, SecondRegion: meta.SecondRegion}, opt.Side)
	bySignature := map[string]int{}
	failed := 0
	latency := make([]int, len(campaign.LatencyBounds)+1)
	// tokens pairs the reference's paging tokens with the endpoint's,
	// each from the answer to the same request: a recorded request that
	// sends the reference's token is sent with the endpoint's.
	tokens := map[string]string{}
	for i, e := range h.Log.Entries {
		if err := ctx.Err(); err != nil {
			res.Interrupted = true
			break
		}
		req, err := replayRequest(e, opt.Endpoint, meta.NamePrefix, prefix, tokens)
		if err != nil {
			return nil, fmt.Errorf("cassette entry %d: %v", i, err)
		}
		sent := time.Now()
		resp, err := client.Do(ctx, req)
		latency[bucket(time.Since(sent))]++
		if i == 0 {
			var te *transport.Error
			if errors.As(err, &te) && (te.Kind == contract.FailUnreachable || te.Kind == contract.FailTLS) {
				return nil, fmt.Errorf("endpoint %s: %v", transport.RedactURL(opt.Endpoint), client.Scrub(te.Error()))
			}
		}
		ref, err2 := recordedAnswer(e)
		if err2 != nil {
			return nil, fmt.Errorf("cassette entry %d: %v", i, err2)
		}
		got := Answer{Status: resp.Status, ContentType: resp.Header.Get("Content-Type"), Body: unprefixed(resp.Body, meta.NamePrefix, prefix)}
		if r, g := memberString(ref.Body, "nextToken"), memberString(resp.Body, "nextToken"); r != "" && g != "" {
			tokens[r] = g
		}
		if err != nil {
			var te *transport.Error
			if errors.As(err, &te) {
				got.Failure = string(te.Kind)
			}
		}
		body, _ := decode(postText(e))
		vs := client.ScrubViolations(judge.compare(nameOf(body), ref, got))
		if len(vs) == 0 {
			continue
		}
		failed++
		sig := signature(vs)
		if n, ok := bySignature[sig]; ok {
			res.Findings[n].Count++
			continue
		}
		bySignature[sig] = len(res.Findings)
		res.Findings = append(res.Findings, finding(client, i, e, req, resp, err, vs, sig, meta.NamePrefix))
	}
	res.Requests = client.Sent()
	for _, b := range campaign.LatencyBounds {
		res.Latency.BoundsMS = append(res.Latency.BoundsMS, b.Milliseconds())
	}
	res.Latency.Counts = latency
	// Every id of the sequence is remembered (the equality classes).
	res.IDIndex = max(1, len(h.Log.Entries))
	res.DurationMS = time.Since(started).Milliseconds()
	res.Properties = append(res.Properties, result.Property{Name: "parity", Requests: len(h.Log.Entries), Failed: failed})
	res.Verdict = result.Conformant
	if len(res.Findings) > 0 {
		res.Verdict = result.NonConformant
	}
	for _, r := range rules.All {
		row := result.RuleOutcome{ID: r.ID, Title: r.Title, Status: result.Skipped, SpecRefs: r.SpecRefs}
		if r.ID == rules.Parity {
			row.Cases, row.Failures, row.Status = len(h.Log.Entries), failed, result.Pass
			if failed > 0 {
				row.Status = result.Fail
			}
		}
		res.Rules = append(res.Rules, row)
	}
	return res, nil
}

// bucket is the latency histogram's bucket of d.
func bucket(d time.Duration) int {
	for i, b := range campaign.LatencyBounds {
		if d < b {
			return i
		}
	}
	return len(campaign.LatencyBounds)
}

// replayRequest is an entry's request for endpoint, under prefix instead
// of the recorded one, a recorded paging token (nextToken) replaced by the
// endpoint's it is paired with in tokens; redacted headers are left out,
// for the client's own (Transport.Headers) to take their place.
func replayRequest(e Entry, endpoint, recorded, prefix string, tokens map[string]string) (transport.Request, error) {
	h := http.Header{}
	for _, nv := range e.Request.Headers {
		if nv.Value != "REDACTED" {
			h.Add(nv.Name, nv.Value)
		}
	}
	req := transport.Request{Method: e.Request.Method, URL: endpoint, Header: h, Alone: e.Alone}
	if e.Request.PostData != nil {
		body, err := decode(postText(e))
		if err != nil {
			return req, err
		}
		if theirs, ok := tokens[memberString(body, "nextToken")]; ok {
			body = withMember(body, "nextToken", theirs)
		}
		req.Body = reprefixed(body, recorded, prefix)
	}
	return req, nil
}

func postText(e Entry) (string, string) {
	if e.Request.PostData == nil {
		return "", ""
	}
	return e.Request.PostData.Text, e.Request.PostData.Encoding
}

// recordedAnswer is the reference's answer in an entry.
func recordedAnswer(e Entry) (Answer, error) {
	body, err := decode(e.Response.Content.Text, e.Response.Content.Encoding)
	if err != nil {
		return Answer{}, err
	}
	return Answer{Status: e.Response.Status, ContentType: header(e.Response.Headers).Get("Content-Type"), Body: body, Failure: e.Failure}, nil
}

// nameOf is the destination name a request body is about ("" if none).
func nameOf(body []byte) string {
	var m map[string]any
	if json.Unmarshal(body, &m) != nil {
		return ""
	}
	for _, k := range []string{"destinationName", "DestinationNamePrefix"} {
		if s, ok := m[k].(string); ok {
			return s
		}
	}
	return ""
}

// signature is what findings of one cause share: the pointers and the
// kinds of difference, not the values.
func signature(vs []contract.Violation) string {
	parts := make([]string, len(vs))
	for i, v := range vs {
		parts[i] = contract.DisplayPointer(v.Pointer) + " " + v.Reason
	}
	slices.Sort(parts)
	return string(rules.Parity) + "|" + strings.Join(slices.Compact(parts), "|")
}

// finding is the finding of entry i: the candidate's exchange, with the
// reference's as Reference.
func finding(c *transport.Client, i int, e Entry, req transport.Request, resp transport.Response, err error, vs []contract.Violation, sig, recorded string) result.Finding {
	f := result.Finding{Rule: rules.Parity, Signature: sig, Count: 1, Summary: vs[0].String(), Violations: vs, Property: "parity",
		Case: fmt.Sprintf("cassette entry %d", i), CaseIndex: i, Expect: contract.Expectation{Outcome: contract.Either}, Shrink: result.ShrinkNone,
		Request: result.Request{Method: req.Method, URL: transport.RedactURL(req.URL), Headers: c.SentHeader(req), Body: result.Body(req.Body)},
		Curl:    c.Curl(req), Needs: Needs, Replay: result.Replay{Shape: result.ShapeRun, NamePrefix: recorded}}
	if err != nil {
		f.Error = c.Scrub(err.Error())
	}
	if resp.Status != 0 {
		f.Response = &result.Response{Status: resp.Status, Headers: c.ScrubHeader(resp.Header), Body: result.Body(c.Scrub(string(resp.Body)))}
	}
	refBody, _ := decode(postText(e))
	f.Reference = &result.Exchange{Request: result.Request{Method: e.Request.Method, URL: e.Request.URL, Headers: header(e.Request.Headers), Body: result.Body(refBody)}, Error: e.Error}
	if e.Response.Status != 0 {
		body, _ := decode(e.Response.Content.Text, e.Response.Content.Encoding)
		f.Reference.Response = &result.Response{Status: e.Response.Status, Headers: header(e.Response.Headers), Body: result.Body(body)}
	}
	return f
}

// freshPrefix is a prefix of the length of old, of lowercase letters and
// digits, ending as old does with "-" when it does.
func freshPrefix(old string) string {
	const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"
	n := len(old)
	tail := ""
	if strings.HasSuffix(old, "-") {
		n, tail = n-1, "-"
	}
	b := make([]byte, n)
	_, _ = rand.Read(b)
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	if n > 0 {
		b[0] = 'p'
	}
	return string(b) + tail
}
