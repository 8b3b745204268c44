package parity

import (
	"bytes"
	"encoding/json"
	"fmt"
	"mime"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/putdestination/conformance/awsdialect"
	"github.com/putdestination/conformance/contract"
	"github.com/putdestination/conformance/rules"
)

// Answer is what one side answered to one request.
type Answer struct {
	Status      int
	ContentType string
	Body        []byte
	// Failure is the transport's failure ("" when none).
	Failure string
}

// comparer compares the answers of a sequence, in order: the equality
// classes of ids and the timestamps of each name span the sequence.
type comparer struct {
	rules Rules
	// own are the reference's ([0]) and the endpoint's ([1]) own region
	// and partition, where known: an ARN in its side's own is masked.
	own [2]Side
	// accounts number the accounts each side's ARNs name, in the order
	// first seen: an account is compared as an equality class.
	accounts [2]map[string]int
	// refToGot and gotToRef pair the ids of the two sides.
	refToGot, gotToRef map[string]string
	// request is the name the request being compared is about (a put's,
	// a listing's prefix): it chooses the region the request was signed
	// for, which the answer's ARNs name (see maskARN).
	request string
	// stamps are the first timestamps seen of a name at a pointer.
	stamps map[string][2]string
}

// Side is what the harness knows of one side of a comparison: the region
// its requests were signed for and that region's partition ("" when not
// known: the envelope dialect, a cassette that does not say).
type Side struct {
	Region, Partition string
	// SecondRegion is the side's second region ("": none): the requests
	// about some names were signed for it (awsdialect.RegionFor).
	SecondRegion string
}

func newComparer(rs Rules, ref, got Side) *comparer {
	return &comparer{rules: rs, own: [2]Side{ref, got}, accounts: [2]map[string]int{{}, {}},
		refToGot: map[string]string{}, gotToRef: map[string]string{}, stamps: map[string][2]string{}}
}

// compare returns how got diverges from ref, the reference's answer to
// the same request; name is the request's destination name (timestamps
// are followed per name).
func (c *comparer) compare(name string, ref, got Answer) []contract.Violation {
	c.request = name
	var vs []contract.Violation
	add := func(ptr, g, w, reason string) {
		vs = append(vs, contract.Violation{Rule: rules.Parity, Pointer: ptr, Got: g, Want: w, Reason: reason})
	}
	if ref.Failure != got.Failure {
		add("", orNone(got.Failure, "a response"), orNone(ref.Failure, "a response"), "the transport's outcome")
	}
	if ref.Status != got.Status {
		add("", fmt.Sprintf("status %d", got.Status), fmt.Sprintf("status %d", ref.Status), "status")
	}
	if mediaType(ref.ContentType) != mediaType(got.ContentType) {
		add("", fmt.Sprintf("Content-Type %q", got.ContentType), fmt.Sprintf("Content-Type %q", ref.ContentType), "content type")
	}
	rv, rerr := decodeJSON(ref.Body)
	gv, gerr := decodeJSON(got.Body)
	if rerr != nil || gerr != nil {
		if !bytes.Equal(ref.Body, got.Body) {
			add("", excerpt(got.Body), excerpt(ref.Body), "the bodies, one of them not JSON")
		}
		return vs
	}
	c.value(name, "", rv, gv, true, true, add)
	return vs
}

// value compares the members at ptr: ref and got, present or not.
func (c *comparer) value(name, ptr string, ref, got any, refOK, gotOK bool, add func(ptr, g, w, reason string)) {
	treat := c.rules.treat(ptr)
	switch {
	case treat == Drop:
		return
	case treat == NullIsAbsent && (!refOK || ref == nil) && (!gotOK || got == nil):
		return
	case refOK != gotOK:
		add(ptr, presence(got, gotOK), presence(ref, refOK), "member present or absent")
		return
	case !refOK:
		return
	case (ref == nil) != (got == nil):
		add(ptr, show(got), show(ref), "null or not")
		return
	}
	switch treat {
	case ID:
		c.id(ptr, ref, got, add)
		return
	case Timestamp:
		c.timestamp(name, ptr, ref, got, add)
		return
	case ARN:
		if r, g := c.maskARN(0, ref), c.maskARN(1, got); r != g {
			add(ptr, fmt.Sprintf("%s (%s)", show(got), g), fmt.Sprintf("%s, as the reference's %s", r, show(ref)), "the ARN, its side's own region and partition and its account masked")
		}
		return
	}
	switch r := ref.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			add(ptr, show(got), show(ref), "JSON type")
			return
		}
		keys := make([]string, 0, len(r)+len(g))
		for k := range r {
			keys = append(keys, k)
		}
		for k := range g {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		// A destination's members are followed under its own name (a
		// page of DescribeDestinations lists several).
		if own, ok := r["destinationName"].(string); ok {
			name = own
		}
		for _, k := range slices.Compact(keys) {
			rv, rok := r[k]
			gv, gok := g[k]
			c.value(name, ptr+"/"+escape(k), rv, gv, rok, gok, add)
		}
	case []any:
		g, ok := got.([]any)
		if !ok {
			add(ptr, show(got), show(ref), "JSON type")
			return
		}
		for i := range max(len(r), len(g)) {
			var rv, gv any
			if i < len(r) {
				rv = r[i]
			}
			if i < len(g) {
				gv = g[i]
			}
			c.value(name, ptr+"/"+strconv.Itoa(i), rv, gv, i < len(r), i < len(g), add)
		}
	default:
		if show(ref) != show(got) {
			add(ptr, show(got), show(ref), "value")
		}
	}
}

// id checks that ref and got keep the pairing of the ids seen so far.
func (c *comparer) id(ptr string, ref, got any, add func(ptr, g, w, reason string)) {
	r, g := show(ref), show(got)
	pr, seenR := c.refToGot[r]
	pg, seenG := c.gotToRef[g]
	switch {
	case seenR && pr != g:
		add(ptr, fmt.Sprintf("%s, not %s as before", g, pr), fmt.Sprintf("the id paired with the reference's %s (same name, same id)", r), "ids as equality classes")
	case seenG && pg != r:
		add(ptr, fmt.Sprintf("%s again", g), fmt.Sprintf("a new id, as the reference's %s is new", r), "ids as equality classes")
	case !seenR && !seenG:
		c.refToGot[r], c.gotToRef[g] = g, r
	}
}

// timestamp checks that ref and got have the same type and format, and,
// for one name, change together.
func (c *comparer) timestamp(name, ptr string, ref, got any, add func(ptr, g, w, reason string)) {
	if rf, gf := stampFormat(ref), stampFormat(got); rf != gf {
		add(ptr, fmt.Sprintf("%s (%s)", show(got), gf), fmt.Sprintf("a timestamp as %s", rf), "timestamp type and format")
		return
	}
	r, g := show(ref), show(got)
	// One name's timestamp at one place: an element's index is not part
	// of it (a destination may be listed at another index on another page).
	key := name + "\x00" + elementsMasked(ptr)
	first, seen := c.stamps[key]
	if name == "" || !seen {
		c.stamps[key] = [2]string{r, g}
		return
	}
	if refKept, gotKept := first[0] == r, first[1] == g; refKept != gotKept {
		want := "changed since the first put of the name, as the reference's"
		if refKept {
			want = "kept since the first put of the name, as the reference's"
		}
		add(ptr, fmt.Sprintf("%s (first %s)", g, first[1]), want, "timestamps of one name across updates")
	}
}

// elementsMasked is a pointer with its array indexes as "*".
func elementsMasked(ptr string) string {
	parts := strings.Split(ptr, "/")
	for i, p := range parts {
		if _, err := strconv.Atoi(p); err == nil {
			parts[i] = "*"
		}
	}
	return strings.Join(parts, "/")
}

// stampFormat names the type and format of a timestamp.
func stampFormat(v any) string {
	switch v := v.(type) {
	case string:
		if _, err := time.Parse(time.RFC3339Nano, v); err == nil {
			return "an RFC 3339 string"
		}
		return "a string that is not RFC 3339"
	case json.Number:
		if _, err := v.Int64(); err == nil {
			return fmt.Sprintf("an integer of %d digits", len(strings.TrimPrefix(v.String(), "-")))
		}
		return "a number with a fraction"
	}
	return "a JSON " + kind(v)
}

var arnParts = regexp.MustCompile(`(?s)^arn:([^:]*):([^:]*):([^:]*):([^:]*):(.*)$`)

// maskARN is the template of an ARN of one side (0: the reference, 1: the
// endpoint): its partition and region masked when they are that side's own
// (any region when the side's is not known), its account replaced by its
// number in the order the side's ARNs named accounts. Two runs in other
// regions and accounts give one template; an ARN in a region other than
// the one its request was signed for, a partition other than the region's,
// or a second account where the reference has one, do not.
func (c *comparer) maskARN(side int, v any) string {
	str, ok := v.(string)
	m := arnParts.FindStringSubmatch(str)
	if !ok || m == nil {
		return show(v)
	}
	partition, service, region, account, resource := m[1], m[2], m[3], m[4], m[5]
	own := c.own[side]
	// The region the request was signed for (the name it is about, a
	// put's or a listing's prefix, chooses it: awsdialect.RegionFor), and
	// its partition: an answer's ARNs name it, a listing's as a put's.
	signed, ownPartition := own.Region, own.Partition
	if own.SecondRegion != "" && c.request != "" { // no name read: the run's region, as the dialect signs it
		if signed = awsdialect.RegionFor(c.request, own.Region, own.SecondRegion); signed != own.Region {
			ownPartition = awsdialect.Partition(signed)
		}
	}
	if partition == ownPartition {
		partition = "<partition>"
	}
	if signed == "" || region == signed {
		region = "<region>"
	}
	n, seen := c.accounts[side][account]
	if !seen {
		n = len(c.accounts[side]) + 1
		c.accounts[side][account] = n
	}
	return fmt.Sprintf("arn:%s:%s:%s:<account %d>:%s", partition, service, region, n, resource)
}

func decodeJSON(b []byte) (any, error) {
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		return nil, err
	}
	if d.More() {
		return nil, fmt.Errorf("more than one JSON value")
	}
	return v, nil
}

func mediaType(ct string) string {
	mt, params, err := mime.ParseMediaType(ct)
	if err != nil {
		return strings.ToLower(strings.TrimSpace(ct))
	}
	keys := make([]string, 0, len(params))
	for k, v := range params {
		keys = append(keys, k+"="+strings.ToLower(v))
	}
	slices.Sort(keys)
	return strings.Join(append([]string{mt}, keys...), ";")
}

func show(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

func presence(v any, ok bool) string {
	if !ok {
		return "absent"
	}
	return show(v)
}

func kind(v any) string {
	switch v.(type) {
	case map[string]any:
		return "object"
	case []any:
		return "array"
	case string:
		return "string"
	case bool:
		return "boolean"
	case nil:
		return "null"
	}
	return "number"
}

func orNone(s, none string) string {
	if s == "" {
		return none
	}
	return s
}

func excerpt(b []byte) string {
	const n = 120
	if len(b) > n {
		return strconv.Quote(string(b[:n])) + "…"
	}
	return strconv.Quote(string(b))
}

// escape is a member name as a JSON pointer token.
func escape(k string) string {
	return strings.NewReplacer("~", "~0", "/", "~1").Replace(k)
}
