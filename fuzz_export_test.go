package conformance

import (
	"net/http"

	"github.com/putdestination/conformance/spec"
)

// HeadersOfFuzzMode is the request header of a fuzz input's mode byte (its
// header variation), for the tests.
func HeadersOfFuzzMode(mode uint8) http.Header {
	s, err := spec.Embedded()
	if err != nil {
		panic(err)
	}
	h := s.RequestHeaders()
	FuzzInput{Mode: mode}.headers().edit(h)
	return h
}
