package killmatrix_test

import (
	"slices"
	"testing"

	"github.com/putdestination/conformance/internal/killmatrix"
)

// faultClasses are the mutants of the fault classes (every spelling, every
// Unicode class, identity over the whole run and under concurrency, hostile
// but valid JSON, input past a parser limit of the contract notes, where a
// 400 is no fault but a 5xx or a drop still is, the wire encodings, the
// arn's region and deletions in the aws dialect, and the cells of the coverage schedule
// that lenient decoders slip through),
// by class; the first two
// of each (those whose kill depends most on what a seed draws) run with
// every seed of classSeeds, all of them with seed 1 in TestKillMatrix
// (`go run ./cmd/mutants -seed N -run ...` runs the others with any seed).
var faultClasses = []struct {
	class   string
	mutants []string
}{
	{"spellings", []string{"tag-key-escapes-not-decoded", "name-pattern-checked-on-raw-text", "name-length-on-raw-text",
		"rejects-escaped-slash", "rejects-leading-white-space", "expects-member-order"}},
	{"unicode classes", []string{"tag-keys-nfkc-folded", "tag-pattern-admits-marks", "tag-pattern-admits-punctuation",
		"tag-pattern-admits-symbols", "tag-pattern-narrows-numbers", "tag-pattern-narrows-separators", "tag-keys-case-insensitive"}},
	{"identity over the run", []string{"zero-width-stripped-names", "forgets-early-names", "nfkc-folded-names", "ids-recycled-across-run"}},
	{"concurrency", []string{"racy-first-create"}},
	{"hostile json", []string{"rejects-many-members", "500-on-long-unknown-strings"}},
	{"past a parser limit", []string{"500-on-deep-nesting", "drops-connection-on-deep-nesting", "500-on-huge-exponent-in-unknown-member"}},
	// The wire property sends every encoding in every cycle whatever the
	// seed, so each of these is met at every seed; two classes, so that
	// all four run with every seed.
	{"wire framing", []string{"reads-only-content-length", "500-on-byte-order-mark"}},
	{"wire headers", []string{"refuses-header-names-not-canonical", "refuses-charset-parameter"}},
	// An arn that always names the default region shows only in the
	// requests signed for the run's second region (awsdialect.RegionOf).
	{"aws arn region", []string{"aws-arn-default-region"}},
	// A deletion is checked during the campaign at fixed cases of the
	// valid property (awsdialect's deleteCases), whatever the seed.
	{"aws deletion", []string{"aws-fake-delete", "aws-delete-missing-succeeds"}},
	{"lenient decoders", []string{"tag-keys-checked-from-the-start-only", "null-tag-values-read-as-empty", "member-names-matched-without-case",
		"accepts-empty-tag-key", "accepts-tags-as-key-value-list", "trims-member-names"}},
}

// eightSeedsPerClass is how many mutants of each class run with every seed.
const eightSeedsPerClass = 2

// classSeeds are the seeds every mutant of a fault class must be killed
// with.
var classSeeds = []uint64{1, 5, 7, 99, 2024, 12345, 31337, 424242}

// TestFaultClassesKilledForEightSeeds runs the campaign of the matrix (the
// defaults of conformance.Check, no shrinking) with each of classSeeds
// against the first mutants of every fault class: each must be killed
// under its own rule every time. (TestCorrectZooStaysConformant holds the
// clean side to the same checks for 20 seeds.)
func TestFaultClassesKilledForEightSeeds(t *testing.T) {
	for _, fc := range faultClasses {
		for _, name := range fc.mutants {
			if !slices.ContainsFunc(killmatrix.Mutants(), func(r killmatrix.Row) bool { return r.Name == name }) {
				t.Errorf("%s: no mutant %q in the zoo", fc.class, name)
			}
		}
	}
	if raceEnabled {
		t.Skip("under -race, TestKillMatrix runs a sample with seed 1")
	}
	t.Parallel()
	rows := killmatrix.Mutants()
	ctx := t.Context()
	for _, fc := range faultClasses {
		for _, name := range fc.mutants[:min(eightSeedsPerClass, len(fc.mutants))] {
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
