package generators

import (
	"strings"
	"unicode/utf8"

	"github.com/putdestination/conformance/contract"
)

// Remark returns the cases under fresh names (see RemarkNames), each body
// written again in its spelling. ok is false when a case has no name to
// mark (a body the generators did not build, or one without a name), or
// RemarkNames cannot mark the names.
func (g *Set) Remark(cases []Case, marker string) ([]Case, bool) {
	names := make([]string, len(cases))
	for i, c := range cases {
		if c.doc == nil || g.identityField(c.doc) < 0 {
			return nil, false
		}
		names[i] = c.Name
	}
	marked, ok := g.RemarkNames(names, marker)
	if !ok {
		return nil, false
	}
	out := make([]Case, len(cases))
	for i, c := range cases {
		d, _ := c.doc.withText(slot{field: g.identityField(c.doc), entry: -1}, marked[i])
		c.doc, c.Body, c.Name = d, d.body(), marked[i]
		out[i] = c
	}
	return out, true
}

// RemarkNames returns names made fresh: marker is put after the name
// prefix in every name, or at the end of the names of a pair that differ
// from their first character on (a leading white space or zero-width
// character stays leading). A name pushed over its maximum length loses
// characters from the part its pair shares. ok is false when a name is
// empty or does not start with the prefix, or the marked names would no
// longer be what the pair was (too long to cut).
func (g *Set) RemarkNames(names []string, marker string) ([]string, bool) {
	mem, _ := g.Model.Member(contract.IdentityMember)
	var rests [][]rune
	for _, n := range names {
		if n == "" || !strings.HasPrefix(n, g.prefix) {
			return nil, false
		}
		rests = append(rests, []rune(strings.TrimPrefix(n, g.prefix)))
	}
	if len(rests) == 0 {
		return nil, false
	}
	// The marker goes in front unless the names differ from their first
	// character on.
	front := len(rests) < 2 || commonPrefix(rests) > 0
	excess := utf8.RuneCountInString(g.prefix+marker) + len(rests[0]) - mem.Text.Max
	for _, r := range rests {
		excess = max(excess, utf8.RuneCountInString(g.prefix+marker)+len(r)-mem.Text.Max)
	}
	out := make([]string, len(names))
	for i, r := range rests {
		switch {
		case excess > 0 && front && commonPrefix(rests) >= excess:
			out[i] = g.prefix + marker + string(r[excess:])
		case excess > 0 && !front && commonSuffix(rests, 0) >= excess:
			out[i] = g.prefix + string(r[:len(r)-excess]) + marker
		case excess > 0:
			return nil, false
		case front:
			out[i] = g.prefix + marker + string(r)
		default:
			out[i] = g.prefix + string(r) + marker
		}
	}
	return out, true
}
