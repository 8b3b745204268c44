package fuzzcheck_test

import (
	"bytes"
	"testing"

	"github.com/putdestination/conformance/fuzzcheck"
	"pgregory.net/rapid"
)

// TestInputEncodingRoundTrips: every input a pair's length can say comes
// back from its encoding as it was, and every byte string decodes.
func TestInputEncodingRoundTrips(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		in := fuzzcheck.Input{
			Mode:   rapid.Uint8().Draw(t, "mode"),
			First:  rapid.SliceOfN(rapid.Byte(), 0, 300).Draw(t, "first"),
			Second: rapid.SliceOfN(rapid.Byte(), 0, 300).Draw(t, "second"),
		}
		if in.Mode&0x20 == 0 {
			in.Second = nil // an input without the pair bit carries one body
		}
		data, err := fuzzcheck.EncodeInput(in)
		if err != nil {
			t.Fatalf("EncodeInput(%+v): %v", in, err)
		}
		got := fuzzcheck.DecodeInput(data)
		if got.Mode != in.Mode || !bytes.Equal(got.First, in.First) || !bytes.Equal(got.Second, in.Second) {
			t.Fatalf("DecodeInput(EncodeInput(%+v)) = %+v", in, got)
		}
		_ = fuzzcheck.DecodeInput(rapid.SliceOfN(rapid.Byte(), 0, 8).Draw(t, "any"))
	})
	if _, err := fuzzcheck.EncodeInput(fuzzcheck.Input{Mode: 0x20, First: make([]byte, 1<<16)}); err == nil {
		t.Error("EncodeInput of a pair with a first body of 65,536 bytes: no error, want one (two bytes cannot say its length)")
	}
}

// TestLibFuzzerFraming: what go-118-fuzz-build hands the fuzz function
// from a framed input is the input, and a libFuzzer input it would not
// call the function with is an error.
func TestLibFuzzerFraming(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		data := rapid.SliceOfN(rapid.Byte(), 1, 600).Draw(t, "data")
		got, err := fuzzcheck.FromLibFuzzerInput(fuzzcheck.LibFuzzerInput(data))
		if err != nil || !bytes.Equal(got, data) {
			t.Fatalf("FromLibFuzzerInput(LibFuzzerInput(%q)) = %q, %v", data, got, err)
		}
	})
	// go-fuzz-headers' GetBytes: a length past the end is taken modulo
	// what is left, 0 as 30.
	if got, err := fuzzcheck.FromLibFuzzerInput([]byte{0, 0, 0, 5, 'a', 'b', 'c'}); err != nil || string(got) != "ab" {
		t.Errorf("length 5 of 3 bytes: got %q, %v, want \"ab\" (5 mod 3)", got, err)
	}
	for _, raw := range [][]byte{nil, {0, 0, 0}, {0, 0, 0, 1}} {
		if _, err := fuzzcheck.FromLibFuzzerInput(raw); err == nil {
			t.Errorf("FromLibFuzzerInput(%q): no error, want one (go-118-fuzz-build does not call the function)", raw)
		}
	}
}
