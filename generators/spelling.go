package generators

import (
	"bytes"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/putdestination/conformance/internal/jsontext"
	"pgregory.net/rapid"
)

// spelling is how a body is written in JSON. It never changes what the body
// means, so a case's expectation never depends on it: escapes decode to the
// same strings, white space outside strings is insignificant, members of an
// object have no order and unknown members are ignored.
type spelling struct {
	// escape: none (only what JSON requires, as encoding/json writes it),
	// some (characters of every string escaped at random, non-alphanumeric
	// ones more often) or all (every character of every string of at most
	// escapeAllMax characters; longer ones as with some). An escape is
	// \uXXXX in either case of hex digits, a surrogate pair for an astral
	// character, \/ for '/', or a short escape (\" \\ \b \f \n \r \t).
	escape escapeLevel
	// space puts insignificant white space (space, tab, CR, LF) before,
	// after and between tokens.
	space bool
	// reorder writes members in another order, the top-level ones with
	// unknown members before, between and after them.
	reorder bool
	// seed drives every choice (a PCG), so a spelling is a value: the same
	// spelling of the same doc is the same body.
	seed uint64
	// only, when set, confines the escapes to the value of that top-level
	// member (shrinking's narrower spelling; never drawn).
	only string
}

type escapeLevel uint8

const (
	escapeNone escapeLevel = iota
	escapeSome
	escapeAll
)

// escapeAllMax is the longest string escape-all escapes whole, and the
// longest a spelling escapes throughout: a 512-character name or a
// 256-character tag value in full, not a 64 KiB ARN six times over (a
// longer string has its first characters escaped).
const escapeAllMax = 1024

// spellings are the spellings the generators draw, by name (see Spellings);
// the seed is drawn apart.
var spellings = []spelling{
	{},
	{escape: escapeSome},
	{escape: escapeAll},
	{space: true},
	{reorder: true},
	{escape: escapeSome, space: true, reorder: true},
}

// Spellings names the spellings a case can be drawn in, plainest first
// (coverage tests).
func Spellings() []string {
	out := make([]string, len(spellings))
	for i, s := range spellings {
		out[i] = s.name()
	}
	return out
}

func (s spelling) plain() bool { return s.escape == escapeNone && !s.space && !s.reorder }

// name is "plain", or the spelling's parts joined by '+'.
func (s spelling) name() string {
	var parts []string
	switch s.escape {
	case escapeSome:
		parts = append(parts, "escaped")
	case escapeAll:
		parts = append(parts, "escaped-all")
	}
	if s.space {
		parts = append(parts, "spaced")
	}
	if s.reorder {
		parts = append(parts, "reordered")
	}
	if len(parts) == 0 {
		return "plain"
	}
	if s.only != "" && s.escape != escapeNone {
		parts[0] += " in " + s.only
	}
	return strings.Join(parts, "+")
}

// spellingPick draws a spelling: plain half of the time (bodies a person
// reads, and the cheapest to build), each other spelling a tenth.
var spellingPick = named(rapid.IntRange(0, 2*len(spellings)-3))

// drawSpelling draws a spelling and its seed.
func (g *Set) drawSpelling(t *rapid.T) spelling {
	i := spellingPick.Draw(t, "spelling") - (len(spellings) - 2)
	if i <= 0 {
		return spelling{}
	}
	s := spellings[i]
	s.seed = g.seeds.Draw(t, "spelling seed")
	return s
}

// spellingEdges are the edge names of spellings, in their order, built
// once: every draft names its spelling's.
var spellingEdges = func() []string {
	out := make([]string, len(spellings))
	for i, s := range spellings {
		out[i] = "spelling " + s.name()
	}
	return out
}()

// edge is the edge name of s, one of spellings with its seed ("" for a
// spelling confined to one member, which no draft has): looked up by its
// parts, since putting its name together allocates.
func (s spelling) edge() string {
	if s.only != "" && s.escape != escapeNone {
		return ""
	}
	for i, d := range spellings {
		if d.escape == s.escape && d.space == s.space && d.reorder == s.reorder {
			return spellingEdges[i]
		}
	}
	return ""
}

// encode writes fields as a JSON object in spelling sp.
//
// A spelled body is written into a scratch buffer and copied out at its
// exact size: how much its escapes and white space add is only known once
// written, and a body allocated at a capacity hint large enough for the
// worst case would keep that slack for as long as its case lives.
func encode(fields []field, sp spelling) []byte {
	if sp.plain() {
		return object(fields)
	}
	buf := scratchBodies.Get().(*[]byte)
	w := &writer{sp: sp, b: (*buf)[:0]}
	if hint := sp.sizeHint(fields); cap(w.b) < hint {
		w.b = make([]byte, 0, hint)
	}
	w.pcg.Seed(sp.seed, 0x2545f4914f6cdd1d)
	w.space()
	w.object(fields, true)
	w.space()
	out := bytes.Clone(w.b)
	if cap(w.b) <= maxScratchBody {
		*buf = w.b
		scratchBodies.Put(buf)
	}
	return out
}

// scratchBodies are the buffers encode writes spelled bodies in; one larger
// than maxScratchBody is left to the collector.
var scratchBodies = sync.Pool{New: func() any { return new([]byte) }}

const maxScratchBody = 1 << 20

// sizeHint is a capacity hint for fields written in s: the plain size, a
// quarter more for white space and reordering, and room for the escapes
// of every string's first escapeAllMax bytes (the part a spelling
// escapes: about five bytes more a character when all are, two when some
// are). Short of it, appends grow the body a quarter at a time,
// allocating it several times over.
func (s spelling) sizeHint(fields []field) int {
	n := sizeHint(fields)
	switch s.escape {
	case escapeAll:
		n += 5 * escapable(fields)
	case escapeSome:
		n += 2 * escapable(fields)
	}
	return n + n/4
}

// escapable is the number of bytes of fields' names and strings that a
// spelling escapes: each one's first escapeAllMax.
func escapable(fields []field) int {
	n := 0
	for _, f := range fields {
		n += min(len(f.name), escapeAllMax)
		switch {
		case f.fromSrc:
			n += min(f.src.litLen()-2, escapeAllMax)
		case f.isObj:
			n += escapable(f.entries())
		}
	}
	return n
}

// writer writes one body in a spelling.
type writer struct {
	sp  spelling
	pcg rand.PCG
	b   []byte
	// plain is set while writing what a spelling confined to one member
	// (spelling.only) leaves unescaped.
	plain bool
}

// chance is true with probability n/8.
func (w *writer) chance(n uint64) bool { return w.pcg.Uint64()>>61 < n }

// whiteSpace are JSON's four insignificant white space characters.
const whiteSpace = " \t\r\n"

// space writes 0 to 3 white space characters, when the spelling has them.
func (w *writer) space() {
	if !w.sp.space {
		return
	}
	x := w.pcg.Uint64()
	if x&4 != 0 {
		return // half the places get none
	}
	for n := 1 + (x&3)%3; n > 0; n-- {
		x >>= 3
		w.b = append(w.b, whiteSpace[x&3])
	}
}

// padNames are the unknown members a reordered spelling adds at the top
// level (those not already in the body), with padValues: they mean nothing
// to the contract, which ignores unknown members. padValues are only read.
var (
	padNames  = []string{"requestId", "clientToken", "_comment", "x-extra"}
	padValues = [][]byte{[]byte(`0`), []byte(`"pad"`), []byte(`null`), []byte(`[]`), []byte(`{}`), []byte(`true`)}
)

// orderSpace is how many members writer.object orders without allocating:
// every top-level member and pad, and the entries of most maps.
const orderSpace = 64

func (w *writer) object(fields []field, top bool) {
	// order lists the members in the order they are written: i >= 0 is
	// fields[i], a negative one a pad (see pad). A list of indices, not
	// of fields: a field is large to copy, and a list of them would be
	// allocated for every reordered object.
	var space [orderSpace]int32
	order := space[:0]
	for i := range fields {
		order = append(order, int32(i))
	}
	if w.sp.reorder && len(fields) > 0 {
		for i := len(order) - 1; i > 0; i-- {
			j := int(w.pcg.Uint64() % uint64(i+1))
			order[i], order[j] = order[j], order[i]
		}
		if top {
			for k, name := range padNames[:1+w.pcg.Uint64()%3] {
				if slices.ContainsFunc(fields, func(f field) bool { return f.name == name }) {
					continue
				}
				at := int(w.pcg.Uint64() % uint64(len(order)+1))
				v := int(w.pcg.Uint64() % uint64(len(padValues)))
				order = slices.Insert(order, at, padIndex(k, v))
			}
		}
	}
	w.b = append(w.b, '{')
	for i, at := range order {
		var f field
		if at >= 0 {
			f = fields[at]
		} else {
			f = pad(at)
		}
		if i > 0 {
			w.space()
			w.b = append(w.b, ',')
		}
		if f.hostile != nil && f.hostile.kind == hostileMany {
			w.b = f.hostile.appendMembers(w.b, f.name, w)
			continue
		}
		w.space()
		if top && w.sp.only != "" {
			w.plain = true
		}
		w.str(f.name)
		if top && w.sp.only != "" {
			w.plain = f.name != w.sp.only
		}
		w.space()
		w.b = append(w.b, ':')
		w.space()
		switch {
		case f.fromSrc:
			w.drawn(f.src)
		case f.isObj:
			w.object(f.entries(), false)
		case f.hostile != nil && !w.sp.space:
			w.b = f.hostile.appendValue(w.b)
		case f.hostile != nil:
			w.raw(f.hostile.appendValue(nil))
		case f.raw == nil:
			w.b = append(w.b, "null"...)
		default:
			w.raw(f.raw)
		}
	}
	w.space()
	w.b = append(w.b, '}')
}

// padIndex is the index writer.object lists pad name k with value v under.
func padIndex(k, v int) int32 { return int32(-1 - k*len(padValues) - v) }

// pad is the member of a pad index.
func pad(at int32) field {
	i := int(-1 - at)
	return field{name: padNames[i/len(padValues)], raw: padValues[i%len(padValues)]}
}

// raw writes a JSON value as it is, with white space between its tokens
// when the spelling has it (its strings are not escaped again).
func (w *writer) raw(raw []byte) {
	if !w.sp.space {
		w.b = append(w.b, raw...)
		return
	}
	inString, escaped := false, false
	for _, c := range raw {
		if inString {
			w.b = append(w.b, c)
			switch {
			case escaped:
				escaped = false
			case c == '\\':
				escaped = true
			case c == '"':
				inString = false
			}
			continue
		}
		switch c {
		case '"':
			inString = true
			w.b = append(w.b, c)
		case '{', '[', ',', ':':
			w.b = append(w.b, c)
			w.space()
		case '}', ']':
			w.space()
			w.b = append(w.b, c)
		default:
			w.b = append(w.b, c)
		}
	}
}

// str writes s as a JSON string literal in the spelling.
func (w *writer) str(s string) {
	if w.sp.escape == escapeNone || w.plain {
		w.b = jsontext.AppendString(w.b, s)
		return
	}
	all := w.sp.escape == escapeAll && len(s) <= escapeAllMax*utf8.UTFMax && utf8.RuneCountInString(s) <= escapeAllMax
	w.b = append(w.b, '"')
	w.inner(s, all)
	w.b = append(w.b, '"')
}

// drawn writes a drawn string: a long one's chunk is spelled once and
// repeated, as its plain literal is.
func (w *writer) drawn(d drawn) {
	if w.sp.escape == escapeNone || w.plain {
		w.b = d.appendLit(w.b)
		return
	}
	if d.repeat == nil {
		w.str(d.s)
		return
	}
	n := utf8.RuneCountInString(d.prefix) + d.reps*utf8.RuneCountInString(d.chunk) + utf8.RuneCountInString(d.tail)
	w.b = append(w.b, '"')
	if n > escapeAllMax {
		// A long string (an ARN of up to 64 KiB) has its first chunk
		// spelled and the copies after it as they are: escapes inside it,
		// without a body several times as large.
		w.inner(d.prefix, false)
		w.inner(d.chunk, false)
		w.b = appendRepeat(slices.Grow(w.b, len(d.lc)*(d.reps-1)+len(d.lt)+1), d.lc, d.reps-1)
		w.b = append(append(w.b, d.lt...), '"')
		return
	}
	all := w.sp.escape == escapeAll
	w.inner(d.prefix, all)
	start := len(w.b)
	w.inner(d.chunk, all)
	// The chunk as spelled is the unit its copies repeat, read from the
	// body itself once grown for them (appendRepeat appends after it).
	w.b = slices.Grow(w.b, (len(w.b)-start)*(d.reps-1)+len(d.tail)*6+64)
	w.b = appendRepeat(w.b, w.b[start:], d.reps-1)
	w.inner(d.tail, all)
	w.b = append(w.b, '"')
}

// inner writes the inside of s's literal: every character escaped when all
// is set, else some of them (an alphanumeric ASCII character one time in
// four, any other three times in four), and always those JSON requires.
func (w *writer) inner(s string, all bool) {
	for _, r := range s {
		esc := all
		if !esc {
			if r < utf8.RuneSelf && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
				esc = w.chance(2)
			} else {
				esc = w.chance(6)
			}
		}
		w.char(r, esc)
	}
}

// shortEscapes are the two-character escapes JSON has.
var shortEscapes = map[rune]byte{'"': '"', '\\': '\\', '/': '/', '\b': 'b', '\f': 'f', '\n': 'n', '\r': 'r', '\t': 't'}

// char writes one character, escaped when esc is set or JSON requires it.
func (w *writer) char(r rune, esc bool) {
	mandatory := r < 0x20 || r == '"' || r == '\\'
	if !esc && !mandatory {
		w.b = utf8.AppendRune(w.b, r)
		return
	}
	if c, ok := shortEscapes[r]; ok && w.chance(4) {
		w.b = append(w.b, '\\', c)
		return
	}
	upper := w.chance(4)
	if r > 0xFFFF {
		hi, lo := utf16.EncodeRune(r)
		w.hex(hi, upper)
		w.hex(lo, upper)
		return
	}
	w.hex(r, upper)
}

// hex writes \uXXXX.
func (w *writer) hex(r rune, upper bool) {
	digits := "0123456789abcdef"
	if upper {
		digits = "0123456789ABCDEF"
	}
	w.b = append(w.b, '\\', 'u', digits[r>>12&0xf], digits[r>>8&0xf], digits[r>>4&0xf], digits[r&0xf])
}
