package generators

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode"

	"github.com/putdestination/conformance/spec"
	"pgregory.net/rapid"
)

// TestSizesAreTheParsers: sizes counts exactly the nodes and boundaries
// the parser records (so newMutable allocates its lists once), for
// generated bodies of every kind and for texts with strings holding
// structural bytes and escaped quotes, empty and nested containers and
// white space; past maxArrayDepth levels, at least as many.
func TestSizesAreTheParsers(t *testing.T) {
	s, err := spec.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	g, err := New(s, Options{})
	if err != nil {
		t.Fatal(err)
	}
	texts := []string{
		`0`, `"a"`, `[]`, `{}`, `[ ]`, "{ \t}", `[[],[[]],{}]`, `{"a":[1,2,{"b":[]}],"c":{}}`,
		`{"a,b:c[d{e":"x\",]}:{[","\\":[ "," , ":" ]}`, " [ 1 , [ 2 ] , \"]\" ] ",
		strings.Repeat("[", 600) + strings.Repeat("]", 600),
		strings.Repeat(`[1,{"a":`, 300) + "0" + strings.Repeat("}]", 300),
	}
	var gens []*rapid.Generator[Case]
	for _, each := range [][]*rapid.Generator[Case]{g.ValidEach(), g.InvalidEach(), g.WireEach(), g.MutateEach()} {
		gens = append(gens, each...)
	}
	for i := range 300 {
		texts = append(texts, string(gens[i%len(gens)].Example(i).Body))
	}
	checked := 0
	for _, text := range texts {
		b := []byte(text)
		if !json.Valid(b) {
			continue
		}
		m := newMutable(b)
		nodes, bounds := sizes(b)
		deep := strings.Count(text, "[") > maxArrayDepth/2
		switch {
		case deep && (len(m.nodes) > nodes || len(m.bounds) > bounds):
			t.Errorf("%.80q: sizes %d nodes, %d boundaries, want at least %d and %d", text, nodes, bounds, len(m.nodes), len(m.bounds))
		case !deep && (len(m.nodes) != nodes || len(m.bounds) != bounds):
			t.Errorf("%.80q: sizes %d nodes, %d boundaries, want %d and %d", text, nodes, bounds, len(m.nodes), len(m.bounds))
		}
		checked++
	}
	if checked < 200 {
		t.Fatalf("checked %d texts, want at least 200", checked)
	}
}

// TestMemberNameIsEncodingJSONs: memberName decodes a member name's
// literal as encoding/json does, whatever it holds: escapes of every kind
// (surrogate pairs, lone surrogates, either case of hex digits), control
// characters, and invalid UTF-8.
func TestMemberNameIsEncodingJSONs(t *testing.T) {
	lits := []string{`""`, `"a"`, `"\u00e9\/\"\\\b\f\n\r\t"`, `"\ud83d\ude00"`, `"\uD83D\uDE00"`, `"\ud800"`, `"\udc00x"`, `"\ud800\u0041"`, "\"\xff\\u0041\"", "\"a\xe2\x82\\n\""}
	for _, lit := range lits {
		checkMemberName(t, []byte(lit))
	}
	rapid.Check(t, func(t *rapid.T) {
		// A literal of drawn pieces: characters as they are, or escaped.
		pieces := rapid.SliceOf(rapid.OneOf(
			rapid.StringOf(rapid.RuneFrom(nil, unicode.L, unicode.So, unicode.Zs)),
			rapid.SampledFrom([]string{`\"`, `\\`, `\/`, `\b`, `\f`, `\n`, `\r`, `\t`, `\u0000`, `\u001F`, `\u00e9`, `\ud83d\ude00`, `\uD800`, `\udfff`, `\uFFFF`, "\xff", "\xc3", "é"}),
		)).Draw(t, "pieces")
		lit := []byte(`"` + strings.Join(pieces, "") + `"`)
		if !json.Valid(lit) {
			t.Skip("not a JSON string")
		}
		checkMemberName(t, lit)
	})
}

func checkMemberName(t interface{ Fatalf(string, ...any) }, lit []byte) {
	var want string
	if err := json.Unmarshal(lit, &want); err != nil {
		t.Fatalf("%q: %v", lit, err)
	}
	if got := memberName(lit); got != want {
		t.Fatalf("memberName(%q): got %q, want %q", lit, got, want)
	}
}
