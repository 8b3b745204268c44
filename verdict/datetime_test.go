package verdict_test

import (
	"math/rand/v2"
	"regexp"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/putdestination/conformance/internal/byteedit"
	"github.com/putdestination/conformance/verdict"
)

// TestFormatsAreKins: the formats judged are kin-openapi's, pattern for
// pattern, as the spec's validators assert them.
func TestFormatsAreKins(t *testing.T) {
	for _, f := range []struct{ name, ours, kins string }{
		{"date-time", verdict.FormatDateTime, openapi3.FormatOfStringDateTime},
		{"date", verdict.FormatDate, openapi3.FormatOfStringDate},
		{"byte", verdict.FormatByte, openapi3.FormatOfStringByte},
	} {
		if f.ours != f.kins {
			t.Errorf("format %s: pattern %q, kin-openapi's %q", f.name, f.ours, f.kins)
		}
	}
}

// dateTimes are texts on both sides of the date-time pattern: every bound
// of every field, fractions, zones, and what is short or long of them.
var dateTimes = []string{
	"2006-01-02T15:04:05Z", "0000-01-01T00:00:00Z", "9999-12-31T23:59:60Z",
	"2025-01-01T00:00:00.1Z", "2025-01-01T00:00:00.123456789Z", "2025-01-01T00:00:00.Z",
	"2025-01-01T00:00:00+00:00", "2025-01-01T00:00:00-23:59", "2025-01-01T00:00:00+24:00",
	"2025-01-01T00:00:00+23:60", "2025-01-01T00:00:00.5-07:00", "2025-01-01T00:00:00+0700",
	"2025-00-01T00:00:00Z", "2025-13-01T00:00:00Z", "2025-10-01T00:00:00Z", "2025-12-00T00:00:00Z",
	"2025-12-32T00:00:00Z", "2025-12-29T00:00:00Z", "2025-12-30T00:00:00Z", "2025-12-19T00:00:00Z",
	"2025-01-01T24:00:00Z", "2025-01-01T19:00:00Z", "2025-01-01T20:60:00Z", "2025-01-01T20:59:61Z",
	"2025-01-01T20:59:70Z", "2025-01-01t20:59:59Z", "2025-01-01T20:59:59z", "2025-01-01 20:59:59Z",
	"2025-01-01T20:59:59", "2025-01-01T20:59:59ZZ", "2025-01-01T20:59:59Z\n", "\n2025-01-01T20:59:59Z",
	"25-01-01T20:59:59Z", "２０２５-01-01T20:59:59Z", "2025-1-01T20:59:59Z", "", "Z", "2025-01-01",
	"2025-01-01T20:59:59.+01:00", "2025-01-01T20:59:59.1.2Z", "2025-01-01T20:59:59+01:00Z",
}

// TestDateTimeMatchesAsThePattern: the date-time matcher says what the
// pattern says, on the texts above and on one-byte edits of them.
func TestDateTimeMatchesAsThePattern(t *testing.T) {
	re := regexp.MustCompile(verdict.FormatDateTime)
	check := func(x string) {
		if got, want := verdict.DateTimeMatches(x), re.MatchString(x); got != want {
			t.Errorf("%q: matcher says %v, pattern %v", x, got, want)
		}
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for _, x := range dateTimes {
		check(x)
		for range 2000 {
			b := []byte(x)
			for range 1 + rng.IntN(3) {
				b = byteedit.One(rng, b)
			}
			check(string(b))
		}
	}
}

// FuzzDateTimeMatchesAsThePattern is TestDateTimeMatchesAsThePattern for
// the fuzzing engine.
func FuzzDateTimeMatchesAsThePattern(f *testing.F) {
	for _, x := range dateTimes {
		f.Add(x)
	}
	re := regexp.MustCompile(verdict.FormatDateTime)
	f.Fuzz(func(t *testing.T, x string) {
		if got, want := verdict.DateTimeMatches(x), re.MatchString(x); got != want {
			t.Errorf("%q: matcher says %v, pattern %v", x, got, want)
		}
	})
}
