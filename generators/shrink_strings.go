package generators

import (
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/putdestination/conformance/contract"
)

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
	s.plainerChars(get, set, fixed, used, plainRune)
}

// plainerChars makes the characters of one string (read by get, tried by
// set, fixed and used as for shrinkString) plainer, toward plainRune:
// some of the wider characters (two or more bytes of UTF-8, or written as
// an escape) made ASCII, one for one, then some of the three- and
// four-byte ones made two ASCII characters each (fewer bytes for as many
// UTF-16 units): all of them, halves, quarters, ... of them, one at a
// time when they are few.
func (s *shrinker) plainerChars(get func() string, set func(string) bool, fixed string, used []string, plainRune rune) {
	rest := func() []rune { return []rune(strings.TrimPrefix(get(), fixed)) }
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
// UTF-8 but two to six in the body, so a wide character for plainerChars.
func escaped(c rune) bool { return c < 0x20 || c == '"' || c == '\\' }

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
		case mem.Text != nil && f.fromSrc && !(skipName && f.name == contract.IdentityMember):
			out = append(out, slot{field: fi, entry: -1})
		case mem.Map != nil && f.isObj:
			for ei, e := range f.entries() {
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
	if sl.entry < 0 && d.fields[sl.field].name == contract.IdentityMember && strings.HasPrefix(text, g.prefix) {
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
	for ei, e := range d.fields[sl.field].entries() {
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
// character when the shortest is one, the first one not taken, or two
// when every one is.
func (g *Set) minimalText(txt *Text, fixed string, used []string) (string, bool) {
	if txt == nil {
		return "", false
	}
	n := max(txt.Min-utf8.RuneCountInString(fixed), 0)
	if txt.Class != nil && txt.Class.AtLeastOne && n == 0 && fixed == "" {
		n = 1
	}
	taken := func(m string) bool { return slices.Contains(used, m) }
	if len(used) > 16 {
		set := make(map[string]bool, len(used))
		for _, u := range used {
			set[u] = true
		}
		taken = func(m string) bool { return set[m] }
	}
	for _, r := range plainRunes {
		if !txt.Class.Contains(r) {
			continue
		}
		m := fixed + strings.Repeat(string(r), n)
		if !taken(m) {
			return m, true
		}
		if n == 0 {
			return "", false
		}
	}
	if n != 1 || utf8.RuneCountInString(fixed)+2 > txt.Max {
		return "", false
	}
	// Every one-character key taken (a map of many entries): two.
	for _, a := range plainRunes {
		for _, b := range plainRunes {
			if m := fixed + string(a) + string(b); txt.Class.Contains(a) && txt.Class.Contains(b) && !taken(m) {
				return m, true
			}
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
