package verdict

import (
	"sync"
	"unsafe"
)

// scratch is what a reader of a contract reuses from one judged text to
// the next: the maps and slices it read objects and arrays into, emptied.
// Judging a text builds its value, validates it and drops it; every
// request and response is judged, and these allocations were most of what
// judging one cost, so a judge takes a scratch from its contract's pool,
// reads with it, and gives it back (release) once nothing of the value is
// needed. Problems hold no part of the value: their pointers are built
// from names and their messages are formatted anew. So the strings of a
// value read with a scratch may share the text's bytes (see text).
type scratch struct {
	// names holds the strings the contract names (property names, string
	// consts), boxed once: a reader gives a string of the text equal to
	// one of them that string, rather than allocating its own.
	names map[string]any
	// freeMaps and freeArrays are emptied values ready for reuse;
	// usedMaps and usedArrays are those of the text being read.
	freeMaps, usedMaps     []map[string]any
	freeArrays, usedArrays [][]any
	// path is the path its judge validates on.
	path path
	// keys is the stack of the member names of the objects a lazy
	// reader skips (see textReader.skipObject).
	keys []string
}

// The values a scratch keeps for reuse: small ones only, so that a body
// with a huge object or array does not stay in memory after it.
const (
	keptMembers  = 8  // an object's members (one group of a Go map)
	keptElements = 16 // an array's elements
	keptValues   = 64 // of each kind
)

// newMap is an empty map for an object of the text.
func (s *scratch) newMap() map[string]any {
	if s == nil {
		return make(map[string]any)
	}
	var m map[string]any
	if n := len(s.freeMaps); n > 0 {
		m, s.freeMaps = s.freeMaps[n-1], s.freeMaps[:n-1]
	} else {
		m = make(map[string]any)
	}
	s.usedMaps = append(s.usedMaps, m)
	return m
}

// newArray is an empty, non-nil slice for an array of the text; the
// reader hands the slice it grew back with grown.
func (s *scratch) newArray() []any {
	if s == nil {
		return make([]any, 0)
	}
	if n := len(s.freeArrays); n > 0 {
		a := s.freeArrays[n-1]
		s.freeArrays = s.freeArrays[:n-1]
		return a
	}
	return make([]any, 0)
}

// grown notes the slice an array of the text ended as.
func (s *scratch) grown(a []any) {
	if s != nil {
		s.usedArrays = append(s.usedArrays, a)
	}
}

// release empties the values of the text read and keeps the small ones
// for the next text: nothing of that text's value may be used after it.
func (s *scratch) release() {
	if s == nil {
		return
	}
	for _, m := range s.usedMaps {
		if len(m) <= keptMembers && len(s.freeMaps) < keptValues {
			clear(m)
			s.freeMaps = append(s.freeMaps, m)
		}
	}
	clear(s.usedMaps)
	s.usedMaps = s.usedMaps[:0]
	for _, a := range s.usedArrays {
		if cap(a) <= keptElements && len(s.freeArrays) < keptValues {
			clear(a)
			s.freeArrays = append(s.freeArrays, a[:0])
		}
	}
	clear(s.usedArrays)
	s.usedArrays = s.usedArrays[:0]
	s.popKeys(0)
	// The lists a large text grew go with it.
	s.usedMaps, s.usedArrays, s.keys = trimmed(s.usedMaps), trimmed(s.usedArrays), trimmed(s.keys)
}

// trimmed is an emptied list of a scratch, or nil when it grew past what
// a common text needs.
func trimmed[T any](list []T) []T {
	if cap(list) > 1024 {
		return nil
	}
	return list
}

// popKeys drops the names of the keys stack from base on.
func (s *scratch) popKeys(base int) {
	clear(s.keys[base:])
	s.keys = s.keys[:base]
}

// root is the path of a whole document, to validate on.
func (s *scratch) root() *path {
	if s == nil {
		return &path{}
	}
	clear(s.path.names)
	s.path.names = s.path.names[:0]
	return &s.path
}

// scratchPool hands out scratches that intern names.
func scratchPool(names map[string]any) *sync.Pool {
	return &sync.Pool{New: func() any { return &scratch{names: names} }}
}

// contractNames are the strings c's schemas name: property names,
// required names and string consts, boxed once each.
func contractNames(c *Contract) map[string]any {
	out := map[string]any{}
	var walk func(s *Schema)
	walk = func(s *Schema) {
		if s == nil {
			return
		}
		if v, ok := s.Const.(string); ok && s.HasConst {
			out[v] = v
		}
		for _, name := range s.Required {
			out[name] = name
		}
		for name, sub := range s.Properties {
			out[name] = name
			walk(sub)
		}
		walk(s.AdditionalProperties)
		walk(s.PropertyNames)
	}
	walk(c.Request)
	for _, s := range c.Responses {
		walk(s)
	}
	return out
}

// intern is the contract's string equal to lit, boxed, if it names one.
func (s *scratch) intern(lit []byte) (any, bool) {
	if s == nil {
		return nil, false
	}
	v, ok := s.names[string(lit)]
	return v, ok
}

// named is intern of a string read already: its boxed copy, for a value.
func (s *scratch) named(str string) (any, bool) {
	if s == nil || str == "" {
		return nil, false
	}
	v, ok := s.names[str]
	return v, ok
}

// text is the string of a literal's bytes (no escapes): for a value read
// with a scratch, one that shares them, as the value lives no longer than
// the call that judges the text, and nothing changes the text meanwhile.
func (s *scratch) text(lit []byte) string {
	if s == nil || len(lit) == 0 {
		return string(lit)
	}
	return unsafe.String(&lit[0], len(lit))
}
