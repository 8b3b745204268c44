package generators

import (
	"bytes"
	"testing"
	"unicode/utf8"

	"pgregory.net/rapid"
)

// newRuneWhole is newRune's definition read over the whole text: a
// character outside ASCII and the stable table that mutated holds and
// base does not.
func newRuneWhole(base, mutated []byte) (rune, bool) {
	had := map[rune]bool{}
	for _, r := range string(base) {
		had[r] = true
	}
	for i := 0; i < len(mutated); {
		r, size := utf8.DecodeRune(mutated[i:])
		i += size
		if r >= utf8.RuneSelf && r != utf8.RuneError && !isStable(r) && !had[r] {
			return r, true
		}
	}
	return 0, false
}

// TestNewRuneReadsOnlyTheChange holds newRune, which reads only the
// stretch a mutation changed, to the same question asked of the whole
// text, for edits that cut through multi-byte characters: a byte
// inserted, removed or replaced anywhere in a text of mixed widths.
func TestNewRuneReadsOnlyTheChange(t *testing.T) {
	texts := []string{`{"a":"é日𝄞x"}`, "ж\u0301\u0301", "日本", "", `"\u0416\u0416"`}
	rapid.Check(t, func(t *rapid.T) {
		base := []byte(rapid.SampledFrom(texts).Draw(t, "base"))
		mutated := bytes.Clone(base)
		at := rapid.IntRange(0, len(base)).Draw(t, "at")
		b := rapid.Byte().Draw(t, "byte")
		switch rapid.IntRange(0, 2).Draw(t, "edit") {
		case 0:
			mutated = append(mutated[:at:at], append([]byte{b}, base[at:]...)...)
		case 1:
			if at < len(base) {
				mutated = append(mutated[:at:at], base[at+1:]...)
			}
		case 2:
			if at < len(base) {
				mutated[at] = b
			}
		}
		gotR, got := newRune(base, mutated)
		wantR, want := newRuneWhole(base, mutated)
		if got != want || (got && gotR != wantR) {
			t.Fatalf("newRune(%q, %q) = %U %v, want %U %v", base, mutated, gotR, got, wantR, want)
		}
	})
}

func TestNewRuneFindsACharacterMadeOfAnInsertedByte(t *testing.T) {
	// A 0x99 put after 0xD0 (the lead byte of ж, 0xD0 0xB6) makes U+0419
	// from a byte that was there and one that was not.
	base := []byte("a\xd0\xb6b")
	mutated := []byte("a\xd0\x99\xb6b")
	if r, ok := newRune(base, mutated); !ok || r != 'Й' {
		t.Fatalf("newRune = %U %v, want U+0419 true", r, ok)
	}
	if _, ok := newRune(base, base); ok {
		t.Fatal("newRune found a new character in an unchanged text")
	}
}
