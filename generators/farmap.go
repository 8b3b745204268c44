package generators

import (
	"unicode/utf8"

	"github.com/putdestination/conformance/internal/jsontext"
	"pgregory.net/rapid"
)

// farMap is a valid map of n entries, far more than a maximum: distinct
// keys numbered in the key class's ASCII characters (as few as n
// entries need, from a drawn start), every value the same short one,
// drawn, so that a map a thousand times past its maximum stays under a
// MiB.
func (g *Set) farMap(t *rapid.T, label string, ms *MapShape, n int) *farEntries {
	digits := g.texts[&ms.Key].valid.alphabets[0].runes
	width, span := 1, len(digits)
	for width < ms.Key.Min || span < 2*n && width < ms.Key.Max {
		width, span = width+1, span*len(digits)
	}
	start := rapid.IntRange(0, n).Draw(t, label+" first key")
	value := g.drawText(t, label+" value", "", rapid.IntRange(ms.Value.Min, min(ms.Value.Max, max(ms.Value.Min, 2))).Draw(t, label+" value length"), g.texts[&ms.Value].far)
	return &farEntries{digits: digits, width: width, start: start, n: n, value: value}
}

// farEntries are the entries of a map far past its maximum (farMap), kept
// as the rule that numbers them rather than one field each: entry i has
// the key numbered start+i in digits, width characters long, and value.
// A map of 50,000 entries is written straight into its body from these few
// numbers; as fields (128 bytes each) it would be megabytes to build and
// for the collector to scan, once a run, for one body. The shrinker and
// the edits of a doc, which work entry by entry, get the fields (fields).
type farEntries struct {
	digits       []rune
	width, start int
	n            int
	value        drawn
}

// number sets digit to the key of entry i: its number start+i in base
// len(digits), width places, each place an index in digits.
func (m *farEntries) number(digit []int, i int) {
	for j, x := 0, m.start+i; j < m.width; j, x = j+1, x/len(m.digits) {
		digit[m.width-1-j] = x % len(m.digits)
	}
}

// entry is entry i as a field.
func (m *farEntries) entry(i int) field {
	digit := make([]int, m.width)
	m.number(digit, i)
	var key []byte
	for _, d := range digit {
		key = utf8.AppendRune(key, m.digits[d])
	}
	return field{name: string(key), src: m.value, fromSrc: true}
}

// fields are the entries one field each, as a doc's edits need them.
func (m *farEntries) fields() []field {
	// The keys are written one after another into one string, and each
	// entry names its slice of it: one allocation for all the keys.
	var all []byte
	ends := make([]int, m.n)
	digit := make([]int, m.width)
	for i := range m.n {
		m.number(digit, i)
		for _, d := range digit {
			all = utf8.AppendRune(all, m.digits[d])
		}
		ends[i] = len(all)
	}
	keys := string(all)
	out := make([]field, m.n)
	from := 0
	for i, end := range ends {
		// Set in place: a whole field copied into a slice this large goes
		// through the collector's bulk write barrier while it marks.
		e := &out[i]
		e.name, e.src, e.fromSrc = keys[from:end], m.value, true
		from = end
	}
	return out
}

// sizeHint is a capacity hint for the object: an estimate (each key at
// its widest), where sizeHint of fields is exact.
func (m *farEntries) sizeHint() int {
	return 2 + m.n*(m.width*utf8.UTFMax+len(`"":,`)+m.value.litLen())
}

// appendObject appends the object, byte for byte as appendObject of
// fields: each key's literal (JSON escapes a string one character at a
// time, so each digit's escape is its part of every key), then the one
// value's.
func (m *farEntries) appendObject(b []byte) []byte {
	lits := make([][]byte, len(m.digits))
	for d, r := range m.digits {
		lit := jsontext.AppendString(nil, string(r))
		lits[d] = lit[1 : len(lit)-1]
	}
	value := m.value.appendLit(nil)
	digit := make([]int, m.width)
	b = append(b, '{')
	for i := range m.n {
		if i > 0 {
			b = append(b, ',')
		}
		m.number(digit, i)
		b = append(b, '"')
		for _, d := range digit {
			b = append(b, lits[d]...)
		}
		b = append(b, '"', ':')
		b = append(b, value...)
	}
	return append(b, '}')
}
