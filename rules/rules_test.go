package rules_test

import (
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/putdestination/conformance/rules"
	"github.com/putdestination/conformance/spec"
)

// TestSpecRefsResolve: every rule links to parts of the spec that exist,
// or, for a reference that starts with rules.AWSModel, of the AWS API
// model that package awsdialect embeds.
func TestSpecRefsResolve(t *testing.T) {
	model, err := spec.AWSModel()
	if err != nil {
		t.Fatal(err)
	}
	s, err := spec.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	raw, err := s.Doc.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	var doc any
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	for _, r := range rules.All {
		if len(r.SpecRefs) == 0 {
			t.Errorf("rule %s: got no spec reference, want at least one", r.ID)
		}
		for _, ref := range r.SpecRefs {
			in := doc
			if rest, ok := strings.CutPrefix(ref, rules.AWSModel); ok {
				in, ref = model, rest
			}
			if _, ok := resolve(in, ref); !ok {
				t.Errorf("rule %s: spec reference %q: got nothing there, want a part of the spec", r.ID, ref)
			}
		}
	}
}

func TestTableIsWellFormed(t *testing.T) {
	seen := map[rules.ID]bool{}
	for _, r := range rules.All {
		if seen[r.ID] {
			t.Errorf("rule %s: got it twice, want each id once", r.ID)
		}
		seen[r.ID] = true
		if r.Title == "" || r.Contract == "" {
			t.Errorf("rule %s: got an empty title or contract line, want both", r.ID)
		}
		if got, ok := rules.Lookup(r.ID); !ok || got.ID != r.ID {
			t.Errorf("Lookup(%s): got %v, %v, want the rule", r.ID, got.ID, ok)
		}
	}
	for _, r := range rules.All {
		if r.Dialect != "" && r.Dialect != rules.AWS && r.Dialect != rules.Envelope {
			t.Errorf("rule %s: dialect %q, want empty, %s or %s", r.ID, r.Dialect, rules.Envelope, rules.AWS)
		}
		if r.In(rules.Envelope) == (r.Dialect == rules.AWS) {
			t.Errorf("rule %s (dialect %q): In(envelope) = %v", r.ID, r.Dialect, r.In(rules.Envelope))
		}
	}
	var want []rules.ID
	for _, r := range rules.All {
		want = append(want, r.ID)
	}
	if got := rules.IDs(); !slices.Equal(got, want) {
		t.Errorf("IDs(): got %v, want %v (the table's ids, in table order)", got, want)
	}
}

// resolve follows an RFC 6901 fragment ("#/a/b~1c") in a decoded document.
func resolve(doc any, ref string) (any, bool) {
	ptr, ok := strings.CutPrefix(ref, "#")
	if !ok {
		return nil, false
	}
	cur := doc
	for _, tok := range strings.Split(ptr, "/")[1:] {
		tok = strings.NewReplacer("~1", "/", "~0", "~").Replace(tok)
		switch v := cur.(type) {
		case map[string]any:
			if cur, ok = v[tok]; !ok {
				return nil, false
			}
		case []any:
			i, err := strconv.Atoi(tok)
			if err != nil || i < 0 || i >= len(v) {
				return nil, false
			}
			cur = v[i]
		default:
			return nil, false
		}
	}
	return cur, true
}
