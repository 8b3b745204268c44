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
// divergences at the member it breaks (exit 1, in conformance.json); a
// missing flag or an unreadable cassette is one line and exit 2.
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
		{"emulator", []string{"-endpoint", good.URL}, 0, "conformant"},
		{"mutant", []string{"-endpoint", bad.URL}, 1, "/error/code"},
		{"no endpoint", []string{}, 2, "usage: conformance parity"},
		{"not a cassette", []string{"-endpoint", good.URL, "-cassette", filepath.Join(dir, "none.har")}, 2, "none.har"},
	} {
		reports := filepath.Join(dir, tt.name)
		args := append([]string{"parity", "-cassette", cassette, "-report-dir", reports}, tt.args...)
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
