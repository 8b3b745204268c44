package generators

import (
	"slices"
	"testing"
)

// TestStableTable guards the curated table: each character's category in
// Go's Unicode tables must be the one recorded (which has not changed since
// Unicode 6.0), so the generators never assert acceptance or rejection of a
// character whose category moved between versions.
func TestStableTable(t *testing.T) {
	seen := map[rune]bool{}
	for _, s := range append(slices.Clone(stableTable), twinRunes...) {
		if got := categoryOf(s.r); got != s.category {
			t.Errorf("%U (%s): got category %s, want %s", s.r, s.note, got, s.category)
		}
		if seen[s.r] {
			t.Errorf("%U: got a duplicate entry, want each character once", s.r)
		}
		seen[s.r] = true
	}
}

func TestParseClassRejectsUnsupportedPatterns(t *testing.T) {
	for _, tc := range []struct{ pattern, reason string }{
		{"[a-z]+", "unanchored"},
		{"^a[b-c]*$", "not one repeated class"},
		{"^(ab)*$", "a repeated sequence, not a class"},
	} {
		if _, err := ParseClass(tc.pattern); err == nil {
			t.Errorf("ParseClass(%q) (%s): got nil error, want an error", tc.pattern, tc.reason)
		}
	}
}
