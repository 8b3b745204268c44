package generators

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"pgregory.net/rapid"
)

// alphabet is a named set of characters drawn from one class's stable pool.
type alphabet struct {
	name  string
	runes []rune
}

// alphabets splits a class's valid pool by what breaks careless
// implementations: UTF-8 width (bytes vs code points), UTF-16 width (astral
// characters), white space and control characters. ASCII comes first so that
// shrinking heads toward it.
func alphabets(in []rune) []alphabet {
	var ascii, two, three, astral, space, control []rune
	for _, r := range in {
		switch {
		case unicode.IsControl(r):
			control = append(control, r)
		case unicode.IsSpace(r) || unicode.In(r, unicode.Z):
			space = append(space, r)
		}
		switch utf8.RuneLen(r) {
		case 1:
			if !unicode.IsControl(r) {
				ascii = append(ascii, r)
			}
		case 2:
			two = append(two, r)
		case 3:
			three = append(three, r)
		case 4:
			astral = append(astral, r)
		}
	}
	var out []alphabet
	for _, a := range []alphabet{{"ascii", ascii}, {"2-byte", two}, {"3-byte", three}, {"astral", astral}, {"mixed", in}, {"space", space}, {"control", control}} {
		if len(a.runes) > 0 {
			out = append(out, a)
		}
	}
	return out
}

// lengthEdges are the lengths worth trying for a string of min..max
// characters: the bounds and their neighbours, then anything in between.
func lengthEdges(lo, hi int) *rapid.Generator[int] {
	if hi == Unbounded {
		return rapid.OneOf(
			rapid.Just(lo),
			rapid.IntRange(lo, lo+16),
			rapid.IntRange(lo, 2048),
			rapid.IntRange(16*1024, 64*1024), // bodies of tens of KiB: no upper bound
		)
	}
	gens := []*rapid.Generator[int]{rapid.Just(lo)}
	if lo+1 <= hi {
		gens = append(gens, rapid.Just(lo+1))
	}
	gens = append(gens, rapid.IntRange(lo, lo+min(8, hi-lo)))
	if hi-1 >= lo {
		gens = append(gens, rapid.Just(hi-1))
	}
	gens = append(gens, rapid.Just(hi), rapid.IntRange(lo, hi))
	return rapid.OneOf(gens...)
}

// drawText draws a string of exactly n characters from one alphabet, after
// prefix (which counts toward n). Very long strings repeat a short drawn
// chunk, so a 64 KiB ARN costs a handful of draws.
func drawText(t *rapid.T, label string, prefix string, n int, abc []alphabet) (string, string) {
	a := abc[rapid.IntRange(0, len(abc)-1).Draw(t, label+" alphabet")]
	n -= utf8.RuneCountInString(prefix)
	if n <= 0 {
		return prefix, a.name
	}
	var b strings.Builder
	b.WriteString(prefix)
	char := rapid.SampledFrom(a.runes)
	if n > 2048 {
		chunk := rapid.SliceOfN(char, 1, 16).Draw(t, label+" chunk")
		for i := 0; i < n; i++ {
			b.WriteRune(chunk[i%len(chunk)])
		}
		return b.String(), a.name
	}
	for i := 0; i < n; i++ {
		b.WriteRune(char.Draw(t, label+" char"))
	}
	return b.String(), a.name
}
