package generators

import (
	"slices"
	"strings"
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
		c.doc = c.doc.withEntries()
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
