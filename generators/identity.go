package generators

import (
	"strings"

	"github.com/putdestination/conformance/contract"
	"golang.org/x/text/unicode/norm"
	"pgregory.net/rapid"
)

// Probe is a pair of valid requests sent one after the other.
type Probe struct {
	Label  string
	First  Case
	Second Case
	// Same is true when both carry the same destinationName (an update:
	// same id and created_at), false when the names differ (different ids).
	Same bool
}

// Upsert generates updates: a valid request, then the same name again with
// a changed targetArn, roleArn and tags.
func (g *Set) Upsert() *rapid.Generator[Probe] {
	return rapid.Custom(func(t *rapid.T) Probe {
		// Identity on update does not depend on size (see newSet).
		drafts := g.modestOrSelf()
		first := drafts.validDraft(t)
		preset := []field{textField(contract.IdentityMember, first.name)}
		for i := range g.Model.Members {
			mem := &g.Model.Members[i]
			if mem.Text != nil && mem.Name != contract.IdentityMember && mem.Required {
				// Make sure the update changes something.
				preset = append(preset, drawnField(mem.Name, first.member(mem.Name).withSuffix("-updated")))
			}
		}
		second := drafts.validDraft(t, preset...)
		second.name = first.name
		return Probe{Label: "upsert same name, changed members", First: first.valid("upsert first"), Second: second.valid("upsert second"), Same: true}
	})
}

// modestOrSelf is the modest Set of g, or g itself when g is modest or
// compact.
func (g *Set) modestOrSelf() *Set {
	if g.modest != nil {
		return g.modest
	}
	return g
}

// compactOrSelf is the compact Set of g, or g itself when g is compact.
func (g *Set) compactOrSelf() *Set {
	if g.compact != nil {
		return g.compact
	}
	return g
}

// member returns the string a member was set to by textField or setDrawn.
func (d *draft) member(name string) drawn {
	for _, f := range d.fields {
		if f.name == name {
			return f.src
		}
	}
	return plain("")
}

// Distinct generates pairs of different names that careless stores
// collapse: differing only in case, NFC against NFD, leading or trailing
// white space, a long shared prefix, a trailing NUL or control character, a
// zero-width character (U+200B, U+200C, U+200D, U+FEFF) at the start, in the
// middle or at the end, or a compatibility form (fullwidth against ASCII, a
// ligature against its letters, a superscript or a Roman numeral against
// its digits or letters: equal under NFKC).
func (g *Set) Distinct() *rapid.Generator[Probe] {
	name, _ := g.Model.Member(contract.IdentityMember)
	maxLen := name.Text.Max
	type pair struct {
		label string
		a, b  string
	}
	// The generators of the pairs' draws, built once; unnamed, as when
	// they were built for each draw (rapid labels a draw's group with its
	// generator's name).
	var (
		cased      = rapid.SampledFrom([]string{"Dest", "a", "été", "Σίσυφος", "Straße"})
		composed   = rapid.SampledFrom([]string{"é", "café", "Å", "ñandú"})
		spaces     = rapid.SampledFrom([]string{" ", "\t", "\u00a0", "\u3000"})
		leading    = rapid.Bool()
		sharedLen  = rapid.IntRange(1, 64)
		controls   = rapid.SampledFrom([]string{"\x00", "\x01", "\x1f", "\x7f"})
		zeroWidths = rapid.SampledFrom([]string{"\u200b", "\u200c", "\u200d", "\ufeff"})
		zeroAt     = rapid.IntRange(0, 2)
		compatible = rapid.SampledFrom([][2]string{
			{"ABC", "\uff21\uff22\uff23"}, {"dest1", "\uff44\uff45\uff53\uff54\uff11"}, // fullwidth
			{"file", "\ufb01le"}, {"offer", "o\ufb00er"}, // ligatures fi, ff
			{"x2", "x\u00b2"}, {"XII", "\u216b"}, // superscript two, Roman numeral twelve
		})
	)
	pairs := []func(t *rapid.T) pair{
		func(t *rapid.T) pair {
			base := cased.Draw(t, "cased name")
			return pair{"case", strings.ToUpper(base), strings.ToLower(base)}
		},
		func(t *rapid.T) pair {
			base := composed.Draw(t, "composed name")
			return pair{"NFC vs NFD", norm.NFC.String(base), norm.NFD.String(base)}
		},
		func(t *rapid.T) pair {
			ws := spaces.Draw(t, "white space")
			if leading.Draw(t, "leading") {
				return pair{"leading white space", "x", ws + "x"}
			}
			return pair{"trailing white space", "x", "x" + ws}
		},
		func(t *rapid.T) pair {
			n := sharedLen.Draw(t, "shared prefix length")
			shared := strings.Repeat("p", max(0, min(maxLen-1-len(g.prefix), 400+n)))
			return pair{"long shared prefix", shared + "a", shared + "b"}
		},
		func(t *rapid.T) pair {
			c := controls.Draw(t, "trailing control")
			return pair{"trailing NUL or control character", "y", "y" + c}
		},
		func(t *rapid.T) pair {
			zw := zeroWidths.Draw(t, "zero-width character")
			switch zeroAt.Draw(t, "zero-width at") {
			case 0:
				return pair{"zero-width character", "zw", zw + "zw"}
			case 1:
				return pair{"zero-width character", "zw", "z" + zw + "w"}
			}
			return pair{"zero-width character", "zw", "zw" + zw}
		},
		func(t *rapid.T) pair {
			p := compatible.Draw(t, "compatibility form")
			return pair{"compatibility form", p[0], p[1]}
		},
	}
	// The pair is in the names: the other members only need to be valid,
	// so they are drawn compact (see newSet), which keeps the probe's two
	// requests small and its findings short.
	rest := g.compactOrSelf()
	pick := rapid.IntRange(0, len(pairs)-1)
	return rapid.Custom(func(t *rapid.T) Probe {
		p := pairs[pick.Draw(t, "distinct pair")](t)
		a := rest.validDraft(t, textField(contract.IdentityMember, g.prefix+p.a))
		a.name = g.prefix + p.a
		b := rest.validDraft(t, textField(contract.IdentityMember, g.prefix+p.b))
		b.name = g.prefix + p.b
		return Probe{Label: "distinct names: " + p.label, First: a.valid("distinct first"), Second: b.valid("distinct second"), Same: false}
	})
}
