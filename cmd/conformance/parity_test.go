package main

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/putdestination/conformance/emulator"
	"github.com/putdestination/conformance/emulator/mutants"
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
		{"dialect of a cassette", []string{"-cassette", cassette, "-endpoint", good.URL, "-dialect", "aws"}, 2, "-against only"},
		{"treat unknown", []string{"-cassette", cassette, "-endpoint", good.URL, "-treat", "/error/code=ignore"}, 2, "treat \"ignore\""},
		{"treat no pointer", []string{"-cassette", cassette, "-endpoint", good.URL, "-treat", "null-is-absent"}, 2, "POINTER=TREAT"},
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

// TestParityCLITable: -treat adds a rule after the defaults (and after
// -normalize's), which the report lists, and which applies: -treat
// /error/code=drop makes a mutant whose only divergence is its error code
// at parity; the reproduce line names the flag.
func TestParityCLITable(t *testing.T) {
	dir := t.TempDir()
	cassette := filepath.Join(dir, "ref.har")
	if code, _, stderr := runCLI(t, "record", "-o", cassette, "-seed=5", "-budget=6"); code != 0 {
		t.Fatalf("record: exit %d, %s", code, stderr)
	}
	bad := httptest.NewServer(mutant(t, "wrong-error-code"))
	defer bad.Close()
	reports := filepath.Join(dir, "out")
	code, stdout, stderr := runCLI(t, "parity", "-cassette", cassette, "-endpoint", bad.URL, "-report-dir", reports, "-treat", "/error/code=drop")
	if code != 0 {
		t.Fatalf("parity -treat /error/code=drop: exit %d, %s %s; want 0", code, stdout, stderr)
	}
	res := readResult(t, reports)
	last := res.Normalization[len(res.Normalization)-1]
	if last.Pointer != "/error/code" || last.Treat != "drop" || !strings.Contains(res.Reproduce, "-treat /error/code=drop") {
		t.Errorf("normalization %+v, reproduce %q: want the -treat rule last and in the reproduce line", res.Normalization, res.Reproduce)
	}
	if !strings.Contains(stdout, "/error/code drop") {
		t.Errorf("console: %q, want the table used", stdout)
	}
}

// TestParityCLILiveAWS: the live form in the aws dialect signs both
// endpoints (credentials from the environment) and finds the aws
// emulator at parity with itself, and a mutant not.
func TestParityCLILiveAWS(t *testing.T) {
	awsEnvironment(t)
	good := httptest.NewServer(emulator.ForDialect("aws")())
	defer good.Close()
	var omits http.Handler
	for _, m := range mutants.AWS() {
		if m.Name == "aws-omits-role-arn" {
			omits = m.New()
		}
	}
	bad := httptest.NewServer(omits)
	defer bad.Close()
	dir := t.TempDir()
	for _, tt := range []struct {
		against  string
		code     int
		contains string
	}{{good.URL, 0, "conformant"}, {bad.URL, 1, "/destination/roleArn"}} {
		reports := filepath.Join(dir, strconv.Itoa(tt.code))
		code, stdout, stderr := runCLI(t, "parity", "-endpoint", good.URL, "-against", tt.against, "-dialect", "aws", "-region", "us-east-1",
			"-seed=4", "-budget=5", "-report-dir", reports)
		if code != tt.code || !strings.Contains(stdout, tt.contains) {
			t.Errorf("parity -dialect aws -against %s: exit %d, %.500q %q; want %d and %q", tt.against, code, stdout, stderr, tt.code, tt.contains)
			continue
		}
		if res := readResult(t, reports); res.Dialect != "aws" || !strings.Contains(res.Reproduce, "-dialect aws") {
			t.Errorf("report: dialect %q, reproduce %q; want aws in both", res.Dialect, res.Reproduce)
		}
	}
}

// TestCompareParityRuns: conformance compare reads parity reports as any
// other: two checks of the same mutant against one cassette compare clean
// (the same signatures), and the mutant's report against the emulator's
// shows the parity cause newly failing (exit 1), naming the member.
func TestCompareParityRuns(t *testing.T) {
	dir := t.TempDir()
	cassette := filepath.Join(dir, "ref.har")
	if code, _, stderr := runCLI(t, "record", "-o", cassette, "-seed=8", "-budget=6"); code != 0 {
		t.Fatalf("record: exit %d, %s", code, stderr)
	}
	good := httptest.NewServer(emulator.New())
	defer good.Close()
	bad := httptest.NewServer(mutant(t, "wrong-error-code"))
	defer bad.Close()
	report := func(name, endpoint string) string {
		out := filepath.Join(dir, name)
		if code, stdout, stderr := runCLI(t, "parity", "-cassette", cassette, "-endpoint", endpoint, "-report-dir", out); code == 2 {
			t.Fatalf("parity %s: %s %s", name, stdout, stderr)
		}
		return filepath.Join(out, "conformance.json")
	}
	clean, bad1, bad2 := report("clean", good.URL), report("bad1", bad.URL), report("bad2", bad.URL)
	if code, stdout, stderr := runCLI(t, "compare", bad1, bad2); code != 0 {
		t.Errorf("compare of two checks of one mutant: exit %d, %q %q; want 0 (same causes)", code, stdout, stderr)
	}
	code, stdout, stderr := runCLI(t, "compare", clean, bad1)
	if code != 1 || !strings.Contains(stdout, "/error/code") {
		t.Errorf("compare of the emulator's parity report with the mutant's: exit %d, %q %q; want 1 naming /error/code", code, stdout, stderr)
	}
}

// TestRecordSaysWhatItLeftBehind: a recording in the aws dialect whose
// deletions the endpoint refuses still writes its cassette, prints each
// destination left behind with the command that deletes it, and exits 1.
func TestRecordSaysWhatItLeftBehind(t *testing.T) {
	awsEnvironment(t)
	em := emulator.NewAWS()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("X-Amz-Target") == "Logs_20140328.DeleteDestination" {
			w.Header().Set("Content-Type", "application/x-amz-json-1.1")
			w.WriteHeader(http.StatusInternalServerError)
			_, _ = w.Write([]byte(`{"__type":"ServiceUnavailableException","message":"deletes are down"}`))
			return
		}
		em.ServeHTTP(w, r)
	}))
	defer srv.Close()
	cassette := filepath.Join(t.TempDir(), "ref.har")
	code, stdout, stderr := runCLI(t, "record", "-dialect", "aws", "-endpoint", srv.URL, "-region", "us-east-1", "-seed=3", "-budget=4", "-o", cassette)
	if code != 1 || !strings.Contains(stdout, "left behind: ") || !strings.Contains(stdout, "aws logs delete-destination --region us-east-1") {
		t.Errorf("record against an endpoint that refuses deletions: exit %d, %.600q %q; want 1 and each leftover with its command", code, stdout, stderr)
	}
	if _, err := os.Stat(cassette); err != nil {
		t.Errorf("cassette: %v, want it written all the same", err)
	}
}
