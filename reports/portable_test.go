package reports_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/putdestination/conformance"
	"github.com/putdestination/conformance/emulator"
	"github.com/putdestination/conformance/reports"
	"github.com/putdestination/conformance/result"
)

// TestCurlLinesRunUnderSh: a finding whose body is not printable ASCII
// gets a curl line that reads the body from its findings file, and that
// line, run by dash (POSIX sh, no $'...'), sends the exact bytes recorded.
func TestCurlLinesRunUnderSh(t *testing.T) {
	dash, err := exec.LookPath("dash")
	if err != nil {
		t.Skip("no dash to run the line under POSIX sh")
	}
	if _, err := exec.LookPath("curl"); err != nil {
		t.Skip("no curl to run the line")
	}
	var mu sync.Mutex
	var got [][]byte
	emu := emulator.New()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		mu.Lock()
		got = append(got, body)
		mu.Unlock()
		if hasNonASCII(body) { // a robustness finding for such bodies only
			w.WriteHeader(http.StatusInternalServerError)
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		emu.ServeHTTP(w, r)
	}))
	defer srv.Close()
	dir := t.TempDir()
	res, _ := conformance.Check(context.Background(), conformance.URL(srv.URL),
		conformance.WithSeed(3), conformance.WithBudget(20), conformance.WithoutShrinking(), conformance.WithReportDir(dir))
	if res == nil {
		t.Fatal("no result")
	}
	files := reports.Files(res)
	tried := 0
	for i, f := range res.Findings {
		if f.Previous != nil || !hasNonASCII(f.Request.Body) {
			continue
		}
		r := reports.ReproOf(f, files[i], true)
		if !r.FromDir {
			t.Errorf("finding %s: a body that is not printable ASCII printed inline: %.200s", files[i].Name, r.Curl)
			continue
		}
		mu.Lock()
		got = nil
		mu.Unlock()
		cmd := exec.Command(dash, "-c", r.Curl)
		cmd.Dir = dir
		cmd.WaitDelay = time.Minute
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("%s under dash: %v\n%s", r.Curl, err, out)
		}
		mu.Lock()
		if len(got) != 1 || string(got[0]) != string(f.Request.Body) {
			t.Errorf("finding %s: dash sent %q, want the recorded %q", files[i].Name, got, f.Request.Body)
		}
		mu.Unlock()
		tried++
	}
	if tried == 0 {
		t.Fatalf("no finding with a body that is not printable ASCII among %d (report in %s)", len(res.Findings), filepath.Join(dir, result.JSONFile))
	}
}

func hasNonASCII(b []byte) bool {
	for _, c := range b {
		if c < 0x20 || c > 0x7e {
			return true
		}
	}
	return false
}
