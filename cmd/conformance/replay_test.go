package main

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"unicode/utf8"

	"github.com/putdestination/conformance/emulator"
	"github.com/putdestination/conformance/reports"
	"github.com/putdestination/conformance/result"
	"github.com/putdestination/conformance/rules"
)

// dropsOn0xFF is a server that drops the connection (hijacks it and closes
// it, answering nothing) when a request body holds the byte 0xff, and
// otherwise answers as the reference emulator. While fixed is set it
// answers every request; while flaky is set it drops only every other
// such request. It keeps the bodies with 0xff it was sent.
type dropsOn0xFF struct {
	emu          http.Handler
	fixed, flaky atomic.Bool
	n            atomic.Int64
	mu           sync.Mutex
	got          [][]byte
}

func (d *dropsOn0xFF) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	r.Body = io.NopCloser(bytes.NewReader(body))
	if bytes.IndexByte(body, 0xff) >= 0 {
		d.mu.Lock()
		d.got = append(d.got, body)
		d.mu.Unlock()
		if !d.fixed.Load() && (!d.flaky.Load() || d.n.Add(1)%2 == 1) {
			conn, _, err := w.(http.Hijacker).Hijack()
			if err == nil {
				conn.Close()
			}
			return
		}
	}
	d.emu.ServeHTTP(w, r)
}

// last is the last body with 0xff the server was sent.
func (d *dropsOn0xFF) last() []byte {
	d.mu.Lock()
	defer d.mu.Unlock()
	if len(d.got) == 0 {
		return nil
	}
	return d.got[len(d.got)-1]
}

// invalidUTF8Finding is the name and the finding of the first robustness
// finding of res whose request body is not valid UTF-8 and holds 0xff.
func invalidUTF8Finding(t *testing.T, res *result.Result) (string, result.Finding) {
	t.Helper()
	for i, f := range res.Findings {
		if f.Rule == rules.Robustness && !utf8.Valid(f.Request.Body) && bytes.IndexByte(f.Request.Body, 0xff) >= 0 {
			return reports.Files(res)[i].Name, f
		}
	}
	t.Fatalf("no robustness finding with 0xff in its body among %d findings", len(res.Findings))
	return "", result.Finding{}
}

// copyReport copies the named files of a report directory into a new one.
func copyReport(t *testing.T, dir string, names ...string) string {
	t.Helper()
	out := t.TempDir()
	for _, n := range names {
		data, err := os.ReadFile(filepath.Join(dir, n))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(out, n), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// TestReplayInvalidUTF8 guards replay of a finding whose body is not
// UTF-8: conformance.json keeps it as base64, and replay sends those exact
// bytes, whatever else of the report is there: conformance.json alone, a
// report merged from two runs, or an artifact of the report directory
// without findings/. Fixed, the server makes replay say fixed; flaky,
// intermittent.
func TestReplayInvalidUTF8(t *testing.T) {
	d := &dropsOn0xFF{emu: emulator.New()}
	srv := httptest.NewServer(d)
	defer srv.Close()
	runA, runB := report(t, srv.URL, "-rules=robustness"), report(t, srv.URL, "-rules=robustness", "-seed=12")
	merged := t.TempDir()
	if code, _, stderr := runCLI(t, "merge", "-out", merged, filepath.Join(runA, result.JSONFile), filepath.Join(runB, result.JSONFile)); code != 1 {
		t.Fatalf("merge: exit %d, want 1 (non-conformant): %s", code, stderr)
	}
	jsonAlone := copyReport(t, runA, result.JSONFile)
	artifact := copyReport(t, runA, result.JSONFile, reports.HTMLFile, reports.MarkdownFile, reports.JUnitFile)

	for _, tc := range []struct {
		name, reason, report string
	}{
		{"conformance.json alone", "no findings/ beside it: the bytes come from the base64 body", filepath.Join(jsonAlone, result.JSONFile)},
		{"merged", "conformance merge of two runs keeps each finding's bytes", merged},
		{"artifact", "a CI artifact of the report directory without findings/", artifact},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, err := result.Load(tc.report)
			if err != nil {
				t.Fatal(err)
			}
			name, f := invalidUTF8Finding(t, res)
			code, stdout, stderr := runCLI(t, "replay", tc.report, name)
			if first := strings.SplitN(stdout, "\n", 2)[0]; code != 1 || !strings.Contains(first, "still fails (robustness broken in 3 of 3 sends)") {
				t.Errorf("replay %s (%s): exit %d, %q %s; want 1, still fails in 3 of 3 sends", name, tc.reason, code, first, stderr)
			}
			if got := d.last(); !bytes.Equal(got, f.Request.Body) {
				t.Errorf("replay %s (%s): the server got %q, want the recorded bytes %q", name, tc.reason, got, []byte(f.Request.Body))
			}
		})
	}

	res, _ := result.Load(runA)
	name, _ := invalidUTF8Finding(t, res)
	d.flaky.Store(true)
	if code, stdout, _ := runCLI(t, "replay", runA, name); code != 1 || !strings.Contains(stdout, "intermittent: robustness broken in 2 of 3 sends") {
		t.Errorf("replay against a server that drops every other such request: exit %d, %q; want 1, intermittent in 2 of 3 sends", code, strings.SplitN(stdout, "\n", 2)[0])
	}
	d.fixed.Store(true)
	if code, stdout, _ := runCLI(t, "replay", runA, name); code != 0 || !strings.Contains(stdout, "fixed: robustness holds now (in 3 of 3 sends)") {
		t.Errorf("replay against the fixed server: exit %d, %q; want 0, fixed", code, strings.SplitN(stdout, "\n", 2)[0])
	}
}
