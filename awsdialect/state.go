package awsdialect

import (
	"bytes"
	"encoding/json"
	"errors"
	"slices"
	"strings"

	"github.com/putdestination/conformance/contract"
	"github.com/putdestination/conformance/internal/jsontext"
	"github.com/putdestination/conformance/transport"
)

// nameState is what the run knows of one destinationName.
//
// Puts of one name may run at once (names drawn at the bounds, the prefix
// alone, the distinct probes' fixed pairs), and then what the endpoint
// holds is whichever it handled last, which the answers do not tell. So a
// DescribeDestinations check is made only of a name whose last successful
// put was the only put of the name in flight (not contested), and while no
// other put of it is on its way.
type nameState struct {
	sent bool // a PutDestination carried it
	// prepared counts the puts of the name signed; attempts those sent
	// through Do. A put sent otherwise (the campaign's first request, the
	// desync check) leaves prepared above attempts: its answer is not
	// known, and no DescribeDestinations check of the name is sound.
	prepared, attempts int
	writes             int  // puts started (Do)
	inflight           int  // puts not answered yet
	successes          int  // puts answered with a destination
	unanswered         bool // a put got no answer: the endpoint may have stored it
	// contested: puts of the name overlapped since its last lone success.
	contested bool
	// last is what the last lone successful put answered (nil: none).
	last *destination
	// creationTime is the first creationTime the name was answered with.
	creationTime string
}

// update runs f on the state of name, made if need be (unless the run
// already tracks maxTracked names: then f does not run).
func (d *Dialect) update(name string, f func(*nameState)) {
	d.mu.Lock()
	defer d.mu.Unlock()
	n := d.names[name]
	if n == nil {
		if len(d.names) >= maxTracked {
			return
		}
		n = &nameState{}
		d.names[name] = n
	}
	f(n)
}

// put is one put in flight, as begin saw it.
type put struct {
	alone  bool // no other put of the name was in flight
	writes int  // the name's writes, this one included
}

// begin starts a put of name.
func (d *Dialect) begin(name string) put {
	var p put
	d.update(name, func(n *nameState) {
		n.writes++
		p = put{alone: n.inflight == 0, writes: n.writes}
		n.inflight++
	})
	return p
}

// end finishes the put p of name, whose body was body, with its answer: a
// destination in the answer is a success (as Normalize reads it), and no
// answer at all leaves the name unsure. What a success wrote is the ARNs
// the request sent (the answer may echo others: that is aws-echo's), the
// arn and creationTime the endpoint gave; a request whose ARNs a server
// may read either way (a member twice, invalid UTF-8) leaves the name
// contested.
func (d *Dialect) end(name string, p put, body []byte, resp transport.Response, err error) {
	dest, success := destination{}, false
	if err == nil {
		if raw, ok := member(resp.Body, "destination"); ok && kind(raw) == '{' {
			if o := members(raw); o != nil {
				dest, success = destinationOf(o), true
			}
		}
	}
	plain := true
	if success {
		var sent destination
		sent, plain = plainRequest(body)
		dest.targetArn, dest.roleArn = sent.targetArn, sent.roleArn
	}
	var te *transport.Error
	unanswered := err != nil && resp.Status == 0 && !(errors.As(err, &te) && (te.Kind == contract.FailBudget || te.Kind == contract.FailInvalid))
	d.update(name, func(n *nameState) {
		n.inflight--
		lone := p.alone && n.writes == p.writes
		if !lone || success && !plain {
			n.contested = true // what the endpoint holds is not known
		}
		if unanswered {
			n.unanswered = true
		}
		if success {
			n.successes++
			if lone && plain {
				n.last, n.contested = &dest, false
			}
		}
	})
}

// snapshot is what a DescribeDestinations check of name wants (last, nil
// for no destination) and the writes it must see unchanged; ok is false
// when no sound check can be made now.
func (d *Dialect) snapshot(name string) (last *destination, writes int, ok bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	n := d.names[name]
	if n == nil || n.inflight > 0 || n.contested || n.unanswered || n.prepared > n.attempts {
		return nil, 0, false
	}
	return n.last, n.writes, true
}

// unchanged reports whether no put of name started since writes were
// counted, and none is in flight.
func (d *Dialect) unchanged(name string, writes int) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	n := d.names[name]
	return n != nil && n.inflight == 0 && n.writes == writes && n.prepared <= n.attempts
}

// successes is how many puts of name were answered with a destination.
func (d *Dialect) successes(name string) int {
	d.mu.Lock()
	defer d.mu.Unlock()
	if n := d.names[name]; n != nil {
		return n.successes
	}
	return 0
}

// firstCreation records creationTime for name if it is the first, and
// returns the first.
func (d *Dialect) firstCreation(name, creationTime string) (first string, seen bool) {
	d.update(name, func(n *nameState) {
		first, seen = n.creationTime, n.creationTime != ""
		if !seen {
			n.creationTime = creationTime
		}
	})
	return first, seen
}

// cleanupCandidates are the names cleanup deletes without listing them:
// every name answered with success, every name whose put got no answer.
func (d *Dialect) cleanupCandidates() []string {
	d.mu.Lock()
	defer d.mu.Unlock()
	var out []string
	for name, n := range d.names {
		if n.successes > 0 || n.unanswered {
			out = append(out, name)
		}
	}
	return out
}

// ours reports whether a destination listed under the prefix is the run's:
// every one under a prefix made for the run, else the names it sent.
func (d *Dialect) ours(name string) bool {
	if !strings.HasPrefix(name, d.o.NamePrefix) {
		return false
	}
	if d.o.OwnsPrefix {
		return true
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	n := d.names[name]
	return n != nil && n.sent
}

// plainRequest reads the ARNs of a put's body, in one pass; plain is
// false when a server could read them otherwise than encoding/json does
// (a member named twice, invalid UTF-8, an ARN that is not a string).
func plainRequest(body []byte) (sent destination, plain bool) {
	var found int
	// The decoder's defaults refuse a name given twice and invalid UTF-8.
	err := jsontext.Members(body, func(name string, v jsontext.Value) error {
		var dst *string
		switch name {
		case "targetArn":
			dst = &sent.targetArn
		case "roleArn":
			dst = &sent.roleArn
		default:
			return nil
		}
		if v.Kind() != '"' {
			return errNotPlain
		}
		b, err := jsontext.AppendUnquote(nil, v)
		if err != nil {
			return err
		}
		*dst = string(b)
		found++
		return nil
	})
	if err != nil {
		return destination{}, false
	}
	return sent, found == 2
}

// errNotPlain stops plainRequest at an ARN that is not a string.
var errNotPlain = errors.New("an ARN that is not a JSON string")

// endRaw finishes a put whose destinationName is not a JSON string (or is
// absent: taken as null, as an endpoint that stores it reads it): when the
// answer says a destination was written, or none came, the value is
// remembered for cleanup, which deletes by the same JSON value.
func (d *Dialect) endRaw(body []byte, resp transport.Response, err error) {
	if members(body) == nil {
		return // not one JSON object: nothing an endpoint could name
	}
	var te *transport.Error
	unanswered := err != nil && resp.Status == 0 && !(errors.As(err, &te) && (te.Kind == contract.FailBudget || te.Kind == contract.FailInvalid))
	created := false
	if err == nil {
		raw, ok := member(resp.Body, "destination")
		created = ok && kind(raw) == '{'
	}
	if !created && !unanswered {
		return
	}
	raw, ok := member(body, "destinationName")
	if !ok {
		raw = json.RawMessage("null")
	}
	var compact bytes.Buffer
	if json.Compact(&compact, raw) != nil {
		return
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if len(d.raw) < maxTracked {
		d.raw[compact.String()] = json.RawMessage(compact.Bytes())
		if created {
			d.rawCreated[compact.String()] = true
		}
	}
}

// rawCandidates are the names endRaw remembered, sorted by their JSON text.
func (d *Dialect) rawCandidates() []json.RawMessage {
	d.mu.Lock()
	defer d.mu.Unlock()
	keys := make([]string, 0, len(d.raw))
	for k := range d.raw {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	out := make([]json.RawMessage, len(keys))
	for i, k := range keys {
		out[i] = d.raw[k]
	}
	return out
}

// rawStored reports whether an answer said a destination was written under
// raw (not only that a put with it got no answer).
func (d *Dialect) rawStored(raw json.RawMessage) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.rawCreated[string(raw)]
}
