package generators

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"pgregory.net/rapid"
)

func (g *Set) cutString(t *rapid.T, m *mutable) string {
	var lits []literal
	for _, l := range m.literals() {
		if l.end-l.start > 2 {
			lits = append(lits, l)
		}
	}
	if len(lits) == 0 {
		return g.swapType(t, m)
	}
	l := lits[rapid.IntRange(0, len(lits)-1).Draw(t, "string to cut")]
	inner := l.end - l.start - 2
	cut := rapid.IntRange(0, inner-1).Draw(t, "cut at byte")
	m.splice(l.start+1+cut, l.end-1)
	return fmt.Sprintf("%s cut at byte %d of %d", m.what(l), cut, inner)
}

// escapes are the escapes corruptEscape puts in a string: broken ones
// (two in three), and valid ones that encoders seldom write.
var escapes = []string{`\x41`, `\'`, `\U0001`, `\a`, `\0`, `\ `, `\v`, `\e`, `\u12`, `\u00g9`, `\`, `\x`, `\u`, `\%`, `\N`, `\\\`,
	`\b`, `\f`, `\/`, `\u00E9`, `\ud834\udd1e`, `\ud800`, `\udc00`, `\u0000`}

func (g *Set) corruptEscape(t *rapid.T, m *mutable) string {
	lits := m.literals()
	if len(lits) == 0 {
		return g.swapType(t, m)
	}
	l := lits[rapid.IntRange(0, len(lits)-1).Draw(t, "string to corrupt")]
	inner := m.body[l.start+1 : l.end-1]
	// The escapes the string holds, by offset in inner.
	var at []int
	for i := 0; i < len(inner); i++ {
		if inner[i] == '\\' {
			at = append(at, i)
			i++
		}
	}
	if len(at) > 0 && rapid.Bool().Draw(t, "corrupt an escape it holds") {
		i := at[rapid.IntRange(0, len(at)-1).Draw(t, "escape")]
		end := i + 2
		if inner[i+1] == 'u' {
			end = i + 6
		}
		old := string(inner[i:end])
		var repl []string
		if inner[i+1] == 'u' {
			repl = []string{old[:2], old[:3], old[:5], old[:4] + "g" + old[5:], `\U` + old[2:], `\x` + old[2:], `\X` + old[2:], `\` + old,
				old[1:], `\u` + strings.ToUpper(old[2:]), `\ud800`, `\udfff`, `\ud834\udd1e`}
		} else {
			repl = []string{`\x`, `\'`, `\v`, `\a`, `\0`, `\` + strings.ToUpper(old[1:]), old[1:], `\` + old,
				`\b`, `\f`, `\/`, `\u00` + fmt.Sprintf("%02x", old[1])}
		}
		r := rapid.SampledFrom(repl).Draw(t, "corrupted escape")
		m.splice(l.start+1+i, l.start+1+end, r)
		return fmt.Sprintf("%s: `%s` became `%s`", m.what(l), old, r)
	}
	// A new escape, at a character boundary.
	var starts []int
	for i := 0; i <= len(inner); i++ {
		if i == len(inner) || utf8.RuneStart(inner[i]) && (i == 0 || inner[i-1] != '\\') {
			starts = append(starts, i)
		}
	}
	i := starts[rapid.IntRange(0, len(starts)-1).Draw(t, "put an escape at")]
	e := rapid.SampledFrom(escapes).Draw(t, "escape to put")
	m.splice(l.start+1+i, l.start+1+i, e)
	return fmt.Sprintf("%s: `%s` put at byte %d", m.what(l), e, i)
}
