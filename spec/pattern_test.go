package spec_test

import (
	"testing"

	"github.com/putdestination/conformance/spec"
)

// TestPointerPatternNamesThePlaceInTheSchema: a tag's key, drawn anew by
// every case, becomes "*"; members the schema names stay.
func TestPointerPatternNamesThePlaceInTheSchema(t *testing.T) {
	s, err := spec.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	for in, want := range map[string]string{
		"":                    "",
		"/destinationName":    "/destinationName",
		"/tags":               "/tags",
		"/tags/team":          "/tags/*",
		"/tags/a~1b":          "/tags/*",
		"/unknownMember/deep": "/unknownMember/deep",
	} {
		if got := s.PointerPattern(in); got != want {
			t.Errorf("PointerPattern(%q) = %q, want %q", in, got, want)
		}
	}
}
