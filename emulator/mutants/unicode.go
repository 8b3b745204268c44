package mutants

import (
	"fmt"
	"net/http"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/putdestination/conformance/emulator"
)

// unicodeFaults are mutants whose tag pattern is written with the wrong
// Unicode classes (one that also admits marks, punctuation or symbols, or
// one that narrows \p{N} or \p{Z}), or whose tag keys are compared folded
// (case, normalization form, width), so that distinct keys are taken as
// duplicates.
func unicodeFaults() []Mutant {
	return []Mutant{
		{
			Name: "tag-pattern-admits-marks", Rule: "rejects-invalid",
			Description: `the tag class is written [\p{L}\p{M}\p{Z}\p{N}...], so combining marks (Mn, Mc, Me) are accepted and stored without`,
			New:         admitInTags(unicode.M),
		},
		{
			Name: "tag-pattern-admits-punctuation", Rule: "rejects-invalid",
			Description: `the tag class has \p{P} for "the listed punctuation", so any punctuation (undertie, en dash, '!') is accepted and stored without`,
			New:         admitInTags(unicode.P),
		},
		{
			Name: "tag-pattern-admits-symbols", Rule: "rejects-invalid",
			Description: `the tag class has \p{S} for '+' and '=', so any symbol ('$', '©', '^') is accepted and stored without`,
			New:         admitInTags(unicode.S),
		},
		{
			Name: "tag-pattern-narrows-numbers", Rule: "accepts-valid",
			Description: `the tag class has \p{Nd} for \p{N}: letter numbers (Ⅻ) and other numbers (½) are rejected`,
			New:         rejectTagRunes("number that is not a decimal digit", func(r rune) bool { return unicode.IsNumber(r) && !unicode.IsDigit(r) }),
		},
		{
			Name: "tag-pattern-narrows-separators", Rule: "accepts-valid",
			Description: `the tag class has \p{Zs} for \p{Z}: the line and paragraph separators (U+2028, U+2029) are rejected`,
			New:         rejectTagRunes("separator that is not a space", func(r rune) bool { return unicode.In(r, unicode.Zl, unicode.Zp) }),
		},
		{
			Name: "tag-keys-case-insensitive", Rule: "accepts-valid",
			Description: `tag keys are compared case-insensitively: "Env" and "env" are taken as one key given twice`,
			New:         rejectFoldedKeys("case-insensitively", strings.ToLower),
		},
		{
			Name: "tag-keys-nfkc-folded", Rule: "accepts-valid",
			Description: "tag keys are compared after NFKC: NFC and NFD forms, the angstrom sign and Å, fullwidth and ASCII letters are taken as one key given twice",
			New:         rejectFoldedKeys("after NFKC", norm.NFKC.String),
		},
	}
}

// admitInTags is a mutant whose tag keys and values may also hold the
// characters of table: a key or value whose only refused characters are
// those is stored without them.
func admitInTags(table *unicode.RangeTable) func() http.Handler {
	strip := func(s string) (string, bool) {
		changed := false
		out := strings.Map(func(r rune) rune {
			if !emulator.IsTagRune(r) && unicode.Is(table, r) {
				changed = true
				return -1
			}
			return r
		}, s)
		return out, changed
	}
	return rewriteTags(func(tags *object) bool {
		changed := false
		var kept []member
		for _, m := range tags.members {
			key, kc := strip(m.key)
			if kc && key == "" {
				key = "k"
			}
			if v, ok := stringOf(m.raw); ok {
				if nv, vc := strip(v); vc {
					m.raw, changed = quote(nv), true
				}
			}
			if kc {
				m.key, changed = key, true
			}
			kept = append(kept, m)
		}
		tags.members = kept
		return changed
	})
}

// rejectTagRunes is a mutant that rejects a tag key or value with a
// character for which refused reports true (what it is, in what).
func rejectTagRunes(what string, refused func(r rune) bool) func() http.Handler {
	return rejectTags(func(tags object) string {
		for _, m := range tags.members {
			v, _ := stringOf(m.raw)
			for _, s := range []string{m.key, v} {
				if i := strings.IndexFunc(s, refused); i >= 0 {
					return fmt.Sprintf("tags[%q]: %q is a %s, which is not allowed", m.key, []rune(s[i:])[0], what)
				}
			}
		}
		return ""
	})
}

// rejectFoldedKeys is a mutant that rejects tags whose keys, folded by fold,
// repeat one another (how, in words).
func rejectFoldedKeys(how string, fold func(string) string) func() http.Handler {
	return rejectTags(func(tags object) string {
		seen := map[string]string{}
		for _, m := range tags.members {
			k := fold(m.key)
			if other, ok := seen[k]; ok && other != m.key {
				return fmt.Sprintf("tags: duplicate key %q (%q, compared %s)", m.key, other, how)
			}
			seen[k] = m.key
		}
		return ""
	})
}
