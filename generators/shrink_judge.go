package generators

import (
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/putdestination/conformance/contract"
)

// identityField is the index of the name's field in d, or -1.
func (g *Set) identityField(d *doc) int {
	return slices.IndexFunc(d.fields, func(f field) bool { return f.name == contract.IdentityMember })
}

// rebuild is case c with doc d: its body written, its expectation judged
// by the spec (false when d does not keep c's), its name read again.
func (g *Set) rebuild(c Case, d *doc) (Case, bool) {
	if !d.namesUnique() {
		return c, false
	}
	body := d.body()
	exp, ok := g.keeps(body, c.Expect)
	if !ok {
		return c, false
	}
	name := ""
	if i := g.identityField(d); i >= 0 && d.fields[i].fromSrc {
		name = d.fields[i].src.text()
		if mem, _ := g.Model.Member(contract.IdentityMember); mem != nil && g.prefix != "" && !strings.HasPrefix(name, g.prefix) {
			if n := utf8.RuneCountInString(name); n >= mem.Text.Min && n <= mem.Text.Max && mem.Text.Class.Matches(name) {
				return c, false // a name that could be accepted keeps the prefix
			}
		}
	}
	if c.Name == "" {
		name = ""
	}
	c.Body, c.doc, c.Expect, c.Name = body, d, exp, name
	return c, true
}

// keeps reports whether the spec says of body what want says: accepted, or
// rejected for one problem only, of the same keyword and member (the
// returned expectation has the problem's pointer, which names a tag key
// that shrinking may have changed). A case the contract is silent on (or
// does not describe) stays so: its doc's wrap makes it what it is.
func (g *Set) keeps(body []byte, want contract.Expectation) (contract.Expectation, bool) {
	if want.Outcome != contract.Accept && want.Outcome != contract.Reject {
		return want, true
	}
	// A shrink judges every candidate, so by the compiled verdict (see
	// spec.RequestVerdict), which uses the schema compiled once, where
	// ValidateRequest compiles it anew and describes every problem.
	v := g.spec.RequestVerdict(body)
	switch {
	case v.Silent != "":
		return want, false
	case want.Outcome == contract.Accept:
		return want, v.Valid
	case v.Valid || v.Problem.Keyword != want.Breaks.Keyword || firstToken(v.Problem.Pointer) != firstToken(want.Breaks.Pointer):
		return want, false
	}
	want.Breaks.Pointer = v.Problem.Pointer
	return want, true
}

// firstToken is the first reference token of a JSON pointer, with its '/'.
func firstToken(p string) string {
	if i := strings.IndexByte(p[min(1, len(p)):], '/'); i >= 0 {
		return p[:i+1]
	}
	return p
}
