package generators

import (
	"bytes"

	"github.com/putdestination/conformance/contract"
	"pgregory.net/rapid"
)

// Wire generates wire-level cases: bodies that are not a JSON object at all
// (rejected: empty, malformed, trailing bytes, an array or a scalar), the
// POSTs the contract is silent on (either envelope will do: invalid UTF-8,
// duplicate keys) and other methods, which the contract does not describe.
// Their bodies are made from modest drafts (see newSet): the framing is
// what they test, not the size.
func (g *Set) Wire() *rapid.Generator[Case] {
	kinds := []func(t *rapid.T) Case{
		g.emptyBody, g.malformed, g.trailing, g.notObject, g.otherMethod, g.invalidUTF8, g.duplicateKey,
	}
	return rapid.Custom(func(t *rapid.T) Case {
		return kinds[rapid.IntRange(0, len(kinds)-1).Draw(t, "wire case")](t)
	})
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
	d.set(IdentityMember, name)
	d.name = ""
	return wrapped(silent("silent invalid UTF-8 in "+IdentityMember, nil), d, func(b []byte) []byte { return b })
}

func (g *Set) duplicateKey(t *rapid.T) Case {
	d := g.modestOrSelf().validDraft(t)
	// A second destinationName, valid too, after the first.
	second := jsonString(g.prefix + "dup")
	return wrapped(silent("silent duplicate key "+IdentityMember, nil), d, func(b []byte) []byte {
		dup := append(b[:len(b)-1:len(b)-1], `,"`+IdentityMember+`":`...)
		dup = append(dup, second...)
		return append(dup, '}')
	})
}
