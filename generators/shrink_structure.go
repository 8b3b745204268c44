package generators

import "slices"

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

// tags reduces every map member to the fewest entries that still fail:
// as few as still fail kept from the front, then from the back, by
// bisection (a fault that needs many entries keeps just as many, one
// entry's fault comes down to that entry); then halves, quarters, ... of
// what is left, for a map short enough for that to be worth its requests.
func (s *shrinker) tags() {
	for _, mem := range s.g.Model.Members {
		if mem.Map == nil {
			continue
		}
		for _, i := range s.indexes() {
			n := s.cur[i].doc.entries(mem.Name)
			bisect(0, n, func(k int) bool {
				return s.attempt(only(i, func(d *doc) (*doc, bool) { return d.withoutEntries(mem.Name, k, n) }))
			})
			n = s.cur[i].doc.entries(mem.Name)
			bisect(0, n, func(k int) bool {
				return s.attempt(only(i, func(d *doc) (*doc, bool) { return d.withoutEntries(mem.Name, 0, n-k) }))
			})
			n = s.cur[i].doc.entries(mem.Name)
			if n > maxChunked {
				continue
			}
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

// maxChunked is the most entries a map may have left for tags to try
// dropping its halves, quarters, ...: past it, the bisections have found
// as many as a fault needs, and each chunk tried would cost a request.
const maxChunked = 64

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
