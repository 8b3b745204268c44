package spec_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/putdestination/conformance/emulator/correct"
	"github.com/putdestination/conformance/verdict"
)

// limitBody is a valid request whose members are the three required ones
// with one-character values, then extra (raw JSON members, or "").
func limitBody(extra string) string {
	body := `{"destinationName":"a","targetArn":"t","roleArn":"r"`
	if extra != "" {
		body += "," + extra
	}
	return body + "}"
}

// nested is a value of arrays and objects n levels deep around 0.
func nested(n int) string {
	var open, close strings.Builder
	for i := range n {
		if i%2 == 0 {
			open.WriteString(`[`)
		} else {
			open.WriteString(`{"a":`)
		}
	}
	for i := n - 1; i >= 0; i-- {
		if i%2 == 0 {
			close.WriteString(`]`)
		} else {
			close.WriteString(`}`)
		}
	}
	return open.String() + "0" + close.String()
}

// fraction is a number literal of n characters within range: 0.00…01.
func fraction(n int) string { return "0." + strings.Repeat("0", n-3) + "1" }

// paddedTo is a valid request of exactly n bytes, padded with white space
// after the object.
func paddedTo(n int) string {
	b := limitBody(`"note":"` + strings.Repeat("x", 100) + `"`)
	return b + strings.Repeat(" ", n-len(b))
}

// TestRequestVerdictAtTheLimits: a valid request is Valid and speaks
// (accepted) at and just within each parser limit of the contract notes, and
// silent just past it, wherever the value sits; an invalid one past a limit
// stays invalid and speaks (rejected).
func TestRequestVerdictAtTheLimits(t *testing.T) {
	s := embedded(t)
	depthPast := limitBody(`"x":` + nested(verdict.MaxDepth))
	for _, tc := range []struct {
		name, body string
		valid      bool
		silent     string
		reason     string
	}{
		{"depth below", limitBody(`"x":` + nested(verdict.MaxDepth-2)), true, "", "31 levels, the object included"},
		{"depth at", limitBody(`"x":` + nested(verdict.MaxDepth-1)), true, "", "32 levels, the object included, must be parsed"},
		{"depth past", depthPast, true, verdict.SilentDepth, "33 levels"},
		{"depth past, deep down", limitBody(`"x":{"y":[` + nested(verdict.MaxDepth) + `]}`), true, verdict.SilentDepth, "past the limit below other unknown members"},
		{"depth past before the members", `{"x":` + nested(verdict.MaxDepth) + `,"destinationName":"a","targetArn":"t","roleArn":"r"}`, true, verdict.SilentDepth, "the members' order does not matter"},
		{"depth past, invalid", `{"destinationName":"a:b","targetArn":"t","roleArn":"r","x":` + nested(verdict.MaxDepth) + `}`, false, "", "':' in the name: rejected, past the limit or not"},
		{"depth past, missing member", `{"targetArn":"t","roleArn":"r","x":` + nested(4*verdict.MaxDepth) + `}`, false, "", "no destinationName: rejected"},

		{"number length below", limitBody(`"x":` + fraction(verdict.MaxNumberLength-1)), true, "", "999 characters"},
		{"number length at", limitBody(`"x":` + fraction(verdict.MaxNumberLength)), true, "", "1,000 characters must be parsed"},
		{"number length at, negative", limitBody(`"x":-` + fraction(verdict.MaxNumberLength-1)), true, "", "the sign counts: 1,000 characters in all"},
		{"number length past", limitBody(`"x":` + fraction(verdict.MaxNumberLength+1)), true, verdict.SilentNumberLength, "1,001 characters, though within range"},
		{"number length past, negative", limitBody(`"x":-` + fraction(verdict.MaxNumberLength)), true, verdict.SilentNumberLength, "the sign counts: 1,001 characters in all"},
		{"number length past, exponent", limitBody(`"x":1.` + strings.Repeat("5", verdict.MaxNumberLength-5) + `e+10`), true, verdict.SilentNumberLength, "the exponent counts: 1,001 characters"},
		{"python's digit limit", limitBody(`"x":` + strings.Repeat("7", 4301)), true, verdict.SilentNumberLength, "an integer Python 3.11 refuses to convert"},
		{"number length past, invalid", `{"destinationName":` + fraction(2000) + `,"targetArn":"t","roleArn":"r"}`, false, "", "a number for the name: rejected"},

		{"range, the largest double", limitBody(`"x":1.7976931348623157e308`), true, "", "the largest finite double"},
		{"range, rounds to the largest", limitBody(`"x":-1.7976931348623158e308`), true, "", "still rounds to the largest finite double"},
		{"range, 308 digits", limitBody(`"x":` + strings.Repeat("9", 308)), true, "", "an integer below 1e308"},
		{"range, 309 digits", limitBody(`"x":1` + strings.Repeat("0", 308)), true, "", "1e308 written out is within range"},
		{"range past, 309 digits", limitBody(`"x":2` + strings.Repeat("0", 308)), true, verdict.SilentNumberRange, "2e308 written out is not"},
		{"range past", limitBody(`"x":1.7976931348623159e308`), true, verdict.SilentNumberRange, "rounds to infinity"},
		{"range past, exponent", limitBody(`"x":[1,-1e309]`), true, verdict.SilentNumberRange, "a negative overflow in an array"},
		{"range past, huge exponent", limitBody(`"x":1E+99999`), true, verdict.SilentNumberRange, "a huge exponent, few characters"},
		{"underflow", limitBody(`"x":1e-400`), true, "", "an underflow rounds to zero, which every common parser accepts"},
		{"range past, invalid", `{"destinationName":"a","targetArn":"t","roleArn":"r","tags":{"k":1e999}}`, false, "", "a number for a tag value: rejected"},

		{"string below", limitBody(`"x":"` + strings.Repeat("s", verdict.MaxStringBytes-1) + `"`), true, "", "512 KiB less one byte"},
		{"string at", limitBody(`"x":"` + strings.Repeat("s", verdict.MaxStringBytes) + `"`), true, "", "512 KiB must be parsed"},
		{"string past", limitBody(`"x":"` + strings.Repeat("s", verdict.MaxStringBytes+1) + `"`), true, verdict.SilentStringSize, "512 KiB and one byte"},
		{"string past in a known member", `{"destinationName":"a","targetArn":"` + strings.Repeat("é", verdict.MaxStringBytes/2+1) + `","roleArn":"r"}`, true, verdict.SilentStringSize, "an ARN has no upper bound, and bytes count, not characters"},
		{"string past as escapes", limitBody(`"x":"` + strings.Repeat(`\u0041`, verdict.MaxStringBytes/6+1) + `"`), true, verdict.SilentStringSize, "escapes count as sent"},
		{"string past, member name", limitBody(`"` + strings.Repeat("k", verdict.MaxStringBytes+1) + `":0`), true, verdict.SilentStringSize, "a member name is a string too"},
		{"string past, invalid", `{"destinationName":"` + strings.Repeat("n", verdict.MaxStringBytes+1) + `","targetArn":"t","roleArn":"r"}`, false, "", "a name over 512 characters: rejected"},

		{"body below", paddedTo(verdict.MaxTextBytes - 1), true, "", "1 MiB less one byte"},
		{"body at", paddedTo(verdict.MaxTextBytes), true, "", "1 MiB must be read"},
		{"body past", paddedTo(verdict.MaxTextBytes + 1), true, verdict.SilentTextSize, "1 MiB and one byte"},
		{"body past, invalid", `{"targetArn":"t","roleArn":"r"}` + strings.Repeat(" ", verdict.MaxTextBytes), false, "", "no destinationName: rejected"},

		{"many limits", limitBody(`"x":` + nested(4*verdict.MaxDepth) + `,"y":1e999`), true, verdict.SilentDepth, "the first in the text is named"},
		{"a silence first", limitBody(`"x":` + nested(verdict.MaxDepth) + `,"x":0`), true, verdict.SilentDuplicateKey, "a silence of the contract comes before a limit"},
		{"brackets in a string", limitBody(`"x":"` + strings.Repeat("[{", 4*verdict.MaxDepth) + `"`), true, "", "brackets in a string are no nesting"},
		{"digits in a string", limitBody(`"x":"1e999 ` + strings.Repeat("9", 2*verdict.MaxNumberLength) + `"`), true, "", "digits in a string are no number"},
	} {
		v := s.RequestVerdict([]byte(tc.body))
		if v.Valid != tc.valid || v.Silent != tc.silent {
			t.Errorf("%s (%s): RequestVerdict of %s: got valid %v, silent %q, problem %s %s; want valid %v, silent %q",
				tc.name, tc.reason, excerpt(tc.body), v.Valid, v.Silent, v.Problem.Pointer, v.Problem.Keyword, tc.valid, tc.silent)
		}
		if got := verdict.PastLimit([]byte(tc.body)); tc.valid && tc.silent != verdict.SilentDuplicateKey && got != tc.silent {
			t.Errorf("%s (%s): PastLimit: got %q, want %q", tc.name, tc.reason, got, tc.silent)
		}
	}
	if ps := s.ValidateRequest(nil, []byte(depthPast)); len(ps) > 0 {
		t.Errorf("ValidateRequest of a body past the depth limit: got %v, want none (it is valid, and silent)", ps)
	}
}

// excerpt is the start of a long body, for messages.
func excerpt(body string) string {
	if len(body) > 80 {
		return fmt.Sprintf("%q... (%d bytes)", body[:80], len(body))
	}
	return fmt.Sprintf("%q", body)
}

// TestContractNotesStateTheLimits: the spec's contract notes word each
// limit as its Silent constant does, and each constant names the value
// the code holds, so that the notes, the verdict's reasons and the limits
// cannot drift apart.
func TestContractNotesStateTheLimits(t *testing.T) {
	s := embedded(t)
	notes := strings.Join(strings.Fields(s.Doc.Info.Description), " ")
	for _, tc := range []struct{ silent, want string }{
		{verdict.SilentDepth, fmt.Sprintf("nesting deeper than %d levels", verdict.MaxDepth)},
		{verdict.SilentNumberLength, fmt.Sprintf("a number written in more than %d,%03d characters", verdict.MaxNumberLength/1000, verdict.MaxNumberLength%1000)},
		{verdict.SilentNumberRange, "a number beyond the range of a double"},
		{verdict.SilentStringSize, fmt.Sprintf("a string of more than %d KiB", verdict.MaxStringBytes>>10)},
		{verdict.SilentTextSize, fmt.Sprintf("a body of more than %d MiB", verdict.MaxTextBytes>>20)},
	} {
		if tc.silent != tc.want {
			t.Errorf("reason %q, want %q (the limit's value)", tc.silent, tc.want)
		}
		if !strings.Contains(notes, tc.silent) {
			t.Errorf("the contract notes do not state %q", tc.silent)
		}
	}
	if !strings.Contains(notes, "RFC 8259 §9") {
		t.Error("the contract notes do not give RFC 8259 §9 as the reason for the parser limits")
	}
}

// TestLimitVariantsRefuseJustPastTheLimits: each correct server of
// emulator/correct that has a parser limit accepts a valid request at the
// limit, where the verdict speaks, and refuses one just past it, where the
// verdict is silent: the servers restate the limits (the emulator's
// packages import nothing of the harness), and this holds the two together.
func TestLimitVariantsRefuseJustPastTheLimits(t *testing.T) {
	s := embedded(t)
	long := func(n int) string { return `"x":"` + strings.Repeat("s", n) + `"` }
	for _, tc := range []struct {
		server   string
		at, past string
		silent   string
	}{
		{"depth-limit-32", limitBody(`"x":` + nested(verdict.MaxDepth-1)), limitBody(`"x":` + nested(verdict.MaxDepth)), verdict.SilentDepth},
		{"number-length-1000", limitBody(`"x":` + fraction(verdict.MaxNumberLength)), limitBody(`"x":` + fraction(verdict.MaxNumberLength+1)), verdict.SilentNumberLength},
		{"numbers-as-float64", limitBody(`"x":-1.7976931348623157e308`), limitBody(`"x":-1.7976931348623159e308`), verdict.SilentNumberRange},
		{"string-limit-512-kib", limitBody(long(verdict.MaxStringBytes)), limitBody(long(verdict.MaxStringBytes + 1)), verdict.SilentStringSize},
		{"body-limit-1-mib", paddedTo(verdict.MaxTextBytes), paddedTo(verdict.MaxTextBytes + 1), verdict.SilentTextSize},
	} {
		i := slices.IndexFunc(correct.All(), func(c correct.Server) bool { return c.Name == tc.server })
		if i < 0 {
			t.Errorf("%s: no such server in correct.All()", tc.server)
			continue
		}
		h := correct.All()[i].New()
		for _, step := range []struct {
			body   string
			status int
			silent string
		}{{tc.at, 200, ""}, {tc.past, 400, tc.silent}} {
			v := s.RequestVerdict([]byte(step.body))
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/", strings.NewReader(step.body)))
			if !v.Valid || v.Silent != step.silent || rec.Code != step.status {
				t.Errorf("%s: body %s: verdict valid %v silent %q, server %d; want valid, silent %q, server %d",
					tc.server, excerpt(step.body), v.Valid, v.Silent, rec.Code, step.silent, step.status)
			}
		}
	}
}
