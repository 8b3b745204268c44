package generators_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/putdestination/conformance/generators"
	"github.com/putdestination/conformance/spec"
)

// TestEdgeCoverage draws a fixed number of cases and checks that every edge
// class appears: a distribution test, not a timed one.
func TestEdgeCoverage(t *testing.T) {
	_, g := newSet(t, generators.Options{})
	seen := map[string]int{}
	const draws = 3000
	for i := 0; i < draws; i++ {
		for _, c := range []generators.Case{g.Valid().Example(i), g.Invalid().Example(i), g.Wire().Example(i)} {
			for _, e := range c.Edges {
				seen[e]++
			}
		}
	}
	want := []string{
		"destinationName length min", "destinationName length max", "destinationName length max-1",
		"destinationName alphabet 2-byte", "destinationName alphabet 3-byte", "destinationName alphabet astral",
		"destinationName alphabet space", "destinationName alphabet control",
		"targetArn length >16Ki", "roleArn length >16Ki",
		"tags count min", "tags count max", "tags key length max", "tags value length min", "tags value length max",
		"tags null", "unknown members", "largest",
		"wire empty body", "wire trailing bytes after the object", "wire body is not an object",
	}
	for _, b := range g.Breakers() {
		want = append(want, "breaks "+b)
	}
	for _, e := range want {
		if seen[e] == 0 {
			t.Errorf("edge %q: got 0 of %d draws, want at least one", e, draws)
		}
	}
}

// TestSpecDrivesGenerators proves the constraints come from the spec: on a
// modified copy with other limits, the generators follow.
func TestSpecDrivesGenerators(t *testing.T) {
	src := string(spec.EmbeddedSource())
	for _, r := range []struct{ old, new string }{
		{"maxLength: 512", "maxLength: 40"},
		{"maxProperties: 50", "maxProperties: 3"},
		{`pattern: "^[^:*]*$"`, `pattern: "^[^:*#]*$"`},
	} {
		if !strings.Contains(src, r.old) {
			t.Fatalf("spec: got no %q to modify, want it", r.old)
		}
		src = strings.Replace(src, r.old, r.new, 1)
	}
	path := filepath.Join(t.TempDir(), "modified.yaml")
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	s, err := spec.LoadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	g, err := generators.New(s, generators.Options{})
	if err != nil {
		t.Fatal(err)
	}
	longest, hashBreaks := 0, false
	for i := 0; i < 2000; i++ {
		v := g.Valid().Example(i)
		if ps := s.ValidateRequest(nil, v.Body); len(ps) > 0 {
			t.Fatalf("valid case %s: got %v against the modified spec, want none", v, ps)
		}
		longest = max(longest, utf8.RuneCountInString(v.Name))
		if strings.Contains(v.Name, "#") {
			t.Fatalf("valid case name %q: got '#', which the modified spec refuses", v.Name)
		}
		inv := g.Invalid().Example(i)
		if inv.Expect.Breaks.Pointer == "/destinationName" && inv.Expect.Breaks.Keyword == "pattern" && strings.Contains(string(inv.Body), "#") {
			hashBreaks = true
		}
	}
	if longest != 40 {
		t.Errorf("longest valid name: got %d characters, want 40 (the modified maxLength)", longest)
	}
	if !hashBreaks {
		t.Errorf("pattern breakers: got no name with '#', want '#' among the refused characters of the modified pattern")
	}
}
