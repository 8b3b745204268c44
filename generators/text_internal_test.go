package generators

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/putdestination/conformance/spec"
	"pgregory.net/rapid"
)

// TestDrawTextLiteral: whatever the palette, prefix and length, a drawn
// string has exactly the characters asked for, and its literal (built from
// the chunk's when the string repeats one) is the JSON encoding of it.
func TestDrawTextLiteral(t *testing.T) {
	s, err := spec.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	g, err := New(s, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var palettes []palette
	for _, p := range g.texts {
		palettes = append(palettes, p.valid)
	}
	rapid.Check(t, func(t *rapid.T) {
		p := rapid.SampledFrom(palettes).Draw(t, "palette")
		prefix := rapid.SampledFrom([]string{"", "ci-", `q"\`, "é\t"}).Draw(t, "prefix")
		n := rapid.OneOf(rapid.IntRange(0, 2*chunkAbove), rapid.IntRange(0, 4096)).Draw(t, "n")
		d := g.drawText(t, "text", prefix, n, p)
		if want := max(n, utf8.RuneCountInString(prefix)); utf8.RuneCountInString(d.text()) != want {
			t.Fatalf("drawText(%q, %d): got %d characters, want %d", prefix, n, utf8.RuneCountInString(d.text()), want)
		}
		if !strings.HasPrefix(d.text(), prefix) {
			t.Fatalf("drawText(%q, %d) = %q: got no prefix, want it first", prefix, n, d.text())
		}
		var decoded string
		if err := json.Unmarshal(d.appendLit(nil), &decoded); err != nil || decoded != d.text() {
			t.Fatalf("drawText(%q, %d): literal %s decodes to %q (err %v), want %q", prefix, n, d.appendLit(nil), decoded, err, d.text())
		}
		sfx := rapid.SampledFrom([]string{"", "-updated", `"\`, "\x01é"}).Draw(t, "suffix")
		ds := d.withSuffix(sfx)
		if err := json.Unmarshal(ds.appendLit(nil), &decoded); err != nil || decoded != d.text()+sfx || ds.text() != decoded {
			t.Fatalf("drawText(%q, %d).withSuffix(%q): literal decodes to %q (err %v), text %q, want %q", prefix, n, sfx, decoded, err, ds.text(), d.text()+sfx)
		}
	})
}

func TestAppendRepeat(t *testing.T) {
	for _, tc := range []struct {
		unit string
		n    int
	}{{"", 5}, {"a", 0}, {"a", 1}, {"ab", 2}, {"abc", 7}, {"é😀", 33}, {"x", 1 << 16}} {
		got := string(appendRepeat([]byte("pre"), []byte(tc.unit), tc.n))
		if want := "pre" + strings.Repeat(tc.unit, tc.n); got != want {
			t.Errorf("appendRepeat(%q, %d): got %d bytes %.40q, want %d bytes %.40q", tc.unit, tc.n, len(got), got, len(want), want)
		}
	}
}

// TestRepeatedText holds a long string's text, put together by doubling
// what is written, to its parts repeated.
func TestRepeatedText(t *testing.T) {
	for _, tc := range []struct {
		prefix, chunk, tail string
		reps                int
	}{
		{"", "a", "", 1}, {"", "a", "", 65}, {"p-", "ab", "a", 33}, {"", "é€𝄞", "é", 1000}, {"x", "0123456789abcdef", "0123", 4096}, {"", "", "", 5},
	} {
		want := tc.prefix + strings.Repeat(tc.chunk, tc.reps) + tc.tail
		if got := repeated(tc.prefix, tc.chunk, tc.tail, tc.reps, 0).text(); got != want {
			t.Errorf("repeated(%q, %q, %q, %d).text(): got %d bytes %.40q, want %d bytes %.40q", tc.prefix, tc.chunk, tc.tail, tc.reps, len(got), got, len(want), want)
		}
	}
}
