package emulator

import "testing"

// TestIsTagRuneTable: the bitmap answers as the unicode package does, for
// every character of the Basic Multilingual Plane and beyond it.
func TestIsTagRuneTable(t *testing.T) {
	for r := rune(-1); r <= 0x10FFFF+1; r++ {
		if got, want := IsTagRune(r), isTagRune(r); got != want {
			t.Fatalf("IsTagRune(%U): got %v, want %v (unicode tables)", r, got, want)
		}
	}
}
