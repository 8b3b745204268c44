package verdict

import (
	"cmp"
	"slices"
	"strings"
	"sync"
)

// The decoders, for the differential tests of package verdict_test.
// DecodeText and DecodeFirst read with one scratch of the embedded
// contract, reused from text to text as its judges reuse theirs: each call
// releases what the call before it returned.
var (
	FastText = fastText
	StdText  = stdText
)

var reused = sync.OnceValue(func() *scratch {
	c, err := Embedded()
	if err != nil {
		panic(err)
	}
	return c.scratch()
})

func DecodeText(body []byte) (any, error) {
	s := reused()
	s.release()
	return decodeText(body, s, nil)
}

func DecodeFirst(body []byte) (any, error) {
	s := reused()
	s.release()
	return decodeFirst(body, s, nil)
}

// Whole is what c's judges say of body reading the whole value, rather
// than what the schema looks at, as they do: the request verdict, and for
// status the response check and Conforms.
func Whole(c *Contract, status int, body []byte) (Verdict, ResponseCheck, bool) {
	return c.requestVerdict(body, false), c.validateResponse(status, "application/json", body, false), c.conforms(status, body, false)
}

// FastFacts is what the reader of fastText says of body's silence and
// limits, and whether it read body.
func FastFacts(body []byte) (silence, limit string, ok bool) {
	r := textReader{b: body}
	_, ok = r.text(nil)
	return r.silence(), r.pastLimit(), ok
}

// The string formats, for TestFormatsAreKins and the date-time matcher
// for TestDateTimeMatchesAsThePattern.
var (
	FormatDateTime  = formatDateTime
	FormatDate      = formatDate
	FormatByte      = formatByte
	DateTimeMatches = dateTimeMatches
)

// AllProblems is every problem validating body against the request schema
// (status 0) or the response schema of status finds, in the order of
// pointer, keyword and message, read lazily or whole (see textReader.lazy),
// or the error that body is not one JSON text.
func AllProblems(c *Contract, status int, body []byte, lazy bool) ([]Problem, error) {
	sch := c.Request
	if status != 0 {
		sch = c.Responses[status]
	}
	sc := c.scratch()
	defer c.done(sc)
	doc, err := decodeText(body, sc, lazily(lazy, sch))
	if err != nil {
		return nil, err
	}
	var ps []Problem
	sch.validate(doc, sc.root(), &ps)
	slices.SortFunc(ps, func(a, b Problem) int {
		return cmp.Or(strings.Compare(a.Pointer, b.Pointer), strings.Compare(a.Keyword, b.Keyword), strings.Compare(a.Message, b.Message))
	})
	return ps, nil
}
