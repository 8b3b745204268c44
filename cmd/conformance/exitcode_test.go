package main

import (
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/putdestination/conformance/emulator"
)

// TestBuiltCommandExitCodes: the built command exits 0 (conformant), 1
// (not, or not judged) and 2 (bad usage), as documented; go run and make
// turn those into their own statuses, and the README says how: go run
// prints "exit status N" and exits 1, make exits 2 for any failure.
func TestBuiltCommandExitCodes(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: builds the command, runs go run and make")
	}
	good := httptest.NewServer(emulator.New())
	defer good.Close()
	bad := httptest.NewServer(mutant(t, "accepts-colon-in-name"))
	defer bad.Close()
	bin := buildCLI(t)
	for _, tt := range []struct {
		name, reason string
		args         []string
		want         int
	}{
		{"conformant", "the reference emulator", []string{"-endpoint=" + good.URL, "-budget=5"}, 0},
		{"non-conformant", "a mutant that accepts ':' in names", []string{"-endpoint=" + bad.URL, "-budget=20", "-no-shrink"}, 1},
		{"bad usage", "a flag out of range, found before any request", []string{"-budget=0"}, 2},
	} {
		code, out := runBinary(t, bin, append(tt.args, "-seed=3", "-report-dir="+t.TempDir())...)
		if code != tt.want {
			t.Errorf("%s (%s): exit %d, want %d\n%s", tt.name, tt.reason, code, tt.want, out)
		}
	}

	root := moduleRoot(t)
	code, out := shellRun(t, root, "go run ./cmd/conformance -budget=0")
	if code != 1 || !strings.Contains(out, "exit status 2") {
		t.Errorf("go run with bad usage: exit %d, want 1 with go run's \"exit status 2\":\n%s", code, out)
	}
	code, out = shellRun(t, root, "make --no-print-directory conformance BUDGET=0 REPORT_DIR="+filepath.Join(t.TempDir(), "out"))
	if code != 2 {
		t.Errorf("make conformance with bad usage: exit %d, want make's 2:\n%s", code, out)
	}

	readme, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"`go run` prints `exit status N` and exits 1", "`make` exits 2 for any failure"} {
		if !strings.Contains(strings.Join(strings.Fields(string(readme)), " "), want) {
			t.Errorf("README.md: want it to say %q", want)
		}
	}
}
