package killmatrix_test

import (
	"slices"
	"testing"

	"github.com/putdestination/conformance/internal/killmatrix"
)

// faultClasses are the mutants of the fault classes that every spelling,
// every Unicode class, identity over the whole run and under concurrency,
// and hostile but valid JSON were added to catch, by class.
var faultClasses = []struct {
	class   string
	mutants []string
}{
	{"spellings", []string{"name-pattern-checked-on-raw-text", "name-length-on-raw-text", "tag-key-escapes-not-decoded",
		"rejects-escaped-slash", "rejects-leading-white-space", "expects-member-order"}},
	{"unicode classes", []string{"tag-pattern-admits-marks", "tag-pattern-admits-punctuation", "tag-pattern-admits-symbols",
		"tag-pattern-narrows-numbers", "tag-pattern-narrows-separators", "tag-keys-case-insensitive", "tag-keys-nfkc-folded"}},
	{"identity over the run", []string{"zero-width-stripped-names", "nfkc-folded-names", "forgets-early-names", "ids-recycled-across-run"}},
	{"concurrency", []string{"racy-first-create"}},
	{"hostile json", []string{"rejects-numbers-beyond-float64", "500-on-deep-nesting", "rejects-many-members", "500-on-long-unknown-strings"}},
}

// classSeeds are the seeds every mutant of a fault class must be killed
// with.
var classSeeds = []uint64{1, 5, 7, 99, 2024, 12345, 31337, 424242}

// TestFaultClassesKilledForEightSeeds runs the campaign of the matrix (the
// defaults of conformance.Check, no shrinking) with each of classSeeds
// against every mutant of every fault class: each must be killed under its
// own rule every time. (TestCorrectZooStaysConformant holds the clean side
// to the same checks for 20 seeds.)
func TestFaultClassesKilledForEightSeeds(t *testing.T) {
	if raceEnabled {
		t.Skip("under -race, TestKillMatrix runs a sample with seed 1")
	}
	t.Parallel()
	rows := killmatrix.Mutants()
	ctx := t.Context()
	for _, fc := range faultClasses {
		for _, name := range fc.mutants {
			i := slices.IndexFunc(rows, func(r killmatrix.Row) bool { return r.Name == name })
			if i < 0 {
				t.Errorf("%s: no mutant %q in the zoo", fc.class, name)
				continue
			}
			t.Run(fc.class+"/"+name, func(t *testing.T) {
				outcomes := make([]<-chan killmatrix.Outcome, len(classSeeds))
				for k, seed := range classSeeds {
					outcomes[k] = pool.Start(ctx, rows[i], seed)
				}
				t.Parallel()
				for _, outcome := range outcomes {
					check(t, <-outcome)
				}
			})
		}
	}
}
