package fuzzcheck

import (
	"testing"

	"github.com/putdestination/conformance/spec"
)

const validBody = `{"destinationName":"a","targetArn":"t","roleArn":"r"}`

// TestHeaderVariationsKeepTheContract guards the oracle of Fuzz: each
// header variation a fuzz input can pick must be one the contract accepts
// (openapi3filter finds no problem with a valid body under it), or a
// handler that refused it would be flagged wrongly.
func TestHeaderVariationsKeepTheContract(t *testing.T) {
	s, err := spec.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	for v := range len(headerVariations) {
		h := s.RequestHeaders()
		headerVariations[Input{Mode: uint8(v)}.Mode&headerBits].edit(h)
		if ps := s.ValidateRequest(h, []byte(validBody)); len(ps) > 0 {
			t.Errorf("header variation %d %v: got %v, want no problem", v, h, ps)
		}
	}
}
