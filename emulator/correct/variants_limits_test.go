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
	nested := func(levels int) string { return strings.Repeat("[", levels) + strings.Repeat("]", levels) }
	fraction := func(n int) string { return "0." + strings.Repeat("0", n-3) + "1" }
	text := func(n int) string { return `"` + strings.Repeat("s", n) + `"` }
	paddedTo := func(n int) string { b := validBody("d1"); return b + strings.Repeat(" ", n-len(b)) }
	rows := []struct {
		server string
		cases  []limitCase
	}{
		{"depth-limit-32", []limitCase{
			{withMember("d1", "x", nested(31)), true, "32 levels, the request's object included"},
			{withMember("d1", "x", `"`+strings.Repeat("[{", 100)+`"`), true, "brackets in a string are no nesting"},
			{withMember("d1", "x", nested(32)), false, "33 levels"},
			{withMember("d1", "x", `[{"a":`+nested(31)+`}]`), false, "33 levels, objects among them"},
		}},
		{"number-length-1000", []limitCase{
			{withMember("d1", "x", fraction(1000)), true, "1,000 characters"},
			{withMember("d1", "x", `"`+strings.Repeat("9", 2000)+`"`), true, "digits in a string are no number"},
			{withMember("d1", "x", fraction(1001)), false, "1,001 characters"},
			{withMember("d1", "x", "-"+fraction(1000)), false, "1,001 characters with the sign"},
		}},
		{"string-limit-512-kib", []limitCase{
			{withMember("d1", "x", text(512<<10)), true, "512 KiB"},
			{withMember("d1", "x", `"\"`+strings.Repeat("s", 512<<10-2)+`"`), true, "512 KiB with an escaped quote first"},
			{withMember("d1", "x", text(512<<10+1)), false, "512 KiB and one byte"},
			{withMember("d1", "x", `"`+strings.Repeat(`\u0041`, (512<<10)/6+1)+`"`), false, "escapes count as sent"},
		}},
		{"body-limit-1-mib", []limitCase{
			{paddedTo(1 << 20), true, "1 MiB"},
			{paddedTo(1<<20 + 1), false, "1 MiB and one byte"},
		}},
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
