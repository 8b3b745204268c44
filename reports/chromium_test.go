package reports_test

import (
	"bytes"
	"context"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/putdestination/conformance"
	"github.com/putdestination/conformance/reports"
)

const chromium = "/usr/bin/chromium"

// screenshotEnv, set to 1, copies the test's screenshot of
// conformance.html to reports/out/conformance-html.png for a person to
// look at.
const screenshotEnv = "CONFORMANCE_SCREENSHOT"

// needChromium returns the path of headless Chromium (Debian's chromium
// package) or skips the test, saying how to install it: the test never
// installs anything itself.
func needChromium(t *testing.T) string {
	t.Helper()
	if _, err := os.Stat(chromium); err != nil {
		t.Skipf("headless Chromium is not installed (no %s): `make chromium` installs it (as root, with apt-get); then rerun this test", chromium)
	}
	return chromium
}

// runChromium opens page in headless Chromium with a profile of its own
// and no network beyond the page, and returns what it printed (its log on
// stderr, the DOM on stdout with --dump-dom).
func runChromium(t *testing.T, bin, page string, extra ...string) (stdout, stderr string) {
	t.Helper()
	// Three minutes: a hang guard for Chromium on a loaded machine,
	// not a speed target.
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	args := []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir=" + t.TempDir(), "--enable-logging=stderr", "--v=0"}
	args = append(append(args, extra...), "file://"+page)
	cmd := exec.CommandContext(ctx, bin, args...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		t.Fatalf("chromium %s: %v\n%s", strings.Join(extra, " "), err, errb.String())
	}
	return out.String(), errb.String()
}

// consoleErrors are the lines of Chromium's log that say the page did
// something wrong: anything the page wrote to its console (ours writes
// nothing), an uncaught exception, a resource it failed to load.
func consoleErrors(log string) []string {
	var out []string
	for _, l := range strings.Split(log, "\n") {
		if strings.Contains(l, ":CONSOLE") || strings.Contains(l, "Uncaught") || strings.Contains(l, "ERR_") {
			out = append(out, l)
		}
	}
	return out
}

// TestHTMLRendersInChromium renders conformance.html of a failing run in
// headless Chromium: no console error, the page's script ran (it marks the
// page ready and shows the copy buttons), and a screenshot that decodes,
// kept under the test's temporary directory (and copied to
// reports/out/conformance-html.png with CONFORMANCE_SCREENSHOT=1).
func TestHTMLRendersInChromium(t *testing.T) {
	bin := needChromium(t)
	_, dir, _ := check(t, conformance.Handler(alwaysSuccess), conformance.WithBudget(30))
	page := filepath.Join(dir, reports.HTMLFile)

	dom, log := runChromium(t, bin, page, "--dump-dom")
	if errs := consoleErrors(log); len(errs) > 0 {
		t.Errorf("chromium console: got %q, want no error", errs)
	}
	if !strings.Contains(dom, `data-js="ready"`) {
		t.Errorf("chromium DOM: got no data-js=\"ready\" on <html>, want the page's script to have run to its end")
	}

	shot := filepath.Join(t.TempDir(), "conformance-html.png")
	_, log = runChromium(t, bin, page, "--window-size=1280,2000", "--screenshot="+shot)
	if errs := consoleErrors(log); len(errs) > 0 {
		t.Errorf("chromium console (screenshot): got %q, want no error", errs)
	}
	f, err := os.Open(shot)
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("screenshot %s: got %v decoding it, want a PNG", shot, err)
	}
	if b := img.Bounds(); b.Dx() != 1280 || b.Dy() != 2000 {
		t.Errorf("screenshot: got %dx%d, want 1280x2000", b.Dx(), b.Dy())
	}
	// Not a blank page: the verdict banner and text make many colours.
	colours := map[uint32]bool{}
	for y := 0; y < img.Bounds().Dy(); y += 7 {
		for x := 0; x < img.Bounds().Dx(); x += 7 {
			r, g, b, _ := img.At(x, y).RGBA()
			colours[r>>8<<16|g>>8<<8|b>>8] = true
		}
	}
	if len(colours) < 20 {
		t.Errorf("screenshot: got %d colours, want a rendered page", len(colours))
	}
	t.Logf("screenshot: %s", shot)
	if os.Getenv(screenshotEnv) == "1" {
		out, _ := filepath.Abs("out")
		if err := os.MkdirAll(out, 0o755); err != nil {
			t.Fatal(err)
		}
		data, _ := os.ReadFile(shot)
		if err := os.WriteFile(filepath.Join(out, "conformance-html.png"), data, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("screenshot copied to %s", filepath.Join(out, "conformance-html.png"))
	}
}

// TestConsoleErrorsAreSeen guards the check above: a page that throws
// and logs an error is caught.
func TestConsoleErrorsAreSeen(t *testing.T) {
	bin := needChromium(t)
	page := filepath.Join(t.TempDir(), "bad.html")
	if err := os.WriteFile(page, []byte(`<!DOCTYPE html><html><body><script>console.error("bad"); notDefined();</script></body></html>`), 0o644); err != nil {
		t.Fatal(err)
	}
	_, log := runChromium(t, bin, page, "--dump-dom")
	if errs := consoleErrors(log); len(errs) < 2 {
		t.Errorf("chromium console of a page that logs an error and throws: got %q, want both seen", errs)
	}
}
