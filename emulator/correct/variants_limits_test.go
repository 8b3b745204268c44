package correct_test

import (
	"strings"
	"testing"

	"github.com/putdestination/conformance/emulator/correct"
)

// withMember is a valid request for name with one more member, raw JSON.
func withMember(name, member, raw string) string {
	return strings.Replace(validBody(name), "{", `{"`+member+`":`+raw+`,`, 1)
}

// limitCase is a body a limit variant must accept or refuse.
type limitCase struct {
	body   string
	accept bool
	reason string
}

// limitCases check each parser-limit variant at its limit and past it:
// accepted within, 400 with the VALIDATION_ERROR envelope past it.
func limitCases() []variantCase {
	rows := []struct {
		server string
		cases  []limitCase
	}{
		{"numbers-as-float64", []limitCase{
			{withMember("d1", "x", "1.7976931348623157e308"), true, "the largest double"},
			{withMember("d1", "x", "1e-400"), true, "an underflow is zero"},
			{withMember("d1", "x", "1e400"), false, "1e400 is beyond a double's range"},
			{withMember("d1", "x", "-"+strings.Repeat("9", 400)), false, "so is a 400-digit integer"},
		}},
	}
	var cases []variantCase
	for _, row := range rows {
		cases = append(cases, variantCase{row.server, "accepted within its limit, refused with 400 past it", func(t *testing.T, s correct.Server) {
			srv := serve(t, s.New())
			for _, c := range row.cases {
				a := post(t, srv, c.body)
				switch e := a.env; {
				case c.accept && (a.StatusCode != 200 || e.Data == nil):
					t.Errorf("%s: got %d %.100q, want 200 and the success envelope", c.reason, a.StatusCode, a.body)
				case !c.accept && (a.StatusCode != 400 || e.Error == nil || e.Error.Code != "VALIDATION_ERROR"):
					t.Errorf("%s: got %d %.100q, want 400 and the VALIDATION_ERROR envelope", c.reason, a.StatusCode, a.body)
				}
			}
		}})
	}
	return cases
}
