package generators

import (
	"slices"
	"strings"

	"github.com/putdestination/conformance/contract"
)

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
		mem, _ := s.g.Model.Member(contract.IdentityMember)
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
