package generators

import (
	"bytes"
	"encoding/json"
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
			if len(entries) != m.far.n || len(m.entries()) != m.far.n {
				t.Fatalf("%s (seed %d): %d distinct keys and %d fields, want %d", cells[k], seed, len(entries), len(m.entries()), m.far.n)
			}
		}
	}
	if maps == 0 {
		t.Fatal("the schedule has no map far past its maximum")
	}
}

func firstDiff(a, b []byte) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}
