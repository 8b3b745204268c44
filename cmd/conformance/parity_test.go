package main

import (
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/putdestination/conformance/emulator"
)

// TestRecordAndParityCLI: a cassette recorded from the reference emulator
// checks the emulator with no divergence (exit 0) and a mutant with
// divergences at the member it breaks (exit 1, in conformance.json), and
// so does the live form (-endpoint reference -against checked); a missing
// or misplaced flag or an unreadable cassette is one line and exit 2.
func TestRecordAndParityCLI(t *testing.T) {
	dir := t.TempDir()
	cassette := filepath.Join(dir, "ref.har")
	if code, stdout, stderr := runCLI(t, "record", "-o", cassette, "-seed=5", "-budget=6", "-header", "X-Api-Key: cli-secret-value"); code != 0 || !strings.Contains(stdout, "recorded ") {
		t.Fatalf("record: exit %d, %q %q; want 0, recorded", code, stdout, stderr)
	}
	if data, err := os.ReadFile(cassette); err != nil || strings.Contains(string(data), "cli-secret-value") {
		t.Fatalf("cassette: %v, or it holds the -header secret", err)
	}
	good := httptest.NewServer(emulator.New())
	defer good.Close()
	bad := httptest.NewServer(mutant(t, "wrong-error-code"))
	defer bad.Close()
	for _, tt := range []struct {
		name     string
		args     []string
		code     int
		contains string
	}{
		{"emulator", []string{"-cassette", cassette, "-endpoint", good.URL}, 0, "conformant"},
		{"mutant", []string{"-cassette", cassette, "-endpoint", bad.URL}, 1, "/error/code"},
		{"live emulator", []string{"-endpoint", good.URL, "-against", good.URL, "-seed=5", "-budget=6"}, 0, "conformant"},
		{"live mutant", []string{"-endpoint", good.URL, "-against", bad.URL, "-seed=5", "-budget=6"}, 1, "/error/code"},
		{"no endpoint", []string{"-cassette", cassette}, 2, "usage: conformance parity"},
		{"cassette and against", []string{"-cassette", cassette, "-endpoint", good.URL, "-against", bad.URL}, 2, "usage: conformance parity"},
		{"seed of a cassette", []string{"-cassette", cassette, "-endpoint", good.URL, "-seed=3"}, 2, "-against only"},
		{"not a cassette", []string{"-endpoint", good.URL, "-cassette", filepath.Join(dir, "none.har")}, 2, "none.har"},
	} {
		reports := filepath.Join(dir, strings.ReplaceAll(tt.name, " ", "-"))
		args := append([]string{"parity", "-report-dir", reports}, tt.args...)
		code, stdout, stderr := runCLI(t, args...)
		if code != tt.code {
			t.Errorf("parity %s: exit %d, %q %q; want %d", tt.name, code, stdout, stderr, tt.code)
			continue
		}
		if tt.code == 2 {
			if !strings.Contains(stderr, tt.contains) {
				t.Errorf("parity %s: stderr %q, want %q", tt.name, stderr, tt.contains)
			}
			continue
		}
		data, err := os.ReadFile(filepath.Join(reports, "conformance.json"))
		if err != nil || !strings.Contains(string(data), tt.contains) {
			t.Errorf("parity %s: conformance.json %v, want it to hold %q", tt.name, err, tt.contains)
		}
		validJSON(t, reports)
	}
}
