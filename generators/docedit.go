package generators

import "slices"

// slot is where a string is in a doc: a top-level member's value, or a key
// or value of one of a map member's entries.
type slot struct {
	field int  // index in doc.fields
	entry int  // index in the field's entries, or -1
	key   bool // the entry's key, not its value
}

// withEntries is d with the entries of every map as fields (a far map's
// made: see farEntries), for the shrinker, which reads and edits them one
// by one.
func (d *doc) withEntries() *doc {
	for _, f := range d.fields {
		if f.far != nil {
			return d.clone()
		}
	}
	return d
}

// clone copies d deeply enough to change a field or an entry.
func (d *doc) clone() *doc {
	fields := slices.Clone(d.fields)
	for i := range fields {
		switch f := &fields[i]; {
		case f.far != nil:
			f.obj, f.far = f.far.fields(), nil // fresh: no clone
		case f.isObj:
			f.obj = slices.Clone(f.obj)
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
			return f.entryCount()
		}
	}
	return 0
}

// withoutEntries is d without entries [from, to) of map member name.
func (d *doc) withoutEntries(name string, from, to int) (*doc, bool) {
	for i, f := range d.fields {
		if f.name != name || !f.isObj || from >= f.entryCount() {
			continue
		}
		out := d.clone()
		out.fields[i].obj = slices.Delete(out.fields[i].obj, from, min(to, f.entryCount()))
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
		if !f.isObj || sl.entry >= f.entryCount() {
			return "", false
		}
		f = f.entry(sl.entry)
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
			for _, e := range f.entries() {
				if keys[e.name] {
					return false
				}
				keys[e.name] = true
			}
		}
	}
	return true
}
