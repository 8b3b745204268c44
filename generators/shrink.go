package generators

import (
	"bytes"
	"encoding/json"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/putdestination/conformance/contract"
)

// Shrink minimises a failing group of cases: one case, a probe's pair, or
// the same first create sent at once (every case one body). It is a
// structured shrinker on the cases' docs, not rapid's: each step is an edit
// of the body's structure, the candidate is judged by the spec's compiled
// verdict first (it must keep each case's expectation: accepted stays
// accepted; a rejected case's problem stays that constraint of that member,
// and every string valid for its schema stays valid, so no other constraint
// breaks) and by the name prefix (a name that could be accepted keeps it),
// and only then sent, through try. A candidate that fails too replaces the
// group, greedily.
//
// The steps, repeated until none makes progress: the spelling toward the
// plainest (plain at once, else one part of it at a time, else escapes in
// one member only); optional and unknown members dropped (all at once, else
// as few kept as still fail, by bisection, then halves, quarters, ...); tags reduced to
// the fewest (halves, quarters, ... then one by one for short maps); hostile
// unknown members made as small as the failure allows; every string shrunk
// on its own (its shortest plain form at once, else the shortest prefix and
// then suffix that still fail, by bisection, then its characters made
// plainer: ASCII for wider ones, two ASCII characters for a three- or
// four-byte one); and the names of a pair, together, down to what tells
// them apart. Names in a group are never shrunk one at a time: a pair
// keeps one name or two, as its probe had.
//
// try sends a candidate and reports whether it failed; ok is false when it
// could not be sent (the request budget or the time is spent), which ends
// shrinking. Shrink returns the smallest failing group found and whether
// it ran to the end (true) or was cut short by try (false). A group with a
// case that is not Shrinkable is returned as it is, complete.
func (g *Set) Shrink(cases []Case, try func([]Case) (failed, ok bool)) ([]Case, bool) {
	cases = slices.Clone(cases)
	for i, c := range cases {
		if c.doc == nil {
			c.doc = g.docOf(c.Body)
		}
		if c.doc == nil {
			return cases, true
		}
		cases[i] = c
	}
	s := &shrinker{g: g, cur: slices.Clone(cases), try: try, seen: map[string]bool{}, done: map[shrunkKey]string{}}
	s.same = len(cases) > 1
	for _, c := range cases[1:] {
		if string(c.Body) != string(cases[0].Body) {
			s.same = false
		}
	}
	s.seen[s.key(s.cur)] = true
	for !s.out {
		before := s.key(s.cur)
		s.spelling()
		s.members()
		s.tags()
		s.hostiles()
		s.strings()
		s.names()
		if s.key(s.cur) == before {
			break
		}
	}
	return s.cur, !s.out
}

// Shrinkable reports whether Shrink can make c smaller: a body the
// generators built, or any that is one JSON object with every member once
// (a mutated body, say), read into a doc (see docOf).
func (g *Set) Shrinkable(c Case) bool { return c.doc != nil || g.docOf(c.Body) != nil }

// docOf reads body, when it is one JSON object with every member once,
// into a doc: string values as text, the entries of a map member one by
// one, every other value as it is written. A string that is not what it
// decodes to (invalid UTF-8, a lone surrogate escape) stays as written
// too. The doc's spelling is as near the body's as a spelling gets: every
// character escaped when the body escapes any it need not, white space
// between tokens when it has some, members in the body's order. nil for
// any other body.
func (g *Set) docOf(body []byte) *doc {
	fields, ok := g.membersOf(body, true)
	if !ok {
		return nil
	}
	d := &doc{fields: fields, spell: spellingOf(body)}
	if !d.namesUnique() {
		return nil
	}
	return d
}

// spellingOf is the spelling nearest body's (see docOf).
func spellingOf(body []byte) spelling {
	var sp spelling
	start := -1
	for i := 0; i < len(body); i++ {
		c := body[i]
		switch {
		case start >= 0 && c == '\\':
			i++
		case start >= 0 && c == '"':
			lit := body[start : i+1]
			var s string
			if json.Unmarshal(lit, &s) == nil && string(jsonString(s)) != string(lit) {
				sp.escape = escapeAll
			}
			start = -1
		case start >= 0:
		case c == '"':
			start = i
		case c == ' ' || c == '\t' || c == '\r' || c == '\n':
			sp.space = true
		}
	}
	return sp
}

// membersOf reads the members of the JSON object raw (see docOf); top:
// those of the body, where a map member's entries are read one by one.
func (g *Set) membersOf(raw []byte, top bool) ([]field, bool) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil, false
	}
	var fields []field
	seen := map[string]bool{}
	for dec.More() {
		tok, err := dec.Token()
		key, isKey := tok.(string)
		var v json.RawMessage
		if err != nil || !isKey || dec.Decode(&v) != nil || seen[key] {
			return nil, false
		}
		seen[key] = true
		f := field{name: key}
		mem, known := g.Model.Member(key)
		switch {
		case v[0] == '"' && literalOf(v):
			var s string
			_ = json.Unmarshal(v, &s)
			f.src, f.fromSrc = plain(s), true
		case top && known && mem.Map != nil && v[0] == '{':
			obj, ok := g.membersOf(v, false)
			if !ok {
				return nil, false
			}
			f.obj, f.isObj = obj, true
		default:
			f.raw = slices.Clone([]byte(v))
		}
		fields = append(fields, f)
	}
	if tok, err := dec.Token(); err != nil || tok != json.Delim('}') {
		return nil, false
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, false
	}
	return fields, true
}

// literalOf reports whether a JSON string literal means what it decodes
// to: valid UTF-8, and no lone surrogate escape (which decodes to U+FFFD).
func literalOf(raw []byte) bool {
	if !utf8.Valid(raw) {
		return false
	}
	high := false // the escape before was a high surrogate
	for i := 0; i < len(raw); i++ {
		if raw[i] != '\\' {
			if high {
				return false
			}
			continue
		}
		if i+5 >= len(raw) || raw[i+1] != 'u' {
			if high {
				return false
			}
			i++
			continue
		}
		v, err := strconv.ParseUint(string(raw[i+2:i+6]), 16, 16)
		if err != nil {
			return false
		}
		switch {
		case v >= 0xd800 && v < 0xdc00:
			if high {
				return false
			}
			high = true
		case v >= 0xdc00 && v < 0xe000:
			if !high {
				return false
			}
			high = false
		case high:
			return false
		}
		i += 5
	}
	return !high
}

type shrinker struct {
	g    *Set
	cur  []Case
	same bool // one body sent several times: every edit applies to all
	try  func([]Case) (bool, bool)
	seen map[string]bool // candidates already judged
	out  bool            // try could not send: stop
	// done keeps what each string was shrunk to (see shrinkText).
	done map[shrunkKey]string
}

func (s *shrinker) key(cs []Case) string {
	var b strings.Builder
	for _, c := range cs {
		b.Write(c.Body)
		b.WriteByte(0)
	}
	return b.String()
}

// edit changes the doc of case i, or reports false to leave it alone.
type edit func(i int, d *doc) (*doc, bool)

// attempt builds the candidate of e, judges it by the spec, and sends it
// through try when it is new and admissible; it reports whether the
// candidate failed (and is now the group).
func (s *shrinker) attempt(e edit) bool {
	if s.out {
		return false
	}
	cand := make([]Case, len(s.cur))
	changed := false
	for i, c := range s.cur {
		if s.same && i > 0 {
			cand[i] = cand[0]
			continue
		}
		d, ok := e(i, c.doc)
		if !ok {
			cand[i] = c
			continue
		}
		nc, ok := s.g.rebuild(c, d)
		if !ok {
			return false
		}
		cand[i], changed = nc, true
	}
	if !changed {
		return false
	}
	k := s.key(cand)
	if s.seen[k] {
		return false
	}
	s.seen[k] = true
	failed, ok := s.try(cand)
	if !ok {
		s.out = true
		return false
	}
	if failed {
		s.cur = cand
	}
	return failed
}

// each is an edit that applies f to every case (the same edit, a joint one).
func each(f func(d *doc) (*doc, bool)) edit {
	return func(_ int, d *doc) (*doc, bool) { return f(d) }
}

// only is an edit that applies f to case j alone.
func only(j int, f func(d *doc) (*doc, bool)) edit {
	return func(i int, d *doc) (*doc, bool) {
		if i != j {
			return nil, false
		}
		return f(d)
	}
}

// indexes are the cases edited one at a time: all of them, or the first
// when every case is one body.
func (s *shrinker) indexes() []int {
	if s.same {
		return []int{0}
	}
	out := make([]int, len(s.cur))
	for i := range out {
		out[i] = i
	}
	return out
}

func (s *shrinker) spelling() {
	plainAll := true
	for _, c := range s.cur {
		plainAll = plainAll && c.doc.spell.plain()
	}
	if plainAll || s.attempt(each(func(d *doc) (*doc, bool) { return d.respelled(spelling{}) })) {
		return
	}
	for _, off := range []func(sp spelling) spelling{
		func(sp spelling) spelling { sp.reorder = false; return sp },
		func(sp spelling) spelling { sp.space = false; return sp },
		func(sp spelling) spelling { sp.escape = escapeNone; return sp },
	} {
		s.attempt(each(func(d *doc) (*doc, bool) { return d.respelled(off(d.spell)) }))
	}
	// Escapes confined to the one member that needs them.
	for _, mem := range s.g.Model.Members {
		if s.cur[0].doc.spell.escape == escapeNone || s.cur[0].doc.spell.only != "" {
			break
		}
		s.attempt(each(func(d *doc) (*doc, bool) {
			sp := d.spell
			sp.only = mem.Name
			return d.respelled(sp)
		}))
	}
}

// droppable are the names of the optional and unknown members of the
// group, in body order.
func (s *shrinker) droppable() []string {
	var names []string
	for _, c := range s.cur {
		for _, f := range c.doc.fields {
			if mem, ok := s.g.Model.Member(f.name); (!ok || !mem.Required) && !slices.Contains(names, f.name) {
				names = append(names, f.name)
			}
		}
	}
	return names
}

// members drops the optional and unknown members: all at once, else as
// many as still fail.
func (s *shrinker) members() {
	names := s.droppable()
	if len(names) == 0 || s.attempt(each(func(d *doc) (*doc, bool) { return d.without(names...) })) {
		return
	}
	// As few as still fail, the first ones dropped, then the last ones, by
	// bisection (a fault that needs many members keeps just as many).
	n := len(names)
	bisect(0, n, func(m int) bool {
		return s.attempt(each(func(d *doc) (*doc, bool) { return d.without(names[:n-m]...) }))
	})
	names = s.droppable()
	n = len(names)
	bisect(0, n, func(m int) bool {
		return s.attempt(each(func(d *doc) (*doc, bool) { return d.without(names[m:]...) }))
	})
	names = s.droppable()
	// Then halves, quarters, ... of them; one by one when they are few.
	for chunk := len(names) / 2; chunk >= 1 && chunk >= len(names)/16; chunk /= 2 {
		if chunk == 1 && len(names) > 16 {
			break
		}
		for start := 0; start < len(names); {
			end := min(start+chunk, len(names))
			if s.attempt(each(func(d *doc) (*doc, bool) { return d.without(names[start:end]...) })) {
				names = slices.Delete(names, start, end)
			} else {
				start = end
			}
		}
	}
}

// tags reduces every map member to the fewest entries that still fail.
func (s *shrinker) tags() {
	for _, mem := range s.g.Model.Members {
		if mem.Map == nil {
			continue
		}
		for _, i := range s.indexes() {
			n := s.cur[i].doc.entries(mem.Name)
			for chunk := n / 2; chunk >= 1; chunk /= 2 {
				if chunk == 1 && s.cur[i].doc.entries(mem.Name) > 16 {
					break // one by one only for short maps: the budget is for strings too
				}
				for start := 0; start < s.cur[i].doc.entries(mem.Name); {
					if !s.attempt(only(i, func(d *doc) (*doc, bool) { return d.withoutEntries(mem.Name, start, start+chunk) })) {
						start += chunk
					}
				}
			}
		}
	}
}

// hostiles makes every hostile unknown member as small as still fails.
func (s *shrinker) hostiles() {
	for _, i := range s.indexes() {
		for fi, f := range s.cur[i].doc.fields {
			if f.hostile == nil {
				continue
			}
			if f.hostile.kind == hostileDigits {
				// The same magnitude, written shorter.
				s.attempt(only(i, func(d *doc) (*doc, bool) {
					h := *d.fields[fi].hostile
					h.kind, h.n = hostileExponent, h.n-1
					return d.withHostile(fi, h)
				}))
			}
			cur := func() *hostile { return s.cur[i].doc.fields[fi].hostile }
			bisect(hostileMin[cur().kind], cur().n, func(n int) bool {
				return s.attempt(only(i, func(d *doc) (*doc, bool) {
					h := *d.fields[fi].hostile
					h.n = n
					return d.withHostile(fi, h)
				}))
			})
		}
	}
}

// bisect finds the least n in [lo, hi) for which fails holds, assuming it
// holds at hi and, roughly, from some n on; it calls fails at most
// log2(hi-lo)+1 times.
func bisect(lo, hi int, fails func(n int) bool) {
	for lo < hi {
		mid := lo + (hi-lo)/2
		if fails(mid) {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
}

// strings shrinks every string on its own, after trying them all at their
// shortest plain form at once.
func (s *shrinker) strings() {
	multi := len(s.cur) > 1 && !s.same
	s.attempt(func(_ int, d *doc) (*doc, bool) {
		out, changed := d, false
		for _, sl := range s.g.slots(d, multi) {
			if m, ok := s.g.minimal(out, sl); ok {
				if nd, ok := out.withText(sl, m); ok {
					out, changed = nd, true
				}
			}
		}
		return out, changed
	})
	for _, i := range s.indexes() {
		for _, sl := range s.g.slots(s.cur[i].doc, multi) {
			s.shrinkText(i, sl)
		}
	}
}

// shrinkText shrinks the string at sl of case i, keeping a name's prefix.
func (s *shrinker) shrinkText(i int, sl slot) {
	text := func() string { t, _ := s.cur[i].doc.text(sl); return t }
	// A string shrunk to t already is not shrunk again while it stays t:
	// another round would send the same kind of candidates for nothing.
	done := shrunkKey{i, sl}
	if s.done[done] == text() {
		return
	}
	txt := s.g.textOf(sl, s.cur[i].doc)
	// A string valid for its schema stays so: only the string that breaks
	// the case's constraint may be anything (the spec judges the case).
	keepValid := txt.valid(text())
	set := func(t string) bool {
		if keepValid && !txt.valid(t) {
			return false
		}
		return s.attempt(only(i, func(d *doc) (*doc, bool) { return d.withText(sl, t) }))
	}
	s.shrinkString(text, set, txt, s.g.fixedPrefix(sl, s.cur[i].doc, text()), s.g.usedKeys(sl, s.cur[i].doc))
	s.done[done] = text()
}

// shrunkKey names a string of a case for shrinker.done.
type shrunkKey struct {
	i  int
	sl slot
}

// shrinkString shrinks one string (read by get, tried by set): its
// shortest plain form, the shortest failing prefix and suffix, then plainer
// characters. fixed is a prefix kept as it is; used are strings it may not
// become (the other keys of its map).
func (s *shrinker) shrinkString(get func() string, set func(string) bool, txt *Text, fixed string, used []string) {
	if m, ok := s.g.minimalText(txt, fixed, used); ok && m != get() && set(m) {
		return
	}
	rest := func() []rune { return []rune(strings.TrimPrefix(get(), fixed)) }
	if r := rest(); len(r) > 1 {
		bisect(0, len(r), func(n int) bool { return set(fixed + string(r[:n])) })
	}
	if r := rest(); len(r) > 1 {
		bisect(0, len(r), func(n int) bool { return set(fixed + string(r[len(r)-n:])) })
	}
	plainRune := s.g.plainRune(txt)
	if plainRune == 0 {
		return
	}
	// Plainer characters: some of the wider characters (two or more bytes
	// of UTF-8, or written as an escape) made ASCII, one for one, then some of the three- and four-byte ones made two ASCII
	// characters each (fewer bytes for as many UTF-16 units): all of them,
	// halves, quarters, ... of them, one at a time when they are few.
	for _, wide := range []struct {
		min   int
		width int
	}{{2, 1}, {3, 2}} {
		// A chunk that made progress is tried again at its size on what
		// is left; one that did not is halved, down to an eighth of the
		// wide characters (single ones when there are few).
		for chunk := utf8.RuneCountInString(get()); chunk >= 1 && !s.out; {
			r := rest()
			var at []int // where the wide characters are
			for i, c := range r {
				if utf8.RuneLen(c) >= wide.min || wide.min == 2 && escaped(c) {
					at = append(at, i)
				}
			}
			chunk = min(chunk, len(at))
			if chunk == 0 || len(at) > 32 && chunk < len(at)/8 {
				break
			}
			progress := false
			for start := 0; start < len(at) && !progress; start += chunk {
				chosen := at[start:min(start+chunk, len(at))]
				var b []rune
				for i, c := range r {
					if _, ok := slices.BinarySearch(chosen, i); ok {
						for range wide.width {
							b = append(b, plainRune)
						}
						continue
					}
					b = append(b, c)
				}
				progress = !slices.Contains(used, string(b)) && set(fixed+string(b))
			}
			if !progress {
				chunk /= 2
			}
		}
	}
}

// escaped reports whether JSON writes c as an escape, in any spelling:
// a control character, a quotation mark or a reverse solidus, one byte of
// UTF-8 but two to six in the body, so a wide character for shrinkString.
func escaped(c rune) bool { return c < 0x20 || c == '"' || c == '\\' }

// names shrinks the names of a pair together: the part they share, from
// the front and from the back, down to what tells them apart; the same
// name, as one string.
func (s *shrinker) names() {
	if len(s.cur) < 2 || s.same {
		return
	}
	idx := s.g.identityField(s.cur[0].doc)
	if idx < 0 {
		return
	}
	rests := func() ([][]rune, bool) {
		var out [][]rune
		for _, c := range s.cur {
			if c.Name == "" || !strings.HasPrefix(c.Name, s.g.prefix) {
				return nil, false
			}
			out = append(out, []rune(strings.TrimPrefix(c.Name, s.g.prefix)))
		}
		return out, true
	}
	// setRests tries the names prefix+f(rs[i]), rs the names as they were
	// when the bisection began.
	setRests := func(rs [][]rune, f func(r []rune) []rune) bool {
		return s.attempt(func(i int, d *doc) (*doc, bool) {
			return d.withText(slot{field: s.g.identityField(d), entry: -1}, s.g.prefix+string(f(rs[i])))
		})
	}
	rs, ok := rests()
	if !ok {
		return
	}
	if cp := commonPrefix(rs); cp == len(rs[0]) && cp == len(rs[1]) {
		// One name (an update): shrunk as one string.
		mem, _ := s.g.Model.Member(IdentityMember)
		s.shrinkString(func() string { return s.cur[0].Name }, func(t string) bool {
			return s.attempt(func(_ int, d *doc) (*doc, bool) {
				return d.withText(slot{field: s.g.identityField(d), entry: -1}, t)
			})
		}, mem.Text, s.g.prefix, nil)
		return
	}
	if cp := commonPrefix(rs); cp > 0 {
		bisect(0, cp, func(k int) bool {
			return setRests(rs, func(r []rune) []rune { return append(slices.Clone(r[cp-k:cp]), r[cp:]...) })
		})
	}
	if rs, ok = rests(); !ok {
		return
	}
	if cs := commonSuffix(rs, commonPrefix(rs)); cs > 0 {
		bisect(0, cs, func(k int) bool {
			return setRests(rs, func(r []rune) []rune { return append(slices.Clone(r[:len(r)-cs]), r[len(r)-cs:len(r)-cs+k]...) })
		})
	}
}

func commonPrefix(rs [][]rune) int {
	n := len(rs[0])
	for _, r := range rs[1:] {
		k := 0
		for k < n && k < len(r) && r[k] == rs[0][k] {
			k++
		}
		n = k
	}
	return n
}

// commonSuffix is the length of the suffix all of rs share, not counting
// their first skip characters.
func commonSuffix(rs [][]rune, skip int) int {
	n := len(rs[0]) - skip
	for _, r := range rs[1:] {
		k := 0
		for k < n && k < len(r)-skip && r[len(r)-1-k] == rs[0][len(rs[0])-1-k] {
			k++
		}
		n = k
	}
	return max(n, 0)
}

// slot is where a string is in a doc: a top-level member's value, or a key
// or value of one of a map member's entries.
type slot struct {
	field int  // index in doc.fields
	entry int  // index in the field's entries, or -1
	key   bool // the entry's key, not its value
}

// slots are the strings of d a shrinker may change: the string values of
// the model's members (not the name when names are shrunk together) and
// the keys and string values of maps.
func (g *Set) slots(d *doc, skipName bool) []slot {
	var out []slot
	for fi, f := range d.fields {
		mem, ok := g.Model.Member(f.name)
		if !ok {
			continue
		}
		switch {
		case mem.Text != nil && f.fromSrc && !(skipName && f.name == IdentityMember):
			out = append(out, slot{field: fi, entry: -1})
		case mem.Map != nil && f.isObj:
			for ei, e := range f.obj {
				out = append(out, slot{field: fi, entry: ei, key: true})
				if e.fromSrc {
					out = append(out, slot{field: fi, entry: ei})
				}
			}
		}
	}
	return out
}

// textOf is the constraint on the string at sl.
func (g *Set) textOf(sl slot, d *doc) *Text {
	mem, _ := g.Model.Member(d.fields[sl.field].name)
	switch {
	case mem == nil:
		return nil
	case sl.entry < 0:
		return mem.Text
	case sl.key:
		return &mem.Map.Key
	}
	return &mem.Map.Value
}

// fixedPrefix is the part of the string at sl a shrinker keeps: the name
// prefix of a name that has it.
func (g *Set) fixedPrefix(sl slot, d *doc, text string) string {
	if sl.entry < 0 && d.fields[sl.field].name == IdentityMember && strings.HasPrefix(text, g.prefix) {
		return g.prefix
	}
	return ""
}

// usedKeys are the other keys of the map of a key slot.
func (g *Set) usedKeys(sl slot, d *doc) []string {
	if sl.entry < 0 || !sl.key {
		return nil
	}
	var out []string
	for ei, e := range d.fields[sl.field].obj {
		if ei != sl.entry {
			out = append(out, e.name)
		}
	}
	return out
}

// plainRunes are the characters shrinking writes, plainest first: ASCII
// letters and digits, which no Unicode version ever classified otherwise.
const plainRunes = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"

// plainRune is the plainest character of txt's class (0: none).
func (g *Set) plainRune(txt *Text) rune {
	if txt == nil {
		return 'a'
	}
	for _, r := range plainRunes {
		if txt.Class.Contains(r) {
			return r
		}
	}
	return 0
}

// minimalText is the shortest string valid for txt made of plain
// characters after fixed, and not in used (another key): a single plain
// character when the shortest is one, the first one not taken.
func (g *Set) minimalText(txt *Text, fixed string, used []string) (string, bool) {
	if txt == nil {
		return "", false
	}
	n := max(txt.Min-utf8.RuneCountInString(fixed), 0)
	if txt.Class != nil && txt.Class.AtLeastOne && n == 0 && fixed == "" {
		n = 1
	}
	for _, r := range plainRunes {
		if !txt.Class.Contains(r) {
			continue
		}
		m := fixed + strings.Repeat(string(r), n)
		if !slices.Contains(used, m) {
			return m, true
		}
		if n == 0 {
			return "", false
		}
	}
	return "", false
}

// minimal is minimalText for the string at sl of d.
func (g *Set) minimal(d *doc, sl slot) (string, bool) {
	text, ok := d.text(sl)
	if !ok {
		return "", false
	}
	return g.minimalText(g.textOf(sl, d), g.fixedPrefix(sl, d, text), g.usedKeys(sl, d))
}

// identityField is the index of the name's field in d, or -1.
func (g *Set) identityField(d *doc) int {
	return slices.IndexFunc(d.fields, func(f field) bool { return f.name == IdentityMember })
}

// rebuild is case c with doc d: its body written, its expectation judged
// by the spec (false when d does not keep c's), its name read again.
func (g *Set) rebuild(c Case, d *doc) (Case, bool) {
	if !d.namesUnique() {
		return c, false
	}
	body := d.body()
	exp, ok := g.keeps(body, c.Expect)
	if !ok {
		return c, false
	}
	name := ""
	if i := g.identityField(d); i >= 0 && d.fields[i].fromSrc {
		name = d.fields[i].src.text()
		if mem, _ := g.Model.Member(IdentityMember); mem != nil && g.prefix != "" && !strings.HasPrefix(name, g.prefix) {
			if n := utf8.RuneCountInString(name); n >= mem.Text.Min && n <= mem.Text.Max && mem.Text.Class.Matches(name) {
				return c, false // a name that could be accepted keeps the prefix
			}
		}
	}
	if c.Name == "" {
		name = ""
	}
	c.Body, c.doc, c.Expect, c.Name = body, d, exp, name
	return c, true
}

// keeps reports whether the spec says of body what want says: accepted, or
// rejected for one problem only, of the same keyword and member (the
// returned expectation has the problem's pointer, which names a tag key
// that shrinking may have changed). A case the contract is silent on (or
// does not describe) stays so: its doc's wrap makes it what it is.
func (g *Set) keeps(body []byte, want contract.Expectation) (contract.Expectation, bool) {
	if want.Outcome != contract.Accept && want.Outcome != contract.Reject {
		return want, true
	}
	// The compiled verdict: microseconds where ValidateRequest spends
	// milliseconds, and much more on a body it must describe at length.
	v := g.spec.RequestVerdict(body)
	switch {
	case v.Silent != "":
		return want, false
	case want.Outcome == contract.Accept:
		return want, v.Valid
	case v.Valid || v.Problem.Keyword != want.Breaks.Keyword || firstToken(v.Problem.Pointer) != firstToken(want.Breaks.Pointer):
		return want, false
	}
	want.Breaks.Pointer = v.Problem.Pointer
	return want, true
}

// firstToken is the first reference token of a JSON pointer, with its '/'.
func firstToken(p string) string {
	if i := strings.IndexByte(p[min(1, len(p)):], '/'); i >= 0 {
		return p[:i+1]
	}
	return p
}

// Remark returns the cases under fresh names: marker is put after the name
// prefix in every name, or at the end of the names of a pair that differ
// from their first character on (a leading white space or zero-width
// character stays leading). A name pushed over its maximum length loses
// characters from the part its pair shares. ok is false when a case has no
// name to mark, or the marked names would no longer be what the probe
// was (too long to cut).
func (g *Set) Remark(cases []Case, marker string) ([]Case, bool) {
	mem, _ := g.Model.Member(IdentityMember)
	var rests [][]rune
	for _, c := range cases {
		if c.doc == nil || c.Name == "" || !strings.HasPrefix(c.Name, g.prefix) || g.identityField(c.doc) < 0 {
			return nil, false
		}
		rests = append(rests, []rune(strings.TrimPrefix(c.Name, g.prefix)))
	}
	// The marker goes in front unless the names differ from their first
	// character on.
	front := len(rests) < 2 || commonPrefix(rests) > 0
	excess := utf8.RuneCountInString(g.prefix+marker) + len(rests[0]) - mem.Text.Max
	for _, r := range rests {
		excess = max(excess, utf8.RuneCountInString(g.prefix+marker)+len(r)-mem.Text.Max)
	}
	out := make([]Case, len(cases))
	for i, c := range cases {
		r := rests[i]
		var name string
		switch {
		case excess > 0 && front && commonPrefix(rests) >= excess:
			name = g.prefix + marker + string(r[excess:])
		case excess > 0 && !front && commonSuffix(rests, 0) >= excess:
			name = g.prefix + string(r[:len(r)-excess]) + marker
		case excess > 0:
			return nil, false
		case front:
			name = g.prefix + marker + string(r)
		default:
			name = g.prefix + string(r) + marker
		}
		d, _ := c.doc.withText(slot{field: g.identityField(c.doc), entry: -1}, name)
		c.doc, c.Body, c.Name = d, d.body(), name
		out[i] = c
	}
	return out, true
}

// clone copies d deeply enough to change a field or an entry.
func (d *doc) clone() *doc {
	fields := slices.Clone(d.fields)
	for i := range fields {
		if fields[i].isObj {
			fields[i].obj = slices.Clone(fields[i].obj)
		}
	}
	return &doc{fields: fields, spell: d.spell, wrap: d.wrap}
}

func (d *doc) respelled(sp spelling) (*doc, bool) {
	if sp == d.spell || d.wrap != nil {
		return nil, false
	}
	return &doc{fields: d.fields, spell: sp}, true
}

// without is d without the named members.
func (d *doc) without(names ...string) (*doc, bool) {
	fields := slices.DeleteFunc(slices.Clone(d.fields), func(f field) bool { return slices.Contains(names, f.name) })
	if len(fields) == len(d.fields) {
		return nil, false
	}
	return &doc{fields: fields, spell: d.spell, wrap: d.wrap}, true
}

// entries is the number of entries of the map member name (0: none).
func (d *doc) entries(name string) int {
	for _, f := range d.fields {
		if f.name == name && f.isObj {
			return len(f.obj)
		}
	}
	return 0
}

// withoutEntries is d without entries [from, to) of map member name.
func (d *doc) withoutEntries(name string, from, to int) (*doc, bool) {
	for i, f := range d.fields {
		if f.name != name || !f.isObj || from >= len(f.obj) {
			continue
		}
		out := d.clone()
		out.fields[i].obj = slices.Delete(out.fields[i].obj, from, min(to, len(f.obj)))
		return out, true
	}
	return nil, false
}

func (d *doc) withHostile(fi int, h hostile) (*doc, bool) {
	if *d.fields[fi].hostile == h || h.n < hostileMin[h.kind] {
		return nil, false
	}
	out := d.clone()
	out.fields[fi].hostile = &h
	return out, true
}

// text is the string at sl.
func (d *doc) text(sl slot) (string, bool) {
	if sl.field < 0 || sl.field >= len(d.fields) {
		return "", false
	}
	f := d.fields[sl.field]
	if sl.entry >= 0 {
		if !f.isObj || sl.entry >= len(f.obj) {
			return "", false
		}
		f = f.obj[sl.entry]
		if sl.key {
			return f.name, true
		}
	}
	if !f.fromSrc {
		return "", false
	}
	return f.src.text(), true
}

// withText is d with the string at sl set to t.
func (d *doc) withText(sl slot, t string) (*doc, bool) {
	old, ok := d.text(sl)
	if !ok || old == t {
		return nil, false
	}
	out := d.clone()
	f := &out.fields[sl.field]
	if sl.entry >= 0 {
		f = &f.obj[sl.entry]
		if sl.key {
			f.name = t
			return out, true
		}
	}
	f.src = plain(t)
	return out, true
}

// namesUnique reports whether no object of d has a member twice.
func (d *doc) namesUnique() bool {
	seen := map[string]bool{}
	for _, f := range d.fields {
		if f.hostile != nil && f.hostile.kind == hostileMany {
			continue // names of their own (x0, x1, ...)
		}
		if seen[f.name] {
			return false
		}
		seen[f.name] = true
		if f.isObj {
			keys := map[string]bool{}
			for _, e := range f.obj {
				if keys[e.name] {
					return false
				}
				keys[e.name] = true
			}
		}
	}
	return true
}
