package mutants

import "net/http"

// Mutant is one faulty emulator.
type Mutant struct {
	// Name is kebab-case and unique, e.g. "accepts-colon-in-name".
	Name string
	// Rule is the id of the rule the harness must report the mutant
	// under, as the rule table of package rules spells it (e.g.
	// "rejects-invalid"); the mutant counts as killed under that rule
	// only. It is a plain string so that the emulator stands alone;
	// internal/killmatrix checks it against the rule table.
	Rule string
	// Description is one line: the deviation, in words.
	Description string
	// New returns a fresh handler with an empty store.
	New func() http.Handler
}

// All returns every mutant of the envelope API, family by family, in the
// order the package doc lists the families. The slice is new on every
// call.
func All() []Mutant {
	var all []Mutant
	all = append(all, acceptsInvalid()...)
	all = append(all, rejectsValid()...)
	all = append(all, wrongResponses()...)
	all = append(all, identityFaults()...)
	all = append(all, robustnessFaults()...)
	all = append(all, byteLevelFaults()...)
	all = append(all, spellingFaults()...)
	all = append(all, unicodeFaults()...)
	all = append(all, identityOverTimeFaults()...)
	all = append(all, hostileFaults()...)
	all = append(all, wireFaults()...)
	all = append(all, lenientFaults()...)
	return all
}

// Named returns the mutant of All with the given name.
func Named(name string) (Mutant, bool) {
	for _, m := range All() {
		if m.Name == name {
			return m, true
		}
	}
	return Mutant{}, false
}
