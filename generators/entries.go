package generators

import (
	"sync"

	"pgregory.net/rapid"
)

// drawEntries appends entries to tags up to n, each a key (drawn whole:
// it is only ever used so, as a member name) and a value, and appends the
// edges they exercise to edges (unless nil).
//
// The characters of their strings are written into one scratch buffer and
// put together in one string, which each key and short value is a part
// of: an allocation per map rather than two per entry. A long value, a
// repeated chunk, keeps its own (see drawn), and a key numbered after a
// collision is uniqueKey's.
func (g *Set) drawEntries(t *rapid.T, ms *MapShape, ml *mapLabels, tags []field, n int, edges *[]string) []field {
	keys, values := g.texts[&ms.Key].valid, g.texts[&ms.Value].valid
	scratch := mapScratch.Get().(*[]byte)
	m := entryDraw{tags: tags, first: len(tags), buf: (*scratch)[:0]}
	// The spans, on the stack for a map of up to 64 entries: apart from
	// m, whose buf escapes (to the pool).
	var space [64]entrySpan
	spans := space[:0]
	for len(m.tags) < n {
		sp := entrySpan{key: len(m.buf)}
		kn := g.validLength(t, ml.key, &ms.Key, "")
		k := g.drawChars(t, ml.key, kn, keys, m.buf)
		m.buf = k.chars
		if k.reps > 0 { // the chunk, then its copies and the tail after it
			m.buf = appendRepeat(m.buf, m.buf[sp.key:], k.reps-1)
			m.buf = append(m.buf, m.buf[sp.key:sp.key+k.cut]...)
		}
		sp.keyEnd = len(m.buf)
		textEdges(edges, ml.key, &ms.Key, kn, k.abc)
		e := field{fromSrc: true}
		// Short keys from a small alphabet run out; number a collision
		// instead of drawing again, so the loop ends.
		if m.takenBytes(spans, m.buf[sp.key:sp.keyEnd]) {
			e.name = g.uniqueKey(&ms.Key, len(m.tags))
			for j := len(m.tags) + 1; m.taken(spans, e.name); j++ {
				e.name = g.uniqueKey(&ms.Key, j)
			}
			m.buf = m.buf[:sp.key]
			sp.key, sp.keyEnd = -1, -1
		}
		sp.value = len(m.buf)
		vn := g.validLength(t, ml.value, &ms.Value, "")
		v := g.drawChars(t, ml.value, vn, values, m.buf)
		e.src.abc = v.abc
		if v.reps > 0 {
			s := string(v.chars[sp.value:])
			e.src = repeated("", s, s[:v.cut], v.reps, v.abc)
			sp.value = -1
		} else {
			m.buf = v.chars
		}
		sp.valueEnd = len(m.buf)
		textEdges(edges, ml.value, &ms.Value, vn, v.abc)
		m.tags = append(m.tags, e)
		spans = append(spans, sp)
	}
	all := string(m.buf)
	for i, sp := range spans {
		e := &m.tags[m.first+i]
		if sp.key >= 0 {
			e.name = all[sp.key:sp.keyEnd]
		}
		if sp.value >= 0 {
			e.src.s = all[sp.value:sp.valueEnd]
		}
	}
	if cap(m.buf) <= maxScratchBody {
		*scratch = m.buf
		mapScratch.Put(scratch)
	}
	return m.tags
}

// mapScratch are the buffers drawEntries writes a map's strings in; one
// larger than maxScratchBody is left to the collector.
var mapScratch = sync.Pool{New: func() any { return new([]byte) }}

// entryDraw is a map being drawn by drawEntries: its entries, those from
// first on with their strings in buf until the end (where: drawEntries'
// spans, one for each).
type entryDraw struct {
	tags  []field
	first int
	buf   []byte
}

// entrySpan is where an entry's key and value are in entryDraw.buf: key
// is -1 for a key numbered after a collision, value -1 for a long value.
type entrySpan struct{ key, keyEnd, value, valueEnd int }

// takenBytes reports whether an entry drawn before has key k.
func (m *entryDraw) takenBytes(spans []entrySpan, k []byte) bool {
	for i := range m.tags {
		if sp := i - m.first; sp >= 0 && spans[sp].key >= 0 {
			if string(m.buf[spans[sp].key:spans[sp].keyEnd]) == string(k) {
				return true
			}
		} else if m.tags[i].name == string(k) {
			return true
		}
	}
	return false
}

// taken reports whether an entry drawn before has key k.
func (m *entryDraw) taken(spans []entrySpan, k string) bool {
	for i := range m.tags {
		if sp := i - m.first; sp >= 0 && spans[sp].key >= 0 {
			if string(m.buf[spans[sp].key:spans[sp].keyEnd]) == k {
				return true
			}
		} else if m.tags[i].name == k {
			return true
		}
	}
	return false
}
