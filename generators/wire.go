package generators

import (
	"bytes"
	"slices"
	"strconv"
	"strings"

	"github.com/putdestination/conformance/contract"
	"pgregory.net/rapid"
)

// Wire generates wire-level cases: bodies that are not a JSON object at all
// (rejected: empty, malformed, trailing bytes, an array or a scalar), the
// POSTs the contract is silent on (either envelope will do: invalid UTF-8,
// duplicate keys, a byte order mark before the body, no Content-Type),
// other methods, which the contract does not describe, and valid requests
// in the encodings real clients send (accepted, as the spec's contract
// notes say: a chunked body, in one chunk or many, with and without
// trailers; Expect: 100-continue; header names in lower or upper case;
// Content-Type with a charset), and in HTTP/1.0, which the contract does
// not describe either. Their bodies are made from modest drafts (see
// newSet): the framing is what they test, not the size.
func (g *Set) Wire() *rapid.Generator[Case] {
	return rapid.Custom(func(t *rapid.T) Case {
		return wireKinds[rapid.IntRange(0, len(wireKinds)-1).Draw(t, "wire case")].make(g, t)
	})
}

// WireEach is Wire with the kind fixed: one generator per kind, in the
// order of WireKinds, so that a campaign drawing case i from generator i
// mod len sends every kind, every encoding among them, within len cases,
// whatever the seed; the seed chooses the body (and a count of chunks).
func (g *Set) WireEach() []*rapid.Generator[Case] {
	out := make([]*rapid.Generator[Case], len(wireKinds))
	for i := range wireKinds {
		// The kind is drawn, from itself, as Wire draws it: a kind that
		// draws nothing more (the empty body) still makes a draw.
		kind := named(rapid.Just(i))
		out[i] = named(rapid.Custom(func(t *rapid.T) Case {
			return wireKinds[kind.Draw(t, "wire case")].make(g, t)
		}))
	}
	return out
}

// WireKinds names the kinds of Wire's cases, in the order of WireEach.
func WireKinds() []string {
	out := make([]string, len(wireKinds))
	for i, k := range wireKinds {
		out[i] = k.name
	}
	return out
}

// wireKind is one kind of wire case.
type wireKind struct {
	name string
	make func(g *Set, t *rapid.T) Case
}

var wireKinds = []wireKind{
	{"empty body", (*Set).emptyBody},
	{"chunked in one chunk", sentAs(contract.Wire{Chunks: 1})},
	{"malformed JSON", (*Set).malformed},
	{"chunked in many chunks", sentAs(contract.Wire{Chunks: manyChunks})},
	{"trailing bytes", (*Set).trailing},
	{"chunked in one chunk with trailers", sentAs(contract.Wire{Chunks: 1, Trailers: true})},
	{"not an object", (*Set).notObject},
	{"chunked in many chunks with trailers", sentAs(contract.Wire{Chunks: manyChunks, Trailers: true})},
	{"other method", (*Set).otherMethod},
	{"Expect: 100-continue", sentAs(contract.Wire{Expect100: true})},
	{"invalid UTF-8", (*Set).invalidUTF8},
	{"header names in lower case", sentAs(contract.Wire{HeaderCase: contract.HeaderLower})},
	{"duplicate key", (*Set).duplicateKey},
	{"header names in upper case", sentAs(contract.Wire{HeaderCase: contract.HeaderUpper})},
	{"byte order mark", (*Set).byteOrderMark},
	{"Content-Type with charset", sentAs(contract.Wire{ContentType: contract.ContentTypeCharset})},
	{"no Content-Type", sentAs(contract.Wire{ContentType: contract.ContentTypeNone})},
	{"HTTP/1.0", sentAs(contract.Wire{HTTP10: true})},
}

// manyChunks stands, in wireKinds, for a count of chunks drawn from 2 to
// maxChunks.
const (
	manyChunks = -1
	maxChunks  = 64
)

// sentAs makes valid requests sent in encoding w, each judged as the
// spec's contract notes say of it (see wireExpectation); the edge is the
// label without the count of chunks.
func sentAs(w contract.Wire) func(g *Set, t *rapid.T) Case {
	// The edge and expectation are the same for every count of chunks
	// past one (see contract.Wire.String), so they are built once.
	form := w
	if form.Chunks == manyChunks {
		form.Chunks = 2
	}
	edge, exp := wireExpectation(form)
	// Unnamed, as when it was built for each draw (rapid labels a draw's
	// group with its generator's name).
	chunks := rapid.IntRange(2, maxChunks)
	return func(g *Set, t *rapid.T) Case {
		w := w
		if w.Chunks == manyChunks {
			w.Chunks = chunks.Draw(t, "chunks")
		}
		label := edge
		if w.Chunks > 1 {
			label = strings.Replace(edge, "many chunks", strconv.Itoa(w.Chunks)+" chunks", 1)
		}
		c := g.modestOrSelf().validDraft(t).valid(label)
		c.Expect, c.Wire = exp, w
		c.Edges = append(slices.Clip(c.Edges), edge)
		return c
	}
}

// wireExpectation is the label and the expectation of a valid body sent
// in encoding w, as the spec's contract notes say:
//   - chunked, with or without trailers (RFC 9112 §7.1: every HTTP/1.1
//     recipient parses it), Expect: 100-continue (RFC 9110 §10.1.1),
//     header names in any case (RFC 9110 §5.1: they are case-insensitive)
//     and a charset parameter on application/json (RFC 8259 §11: no
//     effect on a compliant recipient) change nothing: accepted;
//   - no Content-Type: the contract is silent, either envelope;
//   - HTTP/1.0: the contract does not describe it (RFC 9110 lets a server
//     refuse it, with 426 Upgrade Required): any answer but what
//     robustness forbids.
func wireExpectation(w contract.Wire) (string, contract.Expectation) {
	form := w.String()
	switch {
	case w.HTTP10:
		return "unspecified " + form, contract.Expectation{Outcome: contract.Unspecified}
	case w.ContentType == contract.ContentTypeNone:
		return "silent " + form, contract.Expectation{Outcome: contract.Either}
	}
	return "wire " + form, contract.Expectation{Outcome: contract.Accept}
}

func reject(label, pointer, keyword string, body []byte) Case {
	return Case{Label: label, Body: body, Expect: contract.Expectation{Outcome: contract.Reject, Breaks: contract.Constraint{Pointer: pointer, Keyword: keyword}}, Edges: []string{label}}
}

// wrapped is a wire case made from a valid draft: its body is wrap of the
// draft's plain body, so that shrinking can make the draft smaller and wrap
// it again.
func wrapped(c Case, d *draft, wrap func([]byte) []byte) Case {
	c.doc = &doc{fields: d.fields, wrap: wrap}
	c.Body = c.doc.body()
	return c
}

// silent is a POST the contract is silent on: either envelope will do.
func silent(label string, body []byte) Case {
	return Case{Label: label, Body: body, Expect: contract.Expectation{Outcome: contract.Either}, Edges: []string{label}}
}

func (g *Set) emptyBody(t *rapid.T) Case {
	return reject("wire empty body", "", "required", nil)
}

// malformed cuts a valid body short or breaks its syntax.
func (g *Set) malformed(t *rapid.T) Case {
	d := g.modestOrSelf().validDraft(t)
	body := object(d.fields)
	switch rapid.IntRange(0, 2).Draw(t, "malformation") {
	case 0:
		cut := rapid.IntRange(1, len(body)-1).Draw(t, "cut at")
		// Cut at the same fraction of a smaller body (never all of it).
		return wrapped(reject("wire malformed JSON: truncated", "", "json", nil), d, func(b []byte) []byte {
			return b[:max(1, min(len(b)-1, len(b)*cut/len(body)))]
		})
	case 1:
		return wrapped(reject("wire malformed JSON: single quotes", "", "json", nil), d, func(b []byte) []byte {
			return bytes.ReplaceAll(b, []byte(`"`), []byte(`'`))
		})
	default:
		return wrapped(reject("wire malformed JSON: trailing comma", "", "json", nil), d, func(b []byte) []byte {
			return append(b[:len(b)-1:len(b)-1], ",}"...)
		})
	}
}

func (g *Set) trailing(t *rapid.T) Case {
	d := g.modestOrSelf().validDraft(t)
	tail := rapid.SampledFrom([]string{"x", "}", "{}", ",", "null", " 1"}).Draw(t, "trailing bytes")
	return wrapped(reject("wire trailing bytes after the object", "", "json", nil), d, func(b []byte) []byte { return append(b, tail...) })
}

func (g *Set) notObject(t *rapid.T) Case {
	d := g.modestOrSelf().validDraft(t)
	raw := rapid.SampledFrom([]string{"[]", "[valid]", `"` + "destinationName" + `"`, "42", "true", "null"}).Draw(t, "not an object")
	c := reject("wire body is not an object", "", "type", []byte(raw))
	if raw == "[valid]" {
		return wrapped(c, d, func(b []byte) []byte { return append(append([]byte{'['}, b...), ']') })
	}
	return c
}

func (g *Set) otherMethod(t *rapid.T) Case {
	method := rapid.SampledFrom([]string{"GET", "PUT", "DELETE", "PATCH"}).Draw(t, "method")
	label := "unspecified method " + method
	// The contract describes POST only: any answer passes but what
	// robustness forbids.
	c := Case{Label: label, Method: method, Expect: contract.Expectation{Outcome: contract.Unspecified}, Edges: []string{label}}
	c = wrapped(c, g.modestOrSelf().validDraft(t), func(b []byte) []byte { return b })
	if len(c.Body) > maxUnspecifiedBody {
		d := &draft{}
		for _, m := range g.Model.Members {
			if m.Required && m.Text != nil {
				d.put(textField(m.Name, g.prefix+"m"))
			}
		}
		c = wrapped(c, d, func(b []byte) []byte { return b })
	}
	return c
}

// maxUnspecifiedBody bounds the body sent with another method than POST. A
// server may answer a method it does not support without reading the body,
// and close the connection when the body is large (Go's net/http reads at
// most 256 KiB of an unread body before it gives up on the connection): the
// client's write is then reset, which over the contract's silence is no
// fault of the server's. So these bodies stay small; a larger draft gives
// way to the smallest valid body.
const maxUnspecifiedBody = 64 << 10

func (g *Set) invalidUTF8(t *rapid.T) Case {
	d := g.modestOrSelf().validDraft(t)
	bad := rapid.SampledFrom([]string{"\xff", "\xc3", "\xed\xa0\x80"}).Draw(t, "invalid UTF-8")
	name := append(jsonString(g.prefix+"n"), 0)
	name = append(name[:len(name)-2], bad+`"`...)
	d.set(contract.IdentityMember, name)
	d.name = ""
	return wrapped(silent("silent invalid UTF-8 in "+contract.IdentityMember, nil), d, func(b []byte) []byte { return b })
}

func (g *Set) duplicateKey(t *rapid.T) Case {
	d := g.modestOrSelf().validDraft(t)
	// A second destinationName, valid too, after the first.
	second := jsonString(g.prefix + "dup")
	return wrapped(silent("silent duplicate key "+contract.IdentityMember, nil), d, func(b []byte) []byte {
		dup := append(b[:len(b)-1:len(b)-1], `,"`+contract.IdentityMember+`":`...)
		dup = append(dup, second...)
		return append(dup, '}')
	})
}

// byteOrderMark puts a UTF-8 byte order mark before a valid body: RFC 8259
// §8.1 forbids a sender to add one and lets a parser ignore it rather than
// refuse the text, and the contract is silent on it, so either envelope
// will do (and never a 5xx).
func (g *Set) byteOrderMark(t *rapid.T) Case {
	d := g.modestOrSelf().validDraft(t)
	return wrapped(silent("silent UTF-8 byte order mark before the body", nil), d, func(b []byte) []byte {
		return append([]byte("\xef\xbb\xbf"), b...)
	})
}
