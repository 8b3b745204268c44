package generators

import (
	"math/rand/v2"
	"strings"
	"sync/atomic"
	"unicode"
	"unicode/utf8"

	"github.com/putdestination/conformance/internal/jsontext"

	"pgregory.net/rapid"
)

// alphabet is a named set of characters drawn from one class's stable pool.
type alphabet struct {
	name  string
	id    abcID // name's index in alphabetNames
	runes []rune
}

// abcID names an alphabet by its index in alphabetNames: a drawn string
// carries one, a byte rather than a string.
type abcID uint8

func (id abcID) String() string { return alphabetNames[id] }

// palette is a class's alphabets and the generator that picks one.
type palette struct {
	alphabets []alphabet
	pick      *rapid.Generator[int] // an index into alphabets, built once
}

func newPalette(in []rune) palette {
	abc := alphabets(in)
	return palette{alphabets: abc, pick: named(rapid.IntRange(0, len(abc)-1))}
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
	for id, runes := range [...][]rune{ascii, two, three, astral, in, space, control} { // as alphabetNames
		if len(runes) > 0 {
			out = append(out, alphabet{name: alphabetNames[id], id: abcID(id), runes: runes})
		}
	}
	return out
}

// lengthEdges are the lengths worth trying for a string of min..max
// characters: the bounds and their neighbours, then anything in between.
// It is built once per string member (see textPools): rapid generators are
// values to share, and building one allocates, which per draw would add to
// the cost of every case. huge lets an unbounded string run past 2,048
// characters (see newSet's modest Set).
func lengthEdges(lo, hi int, huge bool) *rapid.Generator[int] {
	if hi == Unbounded {
		// Strings of tens of KiB (no upper bound) one time in 28, and of
		// a few KiB as often: enough to meet every draw budget (two ARNs
		// per request), not so many that they dominate the traffic (one
		// such string outweighs many ordinary requests).
		short := rapid.IntRange(lo, lo+16)
		medium := rapid.IntRange(lo, 256)
		tiers := []*rapid.Generator[int]{
			rapid.Just(lo),
			short, short, short, short, short,
			medium, medium, medium, medium, medium,
			rapid.IntRange(256, 2048), rapid.IntRange(256, 2048),
		}
		if huge {
			tiers = append(tiers, rapid.OneOf(rapid.IntRange(2048, 16*1024), rapid.IntRange(16*1024, 64*1024)))
		}
		return named(rapid.OneOf(tiers...))
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
	return named(rapid.OneOf(gens...))
}

// named returns g after naming it. rapid names a generator lazily (String,
// behind a sync.Once) but reads the name unlocked when drawing, so a
// generator that workers share must be named before they start.
func named[V any](g *rapid.Generator[V]) *rapid.Generator[V] {
	_ = g.String()
	return g
}

// drawn is a drawn string with its JSON literal, built together: a long
// string repeats a chunk, so its literal repeats the chunk's literal instead
// of escaping the whole string again.
type drawn struct {
	abc abcID // the alphabet it was drawn from
	// A short string is s, its literal written straight into the body
	// being built (not kept: a body has many short strings, most only
	// ever written once). A long one is *repeat (nil for a short one, so
	// that they stay small to copy and to collect).
	s string
	*repeat
}

// repeat is a long drawn string: prefix, reps copies of chunk, then tail,
// kept with the insides of their literals (lp, lc, lt; most often the
// parts themselves, which JSON writes as they are: see litInner). Its text
// and its literal are put together only when asked for, the literal
// straight into the body being built (most long strings, ARNs, are only
// ever sent).
type repeat struct {
	prefix, chunk, tail string
	lp, lc, lt          string
	reps                int
	// text is the string put together, once asked for (atomic: the
	// cases of a finding may be read by several goroutines).
	text atomic.Pointer[string]
}

// litLen is the length of the literal.
func (d drawn) litLen() int {
	if d.repeat == nil {
		return litLen(d.s)
	}
	return len(d.lp) + d.reps*len(d.lc) + len(d.lt) + 2
}

// appendLit appends the literal to b.
func (d drawn) appendLit(b []byte) []byte {
	if d.repeat == nil {
		return jsontext.AppendString(b, d.s)
	}
	b = appendRepeat(append(append(b, '"'), d.lp...), d.lc, d.reps)
	return append(append(b, d.lt...), '"')
}

// withSuffix is d followed by sfx: a long string's tail gets sfx (and its
// literal, sfx's: JSON escapes one character at a time), so it is not put
// together and escaped again.
func (d drawn) withSuffix(sfx string) drawn {
	if d.repeat == nil {
		out := plain(d.s + sfx)
		out.abc = d.abc
		return out
	}
	r := &repeat{prefix: d.prefix, chunk: d.chunk, tail: d.tail + sfx, lp: d.lp, lc: d.lc, reps: d.reps}
	r.lt = d.lt + litInner(sfx, "")
	out := d
	out.repeat = r
	return out
}

// text is the drawn string.
func (d drawn) text() string {
	if d.repeat == nil {
		return d.s
	}
	if t := d.repeat.text.Load(); t != nil {
		return *t
	}
	t := joinRepeat(d.prefix, d.chunk, d.tail, d.reps)
	d.repeat.text.Store(&t)
	return t
}

// joinRepeat is prefix, reps copies of chunk, then tail, put together in
// one allocation (strings.Repeat, then +, would allocate and copy it
// twice), the copies of the chunk doubling what is written as appendRepeat
// does: the builder is grown to the whole length first, so what it has
// written stays where it is.
func joinRepeat[S string | []byte](prefix string, chunk, tail S, reps int) string {
	var b strings.Builder
	write := func(s S) {
		switch s := any(s).(type) {
		case string:
			b.WriteString(s)
		case []byte:
			_, _ = b.Write(s)
		}
	}
	body := reps * len(chunk)
	b.Grow(len(prefix) + body + len(tail))
	b.WriteString(prefix)
	start := b.Len()
	if body > 0 {
		write(chunk)
	}
	for done := len(chunk); done < body; done = b.Len() - start {
		b.WriteString(b.String()[start : start+min(done, body-done)])
	}
	write(tail)
	return b.String()
}

// plain is s with its literal.
func plain(s string) drawn { return drawn{s: s} }

// drawText draws a string of exactly n characters from one alphabet, after
// prefix (which counts toward n).
//
// Its characters are not drawn one by one: they come from one draw, a seed,
// expanded with a PCG. A rapid draw per character costs far more than a PCG
// step, and what the edges need is each string's length and alphabet,
// which stay draws of their own. Seed 0 is the plainest string,
// the alphabet's first character throughout, and rapid shrinks seeds toward
// 0, so minimal counterexamples stay readable.
//
// Strings longer than 64 characters repeat a chunk of 1 to 16 characters
// (its length a draw too), so a 64 KiB ARN is built by copying, not
// character by character.
const chunkAbove = 64

func (g *Set) drawText(t *rapid.T, label string, prefix string, n int, p palette) drawn {
	return g.drawTextAs(t, g.labelsOf(label), prefix, n, p)
}

// drawTextAs is drawText with the labels of its draws looked up already
// (see memberLabels): the draws of every valid request go through here.
func (g *Set) drawTextAs(t *rapid.T, lb *textLabels, prefix string, n int, p palette) drawn {
	return g.drawTextIn(t, lb, prefix, n, p, false)
}

// drawFlat is drawTextAs for a string only ever used whole (a key of the
// largest request's map; drawEntries writes other maps' keys whole): the
// same draws and the same text, put together at once (as drawn.text
// would) instead of kept in parts with their literals.
func (g *Set) drawFlat(t *rapid.T, lb *textLabels, prefix string, n int, p palette) drawn {
	return g.drawTextIn(t, lb, prefix, n, p, true)
}

func (g *Set) drawTextIn(t *rapid.T, lb *textLabels, prefix string, n int, p palette, flat bool) drawn {
	n -= utf8.RuneCountInString(prefix)
	// Up to chunkAbove characters of at most utf8.UTFMax bytes each.
	var buf [chunkAbove * utf8.UTFMax]byte
	c := g.drawChars(t, lb, n, p, buf[:0])
	switch {
	case n <= 0:
		return drawn{s: prefix, abc: c.abc}
	case c.reps > 0 && flat:
		return drawn{s: joinRepeat(prefix, c.chars, c.chars[:c.cut], c.reps), abc: c.abc}
	case c.reps > 0:
		s := string(c.chars)
		return repeated(prefix, s, s[:c.cut], c.reps, c.abc)
	}
	return drawn{s: prefix + string(c.chars), abc: c.abc}
}

// chars is what the draws of one string make: its alphabet and its
// characters, or for a long one, a chunk of them to repeat reps times,
// then its first cut bytes (the tail).
type chars struct {
	abc       abcID
	chars     []byte // appended to drawChars' dst, which it starts with
	reps, cut int
}

// drawChars makes the draws of a string of n characters (see drawText),
// appending its characters, or for more than chunkAbove of them its
// chunk, to dst.
func (g *Set) drawChars(t *rapid.T, lb *textLabels, n int, p palette, dst []byte) chars {
	a := p.alphabets[p.pick.Draw(t, lb.alphabet)]
	if n <= 0 {
		return chars{abc: a.id, chars: dst}
	}
	if n > chunkAbove {
		k := g.chunkLens.Draw(t, lb.chunk)
		chunk, cut := a.appendChars(dst, k, g.seeds.Draw(t, lb.chars), n%k)
		// Whole copies of the chunk, then its first n%k characters.
		return chars{abc: a.id, chars: chunk, reps: n / k, cut: cut}
	}
	out, _ := a.appendChars(dst, n, g.seeds.Draw(t, lb.chars), 0)
	return chars{abc: a.id, chars: out}
}

// appendChars appends n characters of a, expanded from seed (see
// drawText), as UTF-8 (a character that is not one, as string([]rune)
// writes it: U+FFFD); cut is the length of the first cutAt of them.
func (a alphabet) appendChars(dst []byte, n int, seed uint64, cutAt int) (out []byte, cut int) {
	start := len(dst)
	if seed == 0 {
		for i := range n {
			if i == cutAt {
				cut = len(dst) - start
			}
			dst = utf8.AppendRune(dst, a.runes[0])
		}
		return dst, cut
	}
	var pcg rand.PCG
	pcg.Seed(seed, 0x9e3779b97f4a7c15)
	m := uint64(len(a.runes))
	for i := range n {
		if i == cutAt {
			cut = len(dst) - start
		}
		// An index below m from the top 32 bits (multiply and shift).
		dst = utf8.AppendRune(dst, a.runes[(pcg.Uint64()>>32)*m>>32])
	}
	return dst, cut
}

// repeated is prefix, reps copies of chunk, then tail. JSON escapes one
// character at a time, so the literal is the parts' literals put together
// the same way.
func repeated(prefix, chunk, tail string, reps int, abc abcID) drawn {
	lc := litInner(chunk, "")
	// The tail is cut from the chunk, so its literal most often from the
	// chunk's.
	r := &repeat{prefix: prefix, chunk: chunk, tail: tail, reps: reps, lp: litInner(prefix, ""), lc: lc, lt: litInner(tail, lc)}
	return drawn{abc: abc, repeat: r}
}

// litInner is the inside of s's JSON string literal: s itself when JSON
// writes s as it is (most drawn strings: no character to escape), else the
// start of within when that is it (a tail cut from a chunk, within the
// chunk's literal), else a string of its own.
func litInner(s, within string) string {
	// Room for a chunk's literal, every character escaped: on the stack.
	var buf [2 + 6*chunkAbove]byte
	lit := jsontext.AppendString(buf[:0], s)
	in := lit[1 : len(lit)-1]
	switch {
	case string(in) == s:
		return s
	case len(in) <= len(within) && string(in) == within[:len(in)]:
		return within[:len(in)]
	}
	return string(in)
}

// appendRepeat appends n copies of unit to dst, doubling what it has copied
// (as bytes.Repeat does) instead of copying a short unit n times.
func appendRepeat[S string | []byte](dst []byte, unit S, n int) []byte {
	if n <= 0 || len(unit) == 0 {
		return dst
	}
	start := len(dst)
	total := len(unit) * n
	dst = append(dst, unit...)
	for len(dst)-start < total {
		dst = append(dst, dst[start:start+min(len(dst)-start, total-(len(dst)-start))]...)
	}
	return dst
}

// textLabels are the draw labels and edge names derived from one label.
// They are built once per label, so that a draw does not concatenate (and
// allocate) them anew.
type textLabels struct {
	length, alphabet, chunk, chars string   // chars labels the seed of the characters
	min, max, maxMinus1, huge      string   // length edges
	alphabets                      []string // edges, by abcID
}

// alphabetNames are the names alphabets gives its alphabets, in the order
// it lists them.
var alphabetNames = []string{"ascii", "2-byte", "3-byte", "astral", "mixed", "space", "control"}

// labelsOf returns the labels derived from label, from the Set's cache (a
// handful of labels: one per string member, key and value).
func (g *Set) labelsOf(label string) *textLabels {
	if lb, ok := g.labels.Load(label); ok {
		return lb.(*textLabels)
	}
	lb := &textLabels{
		length: label + " length", alphabet: label + " alphabet", chunk: label + " chunk", chars: label + " characters",
		min: label + " length min", max: label + " length max", maxMinus1: label + " length max-1", huge: label + " length >16Ki",
		alphabets: make([]string, len(alphabetNames)),
	}
	for id, name := range alphabetNames {
		lb.alphabets[id] = label + " alphabet " + name
	}
	actual, _ := g.labels.LoadOrStore(label, lb)
	return actual.(*textLabels)
}

// memberLabels are the labels of one member's draws and the edges they
// name, built once per Set (see newSet): put together for every draw,
// they would allocate for every request.
type memberLabels struct {
	presence, null string      // presence draw; edge of a null value
	text           *textLabels // a string member's
	mapLabels      *mapLabels  // a map member's
}

// mapLabels are the labels of a map member's draws and the edges they
// name (see validMap).
type mapLabels struct {
	count, countMin, countMax string // count draw; edges of the bounds
	twinKeys, twinPair        string // twinKeys draws
	twinEdges                 []string
	key, value                *textLabels
}

func (g *Set) newMapLabels(label string) *mapLabels {
	ml := &mapLabels{count: label + " count", countMin: label + " count min", countMax: label + " count max",
		twinKeys: label + " twin keys", twinPair: label + " twin pair",
		key: g.labelsOf(label + " key"), value: g.labelsOf(label + " value")}
	for _, k := range twinKinds {
		ml.twinEdges = append(ml.twinEdges, label+" twin keys "+k.name)
	}
	return ml
}

// labelsOfMember is the labels of mem, a member of g.Model.
func (g *Set) labelsOfMember(mem *Member) *memberLabels {
	for i := range g.Model.Members {
		if &g.Model.Members[i] == mem {
			return &g.members[i]
		}
	}
	// Not one of the model's: labelled as the model's member of its name.
	ml := &memberLabels{presence: mem.Name + " presence", null: mem.Name + " null", text: g.labelsOf(mem.Name)}
	if mem.Map != nil {
		ml.mapLabels = g.newMapLabels(mem.Name)
	}
	return ml
}
