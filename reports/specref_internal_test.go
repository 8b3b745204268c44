package reports

import (
	"slices"
	"strings"
	"testing"

	"github.com/putdestination/conformance/rules"
	"github.com/putdestination/conformance/spec"
)

// TestAWSModelPartsAreQuotedInTheAWSDialect: in a run of the aws dialect,
// the aws rules' refs into the AWS API model are quoted from it, as the
// spec's parts are from the spec; in another run, and for a part the model
// does not have, they are named only.
func TestAWSModelPartsAreQuotedInTheAWSDialect(t *testing.T) {
	var refs []string
	for _, r := range rules.All {
		if r.Dialect == rules.AWS {
			for _, ref := range r.SpecRefs {
				if !slices.Contains(refs, ref) { // a part shared by two rules is quoted once
					refs = append(refs, ref)
				}
			}
		}
	}
	missing := rules.AWSModel + "#/shapes/NoSuchShape"
	parts := specParts(nil, append(refs, missing), true)
	if len(parts) != len(refs)+1 {
		t.Fatalf("specParts: got %d parts, want %d", len(parts), len(refs)+1)
	}
	for _, p := range parts[:len(refs)] {
		if !p.Linked || p.Source != spec.AWSModelFile || p.Text == "" || p.Line == 0 {
			t.Errorf("part %s: got linked %v, source %q, line %d, %d bytes of text; want it quoted from %s", p.Ref, p.Linked, p.Source, p.Line, len(p.Text), spec.AWSModelFile)
		}
	}
	if p := parts[0]; !strings.Contains(p.Text, "destination") || !strings.Contains(p.Text, "\n") {
		t.Errorf("part %s: got %q, want the shape's members, in block style", p.Ref, p.Text)
	}
	if p := parts[len(refs)]; p.Linked || p.Text != "" {
		t.Errorf("part %s, not in the model: got linked %v and %q, want it named only", p.Ref, p.Linked, p.Text)
	}
	for _, p := range specParts(nil, refs, false) {
		if p.Linked || p.Text != "" {
			t.Errorf("part %s in the envelope dialect: got linked %v and %q, want it named only", p.Ref, p.Linked, p.Text)
		}
	}
}
