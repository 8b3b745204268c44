package verdict

// The decoders, for the differential tests of package verdict_test.
var (
	DecodeText  = decodeText
	DecodeFirst = decodeFirst
	FastText    = fastText
	StdText     = stdText
)
