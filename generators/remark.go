package generators

import (
	"strings"
	"unicode/utf8"
)

// Remark returns the cases under fresh names: marker is put after the name
// prefix in every name, or at the end of the names of a pair that differ
// from their first character on (a leading white space or zero-width
// character stays leading). A name pushed over its maximum length loses
// characters from the part its pair shares. ok is false when a case has no
// name to mark, or the marked names would no longer be what the probe
// was (too long to cut).
func (g *Set) Remark(cases []Case, marker string) ([]Case, bool) {
	mem, _ := g.Model.Member(IdentityMember)
	var rests [][]rune
	for _, c := range cases {
		if c.doc == nil || c.Name == "" || !strings.HasPrefix(c.Name, g.prefix) || g.identityField(c.doc) < 0 {
			return nil, false
		}
		rests = append(rests, []rune(strings.TrimPrefix(c.Name, g.prefix)))
	}
	// The marker goes in front unless the names differ from their first
	// character on.
	front := len(rests) < 2 || commonPrefix(rests) > 0
	excess := utf8.RuneCountInString(g.prefix+marker) + len(rests[0]) - mem.Text.Max
	for _, r := range rests {
		excess = max(excess, utf8.RuneCountInString(g.prefix+marker)+len(r)-mem.Text.Max)
	}
	out := make([]Case, len(cases))
	for i, c := range cases {
		r := rests[i]
		var name string
		switch {
		case excess > 0 && front && commonPrefix(rests) >= excess:
			name = g.prefix + marker + string(r[excess:])
		case excess > 0 && !front && commonSuffix(rests, 0) >= excess:
			name = g.prefix + string(r[:len(r)-excess]) + marker
		case excess > 0:
			return nil, false
		case front:
			name = g.prefix + marker + string(r)
		default:
			name = g.prefix + string(r) + marker
		}
		d, _ := c.doc.withText(slot{field: g.identityField(c.doc), entry: -1}, name)
		c.doc, c.Body, c.Name = d, d.body(), name
		out[i] = c
	}
	return out, true
}
