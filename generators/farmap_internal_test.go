package generators

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

// A map far past its maximum is written from its rule (farEntries), not
// from one field per entry: its body must be byte for byte what the same
// entries as fields give (what the shrinker and the doc's edits work on),
// with as many distinct keys as its cell says.
func TestFarMapWritesItsEntries(t *testing.T) {
	_, g := newTestSet(t, Options{})
	gens, cells := g.InvalidSchedule(), g.Cells()
	maps := 0
	for k, gen := range gens {
		if cells[k].Keyword != "maxProperties" || !strings.HasSuffix(cells[k].Way, "times the maximum") {
			continue
		}
		maps++
		for seed := range 3 {
			c := gen.Example(seed)
			var m *field
			for i := range c.doc.fields {
				if c.doc.fields[i].far != nil {
					m = &c.doc.fields[i]
				}
			}
			if m == nil {
				t.Fatalf("%s (seed %d): no member made by farEntries", cells[k], seed)
			}
			if want := object(c.doc.clone().fields); !bytes.Equal(c.Body, want) {
				t.Fatalf("%s (seed %d): body differs from its entries written one by one at byte %d", cells[k], seed, firstDiff(c.Body, want))
			}
			var body map[string]json.RawMessage
			if err := json.Unmarshal(c.Body, &body); err != nil {
				t.Fatalf("%s (seed %d): %v", cells[k], seed, err)
			}
			var entries map[string]string
			if err := json.Unmarshal(body[m.name], &entries); err != nil {
				t.Fatalf("%s (seed %d): %s: %v", cells[k], seed, m.name, err)
			}
			all := m.entries()
			if len(entries) != m.far.n || len(all) != m.far.n {
				t.Fatalf("%s (seed %d): %d distinct keys and %d fields, want %d", cells[k], seed, len(entries), len(all), m.far.n)
			}
			for _, i := range []int{0, m.far.n / 2, m.far.n - 1} {
				if got := m.entry(i); got.name != all[i].name || got.src.text() != all[i].src.text() {
					t.Fatalf("%s (seed %d): entry %d is %q: %q, want %q: %q", cells[k], seed, i, got.name, got.src.text(), all[i].name, all[i].src.text())
				}
			}
		}
	}
	if maps == 0 {
		t.Fatal("the schedule has no map far past its maximum")
	}
}

// A case with a map far past its maximum shrinks as any other: to one
// entry past the maximum when every map past it fails.
func TestFarMapShrinks(t *testing.T) {
	_, g := newTestSet(t, Options{})
	gens, cells := g.InvalidSchedule(), g.Cells()
	for k, gen := range gens {
		if cells[k].Keyword != "maxProperties" || cells[k].Way != "1000 times the maximum" {
			continue
		}
		c := gen.Example(1)
		max := g.Model.Members[slices.IndexFunc(g.Model.Members, func(m Member) bool { return m.Map != nil })].Map.MaxEntries
		tags := func(c Case) int {
			var body struct{ Tags map[string]any }
			if err := json.Unmarshal(c.Body, &body); err != nil {
				t.Fatal(err)
			}
			return len(body.Tags)
		}
		out, done := g.Shrink([]Case{c}, func(cs []Case) (bool, bool) { return tags(cs[0]) > max, true })
		if !done || tags(out[0]) != max+1 {
			t.Fatalf("%s: shrunk to %d entries (to the end: %v), want %d", cells[k], tags(out[0]), done, max+1)
		}
		return
	}
	t.Fatal("the schedule has no map 1000 times past its maximum")
}

func firstDiff(a, b []byte) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}
