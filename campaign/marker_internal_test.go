package campaign

import (
	"testing"
	"unicode"
)

// TestFreshMarkersAreSpelledAlike: markers differ, but each has the same
// length and a letter or digit, or a '-', at the same places, so that a
// pair sent again under a fresh marker keeps its escaped spelling's every
// later choice (see freshMarker).
func TestFreshMarkersAreSpelledAlike(t *testing.T) {
	shape := func(m string) string {
		out := []rune(m)
		for i, r := range out {
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				out[i] = 'x'
			}
		}
		return string(out)
	}
	first := freshMarker()
	seen := map[string]bool{first: true}
	for range 2000 {
		m := freshMarker()
		if shape(m) != shape(first) {
			t.Fatalf("marker %q is spelled %q, unlike %q (%q)", m, shape(m), first, shape(first))
		}
		if seen[m] {
			t.Fatalf("marker %q came twice", m)
		}
		seen[m] = true
	}
}
