package fuzzing_test

import (
	"archive/zip"
	"bytes"
	"crypto/sha1"
	"encoding/hex"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/putdestination/conformance/emulator"
	"github.com/putdestination/conformance/emulator/mutants"
	"github.com/putdestination/conformance/fuzzing"
	"github.com/putdestination/conformance/spec"
	"pgregory.net/rapid"
)

func config(t testing.TB) func() (fuzzing.Config, error) {
	s, err := spec.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	return func() (fuzzing.Config, error) {
		return fuzzing.Config{Spec: s, RequestTimeout: 2 * time.Second, MaxBody: 1 << 20, MaxFindings: 1}, nil
	}
}

// TestInputEncodingRoundTrips: every input a pair's length can say comes
// back from its encoding as it was, and every byte string decodes.
func TestInputEncodingRoundTrips(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		in := fuzzing.Input{
			Mode:   rapid.Uint8().Draw(t, "mode"),
			First:  rapid.SliceOfN(rapid.Byte(), 0, 300).Draw(t, "first"),
			Second: rapid.SliceOfN(rapid.Byte(), 0, 300).Draw(t, "second"),
		}
		if in.Mode&0x20 == 0 {
			in.Second = nil // an input without the pair bit carries one body
		}
		data, err := fuzzing.EncodeInput(in)
		if err != nil {
			t.Fatalf("EncodeInput(%+v): %v", in, err)
		}
		got := fuzzing.DecodeInput(data)
		if got.Mode != in.Mode || !bytes.Equal(got.First, in.First) || !bytes.Equal(got.Second, in.Second) {
			t.Fatalf("DecodeInput(EncodeInput(%+v)) = %+v", in, got)
		}
		_ = fuzzing.DecodeInput(rapid.SliceOfN(rapid.Byte(), 0, 8).Draw(t, "any"))
	})
	if _, err := fuzzing.EncodeInput(fuzzing.Input{Mode: 0x20, First: make([]byte, 1<<16)}); err == nil {
		t.Error("EncodeInput of a pair with a first body of 65,536 bytes: no error, want one (two bytes cannot say its length)")
	}
}

// TestLibFuzzerFraming: what go-118-fuzz-build hands the fuzz function
// from a framed input is the input, and a libFuzzer input it would not
// call the function with is an error.
func TestLibFuzzerFraming(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		data := rapid.SliceOfN(rapid.Byte(), 1, 600).Draw(t, "data")
		got, err := fuzzing.FromLibFuzzerInput(fuzzing.LibFuzzerInput(data))
		if err != nil || !bytes.Equal(got, data) {
			t.Fatalf("FromLibFuzzerInput(LibFuzzerInput(%q)) = %q, %v", data, got, err)
		}
	})
	// go-fuzz-headers' GetBytes: a length past the end is taken modulo
	// what is left, 0 as 30.
	if got, err := fuzzing.FromLibFuzzerInput([]byte{0, 0, 0, 5, 'a', 'b', 'c'}); err != nil || string(got) != "ab" {
		t.Errorf("length 5 of 3 bytes: got %q, %v, want \"ab\" (5 mod 3)", got, err)
	}
	for _, raw := range [][]byte{nil, {0, 0, 0}, {0, 0, 0, 1}} {
		if _, err := fuzzing.FromLibFuzzerInput(raw); err == nil {
			t.Errorf("FromLibFuzzerInput(%q): no error, want one (go-118-fuzz-build does not call the function)", raw)
		}
	}
}

// TestTargetJudgesAsFuzz: a Target judges each of its seeds as the
// Checker of Fuzz does; the reference emulator passes every seed, and a
// mutant that accepts ':' in names fails under rejects-invalid.
func TestTargetJudgesAsFuzz(t *testing.T) {
	cfg := config(t)
	m, ok := mutants.Named("accepts-colon-in-name")
	if !ok {
		t.Fatal("no mutant accepts-colon-in-name in the zoo")
	}
	for _, tc := range []struct {
		name       string
		newHandler func() http.Handler
		fails      bool
	}{
		{"the reference emulator", func() http.Handler { return emulator.New() }, false},
		{m.Name, m.New, true},
	} {
		target := fuzzing.NewTarget(tc.newHandler, cfg)
		c0, _ := cfg()
		checker, err := fuzzing.NewChecker(tc.newHandler, c0)
		if err != nil {
			t.Fatal(err)
		}
		seeds, fuzzSeeds := target.Seeds(), checker.Seeds()
		if want := len(fuzzSeeds); len(seeds) != want || want == 0 {
			t.Fatalf("%s: %d seeds, want Fuzz's %d", tc.name, len(seeds), want)
		}
		failed := 0
		for i, data := range seeds {
			if in := fuzzing.DecodeInput(data); in.Mode != fuzzSeeds[i].Mode || !bytes.Equal(in.First, fuzzSeeds[i].First) || !bytes.Equal(in.Second, fuzzSeeds[i].Second) {
				t.Fatalf("%s: seed %d decodes to %+v, want Fuzz's seed %+v", tc.name, i, in, fuzzSeeds[i])
			}
			err := target.Check(data)
			msg := checker.Check(fuzzing.DecodeInput(data))
			if (err != nil) != (msg != "") {
				t.Fatalf("%s: seed %d: Target.Check = %v, Checker.Check = %q: want the same judgment", tc.name, i, err, msg)
			}
			if err != nil {
				failed++
				if !strings.HasPrefix(err.Error(), "conformance fuzz target: the handler broke the contract") || !strings.Contains(err.Error(), "rejects-invalid /destinationName") {
					t.Errorf("%s: seed %d: %v, want the headline and rejects-invalid /destinationName", tc.name, i, err)
				}
			}
		}
		if got := failed > 0; got != tc.fails {
			t.Errorf("%s: %d of %d seeds failed, want failures: %v", tc.name, failed, len(seeds), tc.fails)
		}
	}
}

// TestTargetWithABadConfiguration: a configuration that cannot run is one
// seed, and every Check fails with one line saying why.
func TestTargetWithABadConfiguration(t *testing.T) {
	target := fuzzing.NewTarget(func() http.Handler { return emulator.New() }, func() (fuzzing.Config, error) {
		return fuzzing.Config{}, errors.New("spec nowhere.yaml: no such file")
	})
	seeds := target.Seeds()
	if len(seeds) != 1 {
		t.Fatalf("%d seeds, want 1 (so that go test calls Check)", len(seeds))
	}
	err := target.Check(seeds[0])
	if err == nil || strings.Contains(err.Error(), "\n") || !strings.Contains(err.Error(), "nowhere.yaml") {
		t.Errorf("Check: %v, want one line naming the configuration's problem", err)
	}
}

// TestWriteSeedCorpus: the zip holds each distinct seed once, framed for
// go-118-fuzz-build, under the SHA-1 of its contents.
func TestWriteSeedCorpus(t *testing.T) {
	target := fuzzing.NewTarget(func() http.Handler { return emulator.New() }, config(t))
	var buf bytes.Buffer
	if err := target.WriteSeedCorpus(&buf); err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{}
	for _, s := range target.Seeds() {
		want[string(s)] = true
	}
	z, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	if len(z.File) != len(want) {
		t.Errorf("%d files, want one per distinct seed (%d)", len(z.File), len(want))
	}
	for _, f := range z.File {
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		raw, _ := io.ReadAll(r)
		r.Close()
		if sum := sha1.Sum(raw); f.Name != hex.EncodeToString(sum[:]) {
			t.Errorf("file %s: want the SHA-1 of its contents as its name", f.Name)
		}
		data, err := fuzzing.FromLibFuzzerInput(raw)
		if err != nil || !want[string(data)] {
			t.Errorf("file %s: %q (%v) is not a seed as go-118-fuzz-build hands it over", f.Name, data, err)
		}
	}
}
