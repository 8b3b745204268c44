package rules

import (
	"fmt"
	"slices"
	"strings"
)

// Selection is the rules a run judges; nil selects every rule, an empty
// non-nil selection none. It is also the -rules flag (a flag.Value):
// comma-separated ids.
type Selection []ID

// Has reports whether the selection holds id (always, when nil).
func (s Selection) Has(id ID) bool { return s == nil || slices.Contains(s, id) }

// String is the ids, comma-separated, as -rules takes them.
func (s Selection) String() string { return s.join(",") }

func (s Selection) join(sep string) string {
	ids := make([]string, len(s))
	for i, id := range s {
		ids[i] = string(id)
	}
	return strings.Join(ids, sep)
}

// Set reads comma-separated ids into s, replacing what it held; blanks
// around an id and empty ids are dropped. An id the table does not have
// is kept, so that a typo reaches Unknown's one-line error rather than the
// flag package's usage text.
func (s *Selection) Set(v string) error {
	next := (*s)[:0:0]
	for _, id := range strings.Split(v, ",") {
		if id = strings.TrimSpace(id); id != "" {
			next = append(next, ID(id))
		}
	}
	*s = next
	return nil
}

// Unknown returns one error per id of s that the table does not have,
// naming it and listing the ids it has.
func (s Selection) Unknown() []error {
	var errs []error
	for _, id := range s {
		if _, ok := Lookup(id); !ok {
			errs = append(errs, fmt.Errorf("no rule %q (rules: %s)", id, Selection(IDs()).join(", ")))
		}
	}
	return errs
}
