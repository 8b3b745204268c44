package generators

import (
	"github.com/putdestination/conformance/contract"
	"pgregory.net/rapid"
)

// The valid side of the schedule: cells ValidEach meets once a cycle, each
// a valid draft with one thing added that the contract ignores, admits or
// is silent on. Drawn by chance, each would come a few times a run, and a
// seed could miss it.
//
//   - An unknown member whose name is one character from a member's
//     (that name in another letter case, one letter short, one letter
//     more, a space after it), valued with a type the member refuses: the
//     contract ignores unknown members, so the request is valid; a
//     decoder that matches names without case (Go's encoding/json), or
//     trims or guesses them, reads the wrong value and refuses it.
//   - An optional member that admits null, null: the contract counts it as
//     absent.
//   - A member written twice: RFC 8259 leaves what a receiver makes of
//     duplicate names open, and the contract is silent, so either envelope
//     will do; a server must still answer.
type validCell struct {
	edge  string
	apply func(t *rapid.T, d *draft) Case
}

// nearMissKinds are the ways an unknown member's name is one character
// from a member's.
var nearMissKinds = []struct {
	how  string
	name func(string) string
}{
	{"first letter in the other case", swapFirstCase},
	{"last letter dropped", func(s string) string { return s[:len(s)-1] }},
	{"last letter doubled", func(s string) string { return s + s[len(s)-1:] }},
	{"a space after it", func(s string) string { return s + " " }},
}

// validCells are the cells of the valid side, in the order ValidEach
// meets them: near misses of every member for each kind in turn, then
// the null members, then every member written twice.
func (g *Set) validCells() []validCell {
	var out []validCell
	for _, kind := range nearMissKinds {
		for i := range g.Model.Members {
			mem := &g.Model.Members[i]
			near := kind.name(mem.Name)
			if near == mem.Name || near == "" || g.isMember(near) {
				continue
			}
			edge := "unknown member near " + mem.Name + ": " + kind.how
			out = append(out, validCell{edge, func(t *rapid.T, d *draft) Case {
				d.put(field{name: near, raw: []byte(g.refusedValue(t, mem))})
				d.edges = append(d.edges, "unknown members", edge)
				return d.valid("valid")
			}})
		}
	}
	for i := range g.Model.Members {
		mem := &g.Model.Members[i]
		if mem.Required || !mem.Nullable {
			continue
		}
		edge := mem.Name + " null"
		out = append(out, validCell{edge, func(t *rapid.T, d *draft) Case {
			d.set(mem.Name, nil)
			d.edges = append(d.edges, edge)
			return d.valid("valid")
		}})
	}
	for i := range g.Model.Members {
		mem := &g.Model.Members[i]
		edge := "duplicate member " + mem.Name
		out = append(out, validCell{edge, func(t *rapid.T, d *draft) Case {
			return g.twice(t, d, mem, edge)
		}})
	}
	return out
}

// refusedValue is a JSON value of a type mem refuses (not null, which a
// decoder may take for absent and keep the other value), drawn.
func (g *Set) refusedValue(t *rapid.T, mem *Member) string {
	var types []string
	for _, typ := range jsonTypes {
		if typ == "null" || typ == "string" && mem.Text != nil || typ == "object" && mem.Map != nil {
			continue
		}
		types = append(types, typ)
	}
	return drawWrong(t, mem.Name+" near miss", rapid.SampledFrom(types).Draw(t, mem.Name+" near miss type"))
}

// twice writes mem a second time, after the first: the identity member
// with the same value (the name a server stores stays the one the case
// carries), any other with another valid one.
func (g *Set) twice(t *rapid.T, d *draft, mem *Member, edge string) Case {
	i := -1
	for k, f := range d.fields {
		if f.name == mem.Name {
			i = k
		}
	}
	if i < 0 || d.fields[i].raw == nil && !d.fields[i].fromSrc && !d.fields[i].isObj {
		// Absent or null: a valid value first.
		g.setValid(t, mem, d)
		for k, f := range d.fields {
			if f.name == mem.Name {
				i = k
			}
		}
	}
	first := d.fields[i]
	second := first
	if mem.Name != contract.IdentityMember {
		scratch := &draft{}
		g.setValid(t, mem, scratch)
		second = scratch.fields[0]
	}
	d.fields = append(d.fields[:i+1:i+1], append([]field{second}, d.fields[i+1:]...)...)
	d.edges = append(d.edges, edge)
	return d.finish("silent "+edge, contract.Expectation{Outcome: contract.Either}, d.name, d.edges)
}
