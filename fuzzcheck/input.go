package fuzzcheck

import (
	"fmt"
	"net/http"
)

// Input is one fuzz input, decoded by its fields: the mode byte (bits 0-1
// the header variation, bits 2-4 the method, bit 5 a second request), the
// first body and the second one.
type Input struct {
	Mode          uint8
	First, Second []byte
}

// Mode bits of an Input.
const (
	headerBits = 0x03
	methodBits = 0x1c
	methodAt   = 2
	// PairBit is the mode bit of an input of two requests.
	PairBit = 0x20
)

// methods are the methods of the mode's bits 2-4: POST half the time.
var methods = [8]string{"POST", "POST", "POST", "POST", "GET", "PUT", "DELETE", "PATCH"}

// ModeFor is the mode byte of a single request of the given method (one
// the mode can say; POST for any other) with header variation hv.
func ModeFor(method string, hv int) uint8 {
	mode := uint8(hv % len(headerVariations))
	for j, m := range methods {
		if m == method && m != http.MethodPost {
			mode |= uint8(j) << methodAt
		}
	}
	return mode
}

// HeaderVariations is how many header variations the mode byte chooses
// among.
const HeaderVariations = len(headerVariations)

// headerVariation is a set of request headers the contract allows: the
// contract's own, and spellings of them every implementation must take.
type headerVariation struct {
	name string
	edit func(h http.Header)
}

var headerVariations = [4]headerVariation{
	{"the contract's headers", func(http.Header) {}},
	{"Content-Type with charset=utf-8", func(h http.Header) { h.Set("Content-Type", "application/json; charset=utf-8") }},
	{"Accept */* and a User-Agent", func(h http.Header) {
		h.Set("Accept", "*/*")
		h.Set("User-Agent", "aws-sdk-go-v2/1.0 os/linux lang/go")
	}},
	{"Content-Type application/json;charset=UTF-8, no Accept", func(h http.Header) {
		h.Set("Content-Type", "application/json;charset=UTF-8")
		h.Del("Accept")
	}},
}

// Method is the method of the input's first request.
func (in Input) Method() string { return methods[(in.Mode&methodBits)>>methodAt] }

// Headers names the input's header variation.
func (in Input) Headers() string { return headerVariations[in.Mode&headerBits].name }

// Pair reports whether a second request (a POST of Second) follows.
func (in Input) Pair() bool { return in.Mode&PairBit != 0 }

// maxPairFirst is the longest first body of a pair an input can carry:
// its length is two bytes.
const maxPairFirst = 1<<16 - 1

// EncodeInput is in as one fuzz input: the mode byte, then the first body;
// with the pair bit, the first body's length in two bytes (big-endian)
// before it, and the second body after it. The error is for a pair whose
// first body is over 65,535 bytes, which the two bytes cannot say.
func EncodeInput(in Input) ([]byte, error) {
	if !in.Pair() {
		return append([]byte{in.Mode}, in.First...), nil
	}
	if len(in.First) > maxPairFirst {
		return nil, fmt.Errorf("a pair's first body of %d bytes: an input carries at most %d", len(in.First), maxPairFirst)
	}
	out := make([]byte, 0, 3+len(in.First)+len(in.Second))
	out = append(out, in.Mode, byte(len(in.First)>>8), byte(len(in.First)))
	out = append(out, in.First...)
	return append(out, in.Second...), nil
}

// DecodeInput reads one fuzz input; every byte string is one: the empty
// one is a POST with an empty body, and a pair's length past the end of
// the data takes what there is.
func DecodeInput(data []byte) Input {
	if len(data) == 0 {
		return Input{}
	}
	in := Input{Mode: data[0]}
	rest := data[1:]
	if !in.Pair() {
		in.First = rest
		return in
	}
	n := 0
	for i := 0; i < 2 && i < len(rest); i++ {
		n = n<<8 | int(rest[i])
	}
	rest = rest[min(2, len(rest)):]
	n = min(n, len(rest))
	in.First, in.Second = rest[:n], rest[n:]
	return in
}
