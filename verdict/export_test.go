package verdict

import "sync"

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
	return decodeText(body, s)
}

func DecodeFirst(body []byte) (any, error) {
	s := reused()
	s.release()
	return decodeFirst(body, s)
}

// FastFacts is what the reader of fastText says of body's silence and
// limits, and whether it read body.
func FastFacts(body []byte) (silence, limit string, ok bool) {
	r := textReader{b: body}
	_, ok = r.text()
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
