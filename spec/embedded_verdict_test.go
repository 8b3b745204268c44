package spec_test

import (
	"testing"

	"github.com/putdestination/conformance/contract"
	"github.com/putdestination/conformance/spec"
	"github.com/putdestination/conformance/verdict"
)

// requestDisagreement is how the compiled contract's verdict on body
// differs from the spec's by the JSON Schema engine ("" when it does not):
// validity, silence, and the first problem's pointer and keyword.
func requestDisagreement(s *spec.Spec, c *verdict.Contract, body []byte) string {
	got, want := c.RequestVerdict(body), s.SchemaVerdict(body)
	if got.Valid != want.Valid || got.Silent != want.Silent || got.Problem.Pointer != want.Problem.Pointer || got.Problem.Keyword != want.Problem.Keyword {
		return "body " + contract.Excerpt(body, 200) + ": verdict.Embedded says " + describe(got) + ", the spec " + describe(want)
	}
	return ""
}

func describe(v verdict.Verdict) string {
	out := "invalid (" + contract.DisplayPointer(v.Problem.Pointer) + " " + v.Problem.Keyword + ")"
	if v.Valid {
		out = "valid"
	}
	if v.Silent != "" {
		out += ", silent: " + v.Silent
	}
	return out
}

// TestEmbeddedVerdictAgreesWithSpec holds the contract compiled to Go
// (verdict.Embedded, which fuzz targets judge with) to the spec's own
// verdict on the requests of every generator, byte-level edits of them and
// the edge bodies.
func TestEmbeddedVerdictAgreesWithSpec(t *testing.T) {
	s := embedded(t)
	c, err := verdict.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	n := 40
	if testing.Short() {
		n = 8
	}
	for _, body := range corpus(t, s, n) {
		if d := requestDisagreement(s, c, body); d != "" {
			t.Error(d)
		}
	}
}

// TestEmbeddedVerdictSabotageIsCaught: the corpus tells a compiled
// contract that lost a constraint from the spec.
func TestEmbeddedVerdictSabotageIsCaught(t *testing.T) {
	s := embedded(t)
	for name, sabotage := range map[string]func(c *verdict.Contract){
		"destinationName without maxLength": func(c *verdict.Contract) { c.Request.Properties["destinationName"].MaxLength = nil },
		"tags without propertyNames":        func(c *verdict.Contract) { c.Request.Properties["tags"].PropertyNames = nil },
		"targetArn not required":            func(c *verdict.Contract) { c.Request.Required = []string{"destinationName", "roleArn"} },
		"tags without null":                 func(c *verdict.Contract) { c.Request.Properties["tags"].Types = []string{"object"} },
	} {
		c, err := verdict.Embedded()
		if err != nil {
			t.Fatal(err)
		}
		sabotage(c)
		caught := false
		for _, body := range corpus(t, s, 8) {
			if requestDisagreement(s, c, body) != "" {
				caught = true
				break
			}
		}
		if !caught {
			t.Errorf("%s: no body of the corpus tells it from the spec", name)
		}
	}
}
