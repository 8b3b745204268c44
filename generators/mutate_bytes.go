package generators

import (
	"fmt"
	"slices"

	"pgregory.net/rapid"
)

// between are byte strings to put between tokens: JSON white space, white
// space JSON does not allow, structural characters, garbage, comments.
var between = []string{" ", "\t", "\r\n  ", "\v", "\f", "\u00a0", "\u0085", "\u2028", "\ufeff", "\x00",
	",", ":", "}", "]", "{", "[", `"`, "x", "0", "\xff", "/**/", "//x\n", "\\"}

// around are byte strings to put before or after the whole text: white
// space JSON allows and white space it does not (which trimming with
// Unicode's idea of space would take away), a byte order mark, garbage.
var around = []string{" \n", "\t", "\v", "\f", "\u00a0", "\u0085", "\u2028", "\u3000", "\ufeff", "\x00", "x", "\xff", "{}", ","}

func (g *Set) insertBetween(t *rapid.T, m *mutable) string {
	inner := slices.DeleteFunc(slices.Clone(m.bounds), func(i int) bool { return i <= 0 || i >= len(m.body) })
	if len(inner) == 0 {
		return g.insertAround(t, m)
	}
	at := rapid.SampledFrom(inner).Draw(t, "between tokens at")
	s := rapid.SampledFrom(between).Draw(t, "bytes to put")
	m.splice(at, at, s)
	return fmt.Sprintf("%q put at byte %d", s, at)
}

func (g *Set) insertAround(t *rapid.T, m *mutable) string {
	s := rapid.SampledFrom(around).Draw(t, "bytes to put")
	if rapid.Bool().Draw(t, "before the text") {
		m.splice(0, 0, s)
		return fmt.Sprintf("%q put before the text", s)
	}
	m.splice(len(m.body), len(m.body), s)
	return fmt.Sprintf("%q put after the text", s)
}

func (g *Set) flipByte(t *rapid.T, m *mutable) string {
	if len(m.body) == 0 {
		m.body = []byte{0}
		return "NUL put in the empty body"
	}
	at := rapid.IntRange(0, len(m.body)-1).Draw(t, "byte to flip")
	bit := rapid.IntRange(0, 7).Draw(t, "bit to flip")
	old := m.body[at]
	m.splice(at, at+1, string([]byte{old ^ 1<<bit}))
	return fmt.Sprintf("byte %d flipped from 0x%02x to 0x%02x", at, old, m.body[at])
}
