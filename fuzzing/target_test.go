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
	"github.com/putdestination/conformance/fuzzcheck"
	"github.com/putdestination/conformance/fuzzing"
	"github.com/putdestination/conformance/spec"
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
			if in := fuzzcheck.DecodeInput(data); in.Mode != fuzzSeeds[i].Mode || !bytes.Equal(in.First, fuzzSeeds[i].First) || !bytes.Equal(in.Second, fuzzSeeds[i].Second) {
				t.Fatalf("%s: seed %d decodes to %+v, want Fuzz's seed %+v", tc.name, i, in, fuzzSeeds[i])
			}
			err := target.Check(data)
			msg := checker.Check(fuzzcheck.DecodeInput(data))
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
		data, err := fuzzcheck.FromLibFuzzerInput(raw)
		if err != nil || !want[string(data)] {
			t.Errorf("file %s: %q (%v) is not a seed as go-118-fuzz-build hands it over", f.Name, data, err)
		}
	}
}
