package generators

import (
	"testing"
	"unicode"

	"github.com/putdestination/conformance/internal/jsontext"
	"github.com/putdestination/conformance/spec"
	"pgregory.net/rapid"
)

// TestLitLen: litLen is the length of the literal jsontext.AppendString
// writes, for any string: escapes, control characters, astral characters
// and invalid UTF-8 included.
func TestLitLen(t *testing.T) {
	for _, s := range []string{"", "a", `"\`, "\n\r\t\b\x00\x1f", "é\u2028😀", "\xff", "a\xe2\x82", "\xed\xa0\x80"} {
		if got, want := litLen(s), len(jsontext.AppendString(nil, s)); got != want {
			t.Errorf("litLen(%q): got %d, want %d", s, got, want)
		}
	}
	rapid.Check(t, func(t *rapid.T) {
		s := rapid.OneOf(rapid.String(), rapid.StringOf(rapid.RuneFrom(nil, unicodeRanges...)), rapid.Map(rapid.SliceOf(rapid.Byte()), func(b []byte) string { return string(b) })).Draw(t, "s")
		if got, want := litLen(s), len(jsontext.AppendString(nil, s)); got != want {
			t.Fatalf("litLen(%q): got %d, want %d", s, got, want)
		}
	})
}

// unicodeRanges draw control characters, quotes and backslashes, and
// characters of every UTF-8 width.
var unicodeRanges = []*unicode.RangeTable{unicode.Cc, unicode.Po, unicode.L, unicode.So}

// TestHostileSizeHint: a hostile member's size hint is the size of what
// is written for it, for every kind at every size it is drawn at the
// bounds of, and a few in between.
func TestHostileSizeHint(t *testing.T) {
	for k := range hostileKinds {
		for _, n := range []int{0, 1, 2, 3, 9, 10, 51, 52, 53, 99, 100, 309, 500, 800, 2703, 2704, 2705, 4 << 10, 9999} {
			for _, neg := range []bool{false, true} {
				h := &hostile{kind: k, n: n, neg: neg && (k == hostileExponent || k == hostileDigits)}
				var got []byte
				if k == hostileMany {
					got = h.appendMembers(nil, hostileMembers[k], nil)
				} else {
					got = h.appendValue(nil)
				}
				if h.sizeHint() != len(got) {
					t.Errorf("%s of %d (negative %v): size hint %d, want %d", hostileNames[k], n, h.neg, h.sizeHint(), len(got))
				}
			}
		}
	}
}

// TestPlainBodiesAreSizedExactly: a plain body is allocated at its exact
// size (sizeHint), so that it is written without growing and keeps no
// slack, for the cases of every generator that builds an object, but for
// a map far past its maximum, whose size is estimated.
func TestPlainBodiesAreSizedExactly(t *testing.T) {
	s, err := spec.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	g, err := New(s, Options{Prefix: "cfz-"})
	if err != nil {
		t.Fatal(err)
	}
	var gens []*rapid.Generator[Case]
	for _, each := range [][]*rapid.Generator[Case]{g.ValidEach(), g.InvalidEach(), g.WireEach(), {g.Valid(), g.Invalid()}} {
		gens = append(gens, each...)
	}
	checked := 0
	for i := range 400 {
		c := gens[i%len(gens)].Example(i)
		if c.doc == nil || hasFar(c.doc.fields) {
			continue
		}
		body := object(c.doc.fields)
		if got, want := sizeHint(c.doc.fields), len(body); got != want {
			t.Errorf("%s: size hint %d, want the body's %d bytes", c.Label, got, want)
		}
		checked++
	}
	if checked < 200 {
		t.Fatalf("checked %d bodies, want at least 200", checked)
	}
}

// hasFar reports whether a field of fields is a map far past
// its maximum.
func hasFar(fields []field) bool {
	for _, f := range fields {
		if f.far != nil {
			return true
		}
	}
	return false
}
