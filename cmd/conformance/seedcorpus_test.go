package main

import (
	"archive/zip"
	"bytes"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/putdestination/conformance"
)

// TestSeedCorpus: seed-corpus writes the seed corpus of a fuzz target with
// the same options, never over an existing file, and a bad invocation is
// one line and exit 2.
func TestSeedCorpus(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "FuzzX_seed_corpus.zip")
	code, stdout, stderr := runCLI(t, "seed-corpus", "-o", out, "-seed", "7", "-name-prefix", "ci-")
	if code != 0 {
		t.Fatalf("seed-corpus: exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, out) {
		t.Errorf("stdout %q: want the file written", stdout)
	}
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var want bytes.Buffer
	if err := conformance.NewFuzzTarget(http.NotFoundHandler, conformance.WithSeed(7), conformance.WithNamePrefix("ci-")).WriteSeedCorpus(&want); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want.Bytes()) {
		t.Error("the zip differs from FuzzTarget.WriteSeedCorpus with the same options")
	}
	if z, err := zip.NewReader(bytes.NewReader(got), int64(len(got))); err != nil || len(z.File) == 0 {
		t.Fatalf("not a zip of seeds: %v", err)
	}

	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"seed-corpus", "-o", out}, "file exists"},
		{[]string{"seed-corpus"}, "needs -o"},
		{[]string{"seed-corpus", "-o", filepath.Join(dir, "s.zip"), "extra"}, `unexpected argument "extra"`},
		{[]string{"seed-corpus", "-o", filepath.Join(dir, "t.zip"), "-spec", filepath.Join(dir, "nowhere.yaml")}, "nowhere.yaml"},
	} {
		code, _, stderr := runCLI(t, tc.args...)
		if code != 2 || !strings.Contains(stderr, tc.want) || strings.Count(stderr, "\n") != 1 {
			t.Errorf("%q: exit %d, stderr %q; want 2 and one line with %q", tc.args, code, stderr, tc.want)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "t.zip")); !os.IsNotExist(err) {
		t.Error("a failed seed-corpus left its file behind")
	}
	if got2, _ := os.ReadFile(out); !bytes.Equal(got2, got) {
		t.Error("seed-corpus over an existing file changed it")
	}
}
