package reports_test

import (
	"bytes"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/putdestination/conformance/result"

	"github.com/putdestination/conformance"
	"github.com/putdestination/conformance/emulator"
	"github.com/putdestination/conformance/reports"
	"github.com/putdestination/conformance/rules"
)

// successUnlessLarge answers success to every body of at most 4 KiB and
// refuses larger ones, valid or not: its findings are small invalid bodies
// accepted and large valid ones refused, so some are long whatever the
// generators draw (the valid property carries a hostile unknown string of
// over 4,096 characters in every 16 cases).
func successUnlessLarge() http.Handler {
	ok := alwaysSuccess()
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if len(body) > 4<<10 {
			emulator.WriteError(w, http.StatusBadRequest, "request body too large")
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		ok.ServeHTTP(w, r)
	})
}

// TestConsoleIsBounded: against a server with faults and bodies of
// kilobytes, the console is the headline, where each report is, and
// one short block per failing rule; no line over MaxLine, coloured or
// not; the secret nowhere; curl lines that read the findings files.
func TestConsoleIsBounded(t *testing.T) {
	res, dir, _ := check(t, served(t, successUnlessLarge), conformance.WithBudget(16))
	longest := 0
	for _, f := range res.Findings {
		longest = max(longest, len(f.Request.Body))
	}
	if longest <= 4<<10 {
		t.Fatalf("longest request body: %d bytes, want bodies long enough to test the bounds", longest)
	}
	for _, tt := range []struct {
		name, reason string
		opts         reports.ConsoleOptions
	}{
		{"plain", "not a terminal: no colour", reports.ConsoleOptions{Dir: dir}},
		{"colour", "a terminal: ANSI colours, the same bounds", reports.ConsoleOptions{Dir: dir, Color: true}},
		{"no report dir", "nothing written: long curl lines are cut instead", reports.ConsoleOptions{}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := reports.Console(&b, res, tt.opts); err != nil {
				t.Fatal(err)
			}
			out := b.String()
			lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
			if long := longLines(out); len(long) > 0 {
				t.Errorf("%s: lines over MaxLine: %q", tt.reason, long)
			}
			if len(out) > 12000 {
				t.Errorf("%s: %d bytes, want a console a person reads (a few KB)", tt.reason, len(out))
			}
			if !strings.HasPrefix(lines[0], "conformance: ") || !strings.Contains(lines[0], "non-conformant") || !strings.Contains(lines[0], "seed 42") {
				t.Errorf("%s: first line %q, want the headline (verdict, seed)", tt.reason, lines[0])
			}
			if got := strings.Count(out, "seed 42"); got != 1 {
				t.Errorf("%s: the seed printed %d times, want once", tt.reason, got)
			}
			if strings.Contains(out, "\x1b[") != tt.opts.Color {
				t.Errorf("%s: ANSI escapes %v, want %v", tt.reason, strings.Contains(out, "\x1b["), tt.opts.Color)
			}
			if strings.Contains(out, secret) || !strings.Contains(out, "X-Api-Token: REDACTED") {
				t.Errorf("%s: want the header in the curl lines, redacted, never its value", tt.reason)
			}
			for _, r := range rules.All {
				want := len(res.FindingsFor(r.ID)) > 0
				if got := strings.Contains(out, "FAIL"+reset(tt.opts.Color)+" "+string(r.ID)+": "); got != want {
					t.Errorf("%s: block for %s %v, want %v", tt.reason, r.ID, got, want)
				}
			}
			if tt.opts.Dir != "" {
				for _, name := range []string{reports.HTMLFile, result.JSONFile, reports.JUnitFile, reports.MarkdownFile} {
					if !strings.Contains(strings.Join(lines[:7], "\n"), filepath.Join(dir, name)) {
						t.Errorf("%s: %s not named under the headline", tt.reason, name)
					}
				}
				if !strings.Contains(out, "--data-binary @findings/") {
					t.Errorf("%s: got no curl line reading a findings file", tt.reason)
				}
			} else if !strings.Contains(out, "no report written") {
				t.Errorf("%s: want it to say no report was written", tt.reason)
			}
		})
	}
}

func reset(color bool) string {
	if color {
		return "\x1b[0m"
	}
	return ""
}

// TestColors: colours only on a terminal, and never with NO_COLOR.
func TestColors(t *testing.T) {
	f, err := os.CreateTemp(t.TempDir(), "out")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if reports.Colors(f) || reports.IsTerminal(f) {
		t.Errorf("a regular file: got colours, want none")
	}
	null, err := os.Open(os.DevNull)
	if err != nil {
		t.Fatal(err)
	}
	defer null.Close()
	if reports.IsTerminal(null) {
		t.Errorf("%s: got a terminal, want not (a character device, but not a terminal)", os.DevNull)
	}
	if tty, err := os.OpenFile("/dev/tty", os.O_WRONLY, 0); err == nil {
		defer tty.Close()
		t.Setenv("NO_COLOR", "1")
		if reports.Colors(tty) {
			t.Errorf("/dev/tty with NO_COLOR=1: got colours, want none")
		}
	}
}

// TestStoppedEarlySaysWhy: a run that stopped on its own (an endpoint that
// keeps timing out) says why on the console, in conformance.md and in
// conformance.html, not only in conformance.json.
func TestStoppedEarlySaysWhy(t *testing.T) {
	hangs := func() http.Handler {
		return http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) { <-r.Context().Done() })
	}
	cfg := conformance.DefaultConfig()
	cfg.Seed, cfg.Budget, cfg.Workers, cfg.Shrink = 4, 50, 2, false
	cfg.RequestTimeout, cfg.MaxTimeouts = 50*time.Millisecond, 2
	res, dir, _ := check(t, conformance.Handler(hangs), conformance.WithConfig(cfg))
	if res.Stopped == "" {
		t.Fatalf("a handler that hangs: the run did not stop early (%s)", res.Headline())
	}
	var console bytes.Buffer
	if err := reports.Console(&console, res, reports.ConsoleOptions{Dir: dir}); err != nil {
		t.Fatal(err)
	}
	want := "stopped early: " + res.Stopped
	if first, _, _ := strings.Cut(console.String(), "\n"); !strings.Contains(first, want) {
		t.Errorf("console headline: got %q, want %q in it", first, want)
	}
	if md := reports.Markdown(res); !strings.Contains(md, "**Stopped early:** "+res.Stopped) {
		t.Errorf("conformance.md: want %q in\n%s", "**Stopped early:** "+res.Stopped, md)
	}
	page := string(readFile(t, filepath.Join(dir, reports.HTMLFile)))
	if !strings.Contains(page, "<b>Stopped early:</b> "+res.Stopped) {
		t.Errorf("conformance.html: want %q in it", "<b>Stopped early:</b> "+res.Stopped)
	}
}
