package main

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/putdestination/conformance/result"

	"github.com/putdestination/conformance/emulator"
	"github.com/putdestination/conformance/reports"
)

const secret = "tok-s3cr3t-98765"

// threeFaults is a server with three faults of the kind a first
// implementation has: it accepts ':' in names (rejects-invalid), answers
// its errors as text/plain (content-type), and fails with a 500 and a
// 40 KB HTML page when a body has more than three tags (robustness). It
// counts requests.
func threeFaults(n *atomic.Int64) http.Handler {
	em := emulator.New()
	page := "<html><body>" + strings.Repeat("<p>Internal Server Error: stack trace follows</p>", 800) + "</body></html>"
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		body, _ := io.ReadAll(r.Body)
		var m struct {
			Name any `json:"destinationName"`
			Tags any `json:"tags"`
		}
		_ = json.Unmarshal(body, &m)
		if name, ok := m.Name.(string); ok && strings.Contains(name, ":") {
			emulator.WriteSuccess(w, "dst-colon", time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC))
			return
		}
		if tags, ok := m.Tags.(map[string]any); ok && len(tags) > 3 {
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(http.StatusInternalServerError)
			io.WriteString(w, page)
			return
		}
		rec := httptest.NewRecorder()
		r.Body = io.NopCloser(bytes.NewReader(body))
		em.ServeHTTP(rec, r)
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		if rec.Code == http.StatusBadRequest {
			w.Header().Set("Content-Type", "text/plain")
		}
		w.WriteHeader(rec.Code)
		w.Write(rec.Body.Bytes())
	})
}

// validJSON holds dir/conformance.json to the report schema.
func validJSON(t *testing.T, dir string) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, reports.JSONFile))
	if err != nil {
		t.Fatal(err)
	}
	if err := result.Validate(data); err != nil {
		t.Fatalf("%s: %v", filepath.Join(dir, reports.JSONFile), err)
	}
}

// TestThreeFaultsReportedOnceEachInBoundedRedactedReports: a run against
// a server with three faults (rejects-invalid, content-type, robustness)
// exits 1 with a headline naming the seed, writes HTML, Markdown, JSON
// (valid against the schema) and JUnit and prints their paths, gives each
// failing rule exactly one console block and one reproduce line and one
// failed JUnit case, keeps the console to a few KB and every console,
// JUnit and Markdown line within MaxLine, and writes the -header secret
// nowhere.
func TestThreeFaultsReportedOnceEachInBoundedRedactedReports(t *testing.T) {
	var n atomic.Int64
	srv := httptest.NewServer(threeFaults(&n))
	defer srv.Close()
	dir := t.TempDir()
	code, stdout, stderr := runCLI(t, "-endpoint="+srv.URL, "-seed=5", "-budget=40", "-report-dir="+dir,
		"-header", "Authorization: Bearer "+secret, "-progress=off")
	if code != 1 || stderr != "" {
		t.Fatalf("exit %d, stderr %q; want 1 and nothing on stderr", code, stderr)
	}
	validJSON(t, dir)
	lines := strings.Split(strings.TrimRight(stdout, "\n"), "\n")
	if !strings.HasPrefix(lines[0], "conformance: non-conformant: ") || !strings.Contains(lines[0], "(seed 5,") {
		t.Errorf("first line: %q, want the headline", lines[0])
	}
	for _, name := range []string{reports.HTMLFile, reports.JSONFile, reports.JUnitFile, reports.MarkdownFile} {
		if !strings.Contains(stdout, filepath.Join(dir, name)) {
			t.Errorf("console: no path of %s", name)
		}
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Errorf("report %s: %v", name, err)
		}
	}
	for _, rule := range []string{"rejects-invalid", "content-type", "robustness"} {
		if strings.Count(stdout, "FAIL "+rule+": ") != 1 {
			t.Errorf("console: want one block for %s:\n%s", rule, stdout)
		}
	}
	if len(stdout) > 16000 {
		t.Errorf("console: %d bytes, want a few KB", len(stdout))
	}
	if got := strings.Count(stdout, "  reproduce:  "); got != 3 {
		t.Errorf("console: %d reproduce lines, want one per failing rule (3)", got)
	}
	for _, l := range lines {
		if len(l) > result.MaxLine {
			t.Errorf("console line of %d bytes: %.100q…", len(l), l)
		}
	}
	var doc struct {
		Cases []struct {
			Name    string `xml:"name,attr"`
			Failure *struct {
				Message string `xml:"message,attr"`
				Text    string `xml:",chardata"`
			} `xml:"failure"`
		} `xml:"testsuite>testcase"`
	}
	junit, _ := os.ReadFile(filepath.Join(dir, reports.JUnitFile))
	if err := xml.Unmarshal(junit, &doc); err != nil {
		t.Fatal(err)
	}
	failed := 0
	for _, c := range doc.Cases {
		if c.Failure == nil {
			continue
		}
		failed++
		for _, l := range strings.Split(c.Failure.Message+"\n"+c.Failure.Text, "\n") {
			if len(l) > result.MaxLine {
				t.Errorf("junit %s: a line of %d bytes", c.Name, len(l))
			}
		}
	}
	if failed != 3 {
		t.Errorf("junit: %d failed test cases, want 3", failed)
	}
	md, _ := os.ReadFile(filepath.Join(dir, reports.MarkdownFile))
	for _, l := range strings.Split(string(md), "\n") {
		if len(l) > result.MaxLine {
			t.Errorf("conformance.md: a line of %d bytes", len(l))
		}
	}
	err := filepath.Walk(dir, func(path string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		if b, _ := os.ReadFile(path); bytes.Contains(b, []byte(secret)) {
			t.Errorf("%s: holds the -header value, want it redacted", path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(stdout, secret) {
		t.Errorf("console: holds the -header value")
	}
}

// TestReportDirCheckedBeforeAnyRequest: a report file of the harness's
// names that someone else wrote ends the run before anything is sent,
// with one line and exit 2.
func TestReportDirCheckedBeforeAnyRequest(t *testing.T) {
	var n atomic.Int64
	srv := httptest.NewServer(threeFaults(&n))
	defer srv.Close()
	for _, name := range []string{reports.HTMLFile, reports.MarkdownFile, reports.JUnitFile, filepath.Join(reports.FindingsDir, "x")} {
		dir := t.TempDir()
		_ = os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755)
		if err := os.WriteFile(filepath.Join(dir, name), []byte("mine"), 0o644); err != nil {
			t.Fatal(err)
		}
		code, stdout, stderr := runCLI(t, "-endpoint="+srv.URL, "-report-dir="+dir)
		if code != 2 || stdout != "" || strings.Count(strings.TrimSpace(stderr), "\n") != 0 || !strings.Contains(stderr, "not written by this harness") {
			t.Errorf("%s someone else's: exit %d, stdout %q, stderr %q; want 2, one line", name, code, stdout, stderr)
		}
		if b, _ := os.ReadFile(filepath.Join(dir, name)); string(b) != "mine" {
			t.Errorf("%s: overwritten", name)
		}
	}
	if n.Load() != 0 {
		t.Errorf("requests: %d, want none (the directory is checked first)", n.Load())
	}
}
