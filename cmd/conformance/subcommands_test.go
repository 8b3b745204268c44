package main

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/putdestination/conformance/result"

	"github.com/putdestination/conformance/emulator"
	"github.com/putdestination/conformance/reports"
)

// counting counts the requests h gets.
func counting(h http.Handler, n *atomic.Int64) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		h.ServeHTTP(w, r)
	})
}

// report runs the CLI against url and returns the report directory.
func report(t *testing.T, url string, args ...string) string {
	t.Helper()
	dir := t.TempDir()
	code, _, stderr := runCLI(t, append([]string{"-endpoint=" + url, "-seed=11", "-budget=30", "-report-dir=" + dir, "-progress=off"}, args...)...)
	if code == 2 {
		t.Fatalf("run: exit 2: %s", stderr)
	}
	validJSON(t, dir)
	return dir
}

// TestReplay re-sends findings of real reports: still failing against the
// faulty server, fixed against the reference emulator; a single request,
// and a pair of requests under fresh names; findings by number, rule or
// name; bad input is one line and exit 2.
func TestReplay(t *testing.T) {
	var badHits, goodHits atomic.Int64
	colon := httptest.NewServer(counting(mutant(t, "accepts-colon-in-name"), &badHits))
	defer colon.Close()
	newID := httptest.NewServer(mutant(t, "new-id-on-update"))
	defer newID.Close()
	good := httptest.NewServer(counting(emulator.New(), &goodHits))
	defer good.Close()

	colonDir := report(t, colon.URL)
	pairDir := report(t, newID.URL)
	// The same report, as if of a run in the aws dialect.
	awsDir := t.TempDir()
	data, err := os.ReadFile(filepath.Join(colonDir, "conformance.json"))
	if err != nil {
		t.Fatal(err)
	}
	data = []byte(strings.Replace(string(data), `"dialect": "envelope"`, `"dialect": "aws"`, 1))
	if !strings.Contains(string(data), `"dialect": "aws"`) {
		t.Fatal("the report names no dialect to change")
	}
	if err := os.WriteFile(filepath.Join(awsDir, "conformance.json"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	inProcess := t.TempDir()
	if code, _, stderr := runCLI(t, "-seed=1", "-budget=3", "-report-dir="+inProcess, "-progress=off"); code != 0 {
		t.Fatalf("in-process run: exit %d: %s", code, stderr)
	}

	tests := []struct {
		name, reason string
		args         []string
		code         int
		out          string // in the first line
	}{
		{"still fails", "the report's own endpoint still accepts ':'", []string{filepath.Join(colonDir, "conformance.json"), "rejects-invalid"}, 1, "replay rejects-invalid-1 (finding 1 of "},
		{"by number", "the report's directory and a number", []string{colonDir, "1"}, 1, "replay rejects-invalid-1 "},
		{"by name", "rule-N, as findings/ names it", []string{colonDir, "rejects-invalid-1"}, 1, "still fails"},
		{"fixed", "-endpoint: the reference emulator rejects it", []string{colonDir, "rejects-invalid", "-endpoint=" + good.URL}, 0, "fixed: rejects-invalid holds now"},
		{"pair still fails", "a new id on update, under fresh names", []string{pairDir, "upsert-identity"}, 1, "replay upsert-identity-1 "},
		{"pair fixed", "the emulator keeps the id", []string{pairDir, "upsert-identity", "-endpoint", good.URL}, 0, "fixed: upsert-identity holds now"},
		{"no such finding", "a number past the end", []string{colonDir, "99"}, 2, "the report has findings 1 to"},
		{"no such rule", "a rule without findings", []string{colonDir, "robustness"}, 2, "no finding \"robustness\""},
		{"no report", "a path that is not there", []string{filepath.Join(t.TempDir(), "none.json"), "1"}, 2, "no such file"},
		{"in process", "a Go handler's report names no server", []string{inProcess, "1"}, 2, "the report has no finding"},
		{"one argument", "REPORT and FINDING", []string{colonDir}, 2, "usage: conformance replay"},
		{"bad endpoint", "http or https", []string{colonDir, "1", "-endpoint=ftp://x"}, 2, "-endpoint"},
		{"aws dialect", "replay speaks the envelope only: refused before any request", []string{awsDir, "1"}, 2, "the report is of a run in the aws dialect"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := badHits.Load()
			code, stdout, stderr := runCLI(t, append([]string{"replay"}, tt.args...)...)
			if tt.code == 2 && badHits.Load() != before {
				t.Errorf("replay %v (%s): the endpoint got %d requests, want none", tt.args, tt.reason, badHits.Load()-before)
			}
			first := strings.SplitN(stdout+stderr, "\n", 2)[0]
			if code != tt.code || !strings.Contains(first, tt.out) {
				t.Errorf("replay %v (%s): exit %d, %q; want %d, %q", tt.args, tt.reason, code, first, tt.code, tt.out)
			}
			if tt.code == 2 && (stdout != "" || strings.Count(strings.TrimSpace(stderr), "\n") > 0) {
				t.Errorf("replay %v: usage error: want one line on stderr, got %q / %q", tt.args, stdout, stderr)
			}
			for _, l := range strings.Split(stdout, "\n") {
				if len(l) > result.MaxLine {
					t.Errorf("replay: a line of %d bytes", len(l))
				}
			}
		})
	}
	if goodHits.Load() < 3 {
		t.Errorf("the emulator got %d requests, want the replays sent to it (-endpoint)", goodHits.Load())
	}
}

// TestReplaySecrets: -header values reach the endpoint and are never
// printed; a header the report redacted and replay was not given makes it
// refuse, naming the header, before any request (it sends what the run
// sent or nothing).
func TestReplaySecrets(t *testing.T) {
	var seen atomic.Value
	var hits atomic.Int64
	h := mutant(t, "accepts-colon-in-name")
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		seen.Store(r.Header.Get("Authorization"))
		w.Header().Set("X-Echo", r.Header.Get("Authorization"))
		h.ServeHTTP(w, r)
	}))
	defer srv.Close()
	dir := report(t, srv.URL, "-header", "Authorization: Bearer "+secret)
	before := hits.Load()
	code, stdout, stderr := runCLI(t, "replay", dir, "1")
	if code != 2 || stdout != "" || !strings.Contains(stderr, "the report redacted Authorization") || strings.Count(strings.TrimSpace(stderr), "\n") > 0 || hits.Load() != before {
		t.Errorf("replay without the header: exit %d, %q / %q, %d requests; want 2, one line naming Authorization, no request", code, stdout, stderr, hits.Load()-before)
	}
	code, stdout, stderr = runCLI(t, "replay", dir, "1", "-header", "Authorization: Bearer "+secret)
	if code != 1 || strings.Contains(stdout+stderr, secret) || seen.Load() != "Bearer "+secret {
		t.Errorf("replay -header: exit %d, secret printed %v, endpoint got %q; want 1, never printed, sent", code, strings.Contains(stdout+stderr, secret), seen.Load())
	}
}

// TestCompareCLI: exit 1 when something newly fails, 0 otherwise, 2 for
// anything that is not two reports.
func TestCompareCLI(t *testing.T) {
	bad := httptest.NewServer(mutant(t, "accepts-colon-in-name"))
	defer bad.Close()
	good := httptest.NewServer(emulator.New())
	defer good.Close()
	faulty, fixed := report(t, bad.URL), report(t, good.URL)
	for _, tt := range []struct {
		name     string
		args     []string
		code     int
		contains string
	}{
		{"fixed", []string{faulty, fixed}, 0, "newly passing rules: 1"},
		{"regressed", []string{fixed, faulty}, 1, "compare: REGRESSION"},
		{"same", []string{faulty, faulty}, 0, "newly failing rules: none"},
		{"one report", []string{faulty}, 2, "usage: conformance compare"},
		{"not a report", []string{faulty, filepath.Join(fixed, reports.JUnitFile)}, 2, "not a conformance.json"},
	} {
		code, stdout, stderr := runCLI(t, append([]string{"compare"}, tt.args...)...)
		if code != tt.code || !strings.Contains(stdout+stderr, tt.contains) {
			t.Errorf("compare %s: exit %d, %q; want %d with %q", tt.name, code, stdout+stderr, tt.code, tt.contains)
		}
	}
}

// TestMergeCLI: the reports of runs sharded by rule merge into one set of
// reports whose verdict is the worst shard's; bad input is exit 2.
func TestMergeCLI(t *testing.T) {
	bad := httptest.NewServer(mutant(t, "accepts-colon-in-name"))
	defer bad.Close()
	a := report(t, bad.URL, "-rules=rejects-invalid,accepts-valid")
	b := report(t, bad.URL, "-rules=status-code,robustness")
	out := filepath.Join(t.TempDir(), "merged")
	code, stdout, stderr := runCLI(t, "merge", "-out", out, filepath.Join(a, "conformance.json"), b)
	if code != 1 || stderr != "" || !strings.Contains(stdout, "merged from 2 runs") {
		t.Fatalf("merge: exit %d, %q / %q; want 1 (rejects-invalid fails), the console of the merged run", code, stdout, stderr)
	}
	validJSON(t, out)
	for _, name := range []string{reports.HTMLFile, reports.JSONFile, reports.JUnitFile, reports.MarkdownFile} {
		if _, err := os.Stat(filepath.Join(out, name)); err != nil {
			t.Errorf("merged %s: %v", name, err)
		}
	}
	m, err := result.Load(out)
	if err != nil {
		t.Fatal(err)
	}
	ra, _ := result.Load(a)
	rb, _ := result.Load(b)
	if m.Requests != ra.Requests+rb.Requests || len(m.Shards) != 2 || m.Rule("rejects-invalid").Status != "fail" || m.Rule("robustness").Status != "pass" {
		t.Errorf("merged: %d requests, %d shards, rejects-invalid %s, robustness %s; want the sum, 2, fail, pass",
			m.Requests, len(m.Shards), m.Rule("rejects-invalid").Status, m.Rule("robustness").Status)
	}
	for _, tt := range []struct {
		name string
		args []string
	}{
		{"no -out", []string{a, b}},
		{"no report", []string{"-out", t.TempDir()}},
		{"into an input", []string{"-out", a, a, b}},
		{"not a report", []string{"-out", t.TempDir(), filepath.Join(a, reports.HTMLFile)}},
	} {
		code, stdout, stderr := runCLI(t, append([]string{"merge"}, tt.args...)...)
		if code != 2 || stdout != "" || strings.Count(strings.TrimSpace(stderr), "\n") != 0 {
			t.Errorf("merge %s: exit %d, %q / %q; want 2 and one line", tt.name, code, stdout, stderr)
		}
	}
}
