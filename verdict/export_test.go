package verdict

// The decoders, for the differential tests of package verdict_test.
var (
	DecodeText  = decodeText
	DecodeFirst = decodeFirst
	FastText    = fastText
	StdText     = stdText
)

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
