package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/putdestination/conformance/result"

	"github.com/putdestination/conformance"
	"github.com/putdestination/conformance/emulator"
	"github.com/putdestination/conformance/emulator/mutants"
	"github.com/putdestination/conformance/suites/framework"
)

func runCLI(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), args, &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

func readResult(t *testing.T, dir string) *result.Result {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, result.JSONFile))
	if err != nil {
		t.Fatal(err)
	}
	var r result.Result
	if err := json.Unmarshal(data, &r); err != nil {
		t.Fatal(err)
	}
	return &r
}

func mutant(t *testing.T, name string) http.Handler {
	m, ok := mutants.Named(name)
	if !ok {
		t.Fatalf("no mutant %s", name)
	}
	return m.New()
}

// TestExitCodes: 0 conformant, 1 non-conformant or unreachable (with a
// report), 2 bad usage before any request.
func TestExitCodes(t *testing.T) {
	good := httptest.NewServer(emulator.New())
	defer good.Close()
	bad := httptest.NewServer(mutant(t, "accepts-colon-in-name"))
	defer bad.Close()
	gone := httptest.NewServer(http.NotFoundHandler())
	gone.Close()
	tests := []struct {
		name, reason string
		args         []string
		want         int
	}{
		{"conformant", "the reference emulator over TCP", []string{"-endpoint=" + good.URL, "-budget=10"}, 0},
		{"embedded", "no -endpoint: the embedded emulator", []string{"-budget=10"}, 0},
		{"non-conformant", "a mutant that accepts ':' in names", []string{"-endpoint=" + bad.URL, "-budget=30"}, 1},
		{"unreachable", "the harness could not do its job, but says so in a report", []string{"-endpoint=" + gone.URL}, 1},
		{"bad flag value", "caught before any request", []string{"-budget=0"}, 2},
		{"unknown flag", "a typo", []string{"-bugdet=3"}, 2},
		{"bad scheme", "only http and https", []string{"-endpoint=ftp://x"}, 2},
		{"stray argument", "flags only", []string{"-budget=3", "extra"}, 2},
		{"bad progress", "auto, live, plain or off", []string{"-progress=loud"}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			code, stdout, stderr := runCLI(t, append(tt.args, "-seed=3", "-report-dir="+dir)...)
			if code != tt.want {
				t.Errorf("%s (%s): exit %d, want %d\nstdout: %s\nstderr: %s", tt.name, tt.reason, code, tt.want, stdout, stderr)
			}
			if tt.want == 2 && (strings.Count(strings.TrimSpace(stderr), "\n") > 0 || stdout != "") {
				t.Errorf("%s: bad usage: want one line on stderr and nothing on stdout, got %q / %q", tt.name, stderr, stdout)
			}
			for _, line := range strings.Split(stdout, "\n") {
				if len(line) > result.MaxLine {
					t.Errorf("%s: stdout line of %d bytes, want at most %d", tt.name, len(line), result.MaxLine)
				}
			}
			if tt.want != 2 {
				validJSON(t, dir)
			}
		})
	}
}

// TestHelpListsEveryFlag: -h exits 0 and lists every flag with its default.
func TestHelpListsEveryFlag(t *testing.T) {
	code, stdout, _ := runCLI(t, "-h")
	if code != 0 {
		t.Errorf("-h: exit %d, want 0", code)
	}
	fs := flag.NewFlagSet("x", flag.ContinueOnError)
	cfg := conformance.DefaultConfig()
	cfg.RegisterFlags(fs)
	names := []string{"endpoint", "version"}
	fs.VisitAll(func(f *flag.Flag) { names = append(names, f.Name) })
	for _, n := range names {
		if !strings.Contains(stdout, "  -"+n+" ") && !strings.Contains(stdout, "  -"+n+"\n") {
			t.Errorf("-h: flag -%s not listed in\n%s", n, stdout)
		}
	}
	if !strings.Contains(stdout, "(default 100)") || !strings.Contains(stdout, "(default 2s)") {
		t.Errorf("-h: defaults not shown:\n%s", stdout)
	}
}

// TestSameAsTheSuite: the CLI and make conformance (the suite's framework)
// give the same verdict, rules and findings for the same endpoint and seed.
func TestSameAsTheSuite(t *testing.T) {
	srv := httptest.NewServer(mutant(t, "new-id-on-update"))
	defer srv.Close()
	cliDir := t.TempDir()
	code, _, _ := runCLI(t, "-endpoint="+srv.URL, "-seed=9", "-budget=20", "-no-shrink", "-report-dir="+cliDir)
	fw := framework.New()
	fw.Endpoint = srv.URL
	fw.Config.Seed, fw.Config.Budget, fw.Config.Shrink = 9, 20, false
	fw.Config.ReportDir = t.TempDir()
	if err := fw.RunCampaign(""); err != nil {
		t.Fatal(err)
	}
	cli, suite := readResult(t, cliDir), readResult(t, fw.ReportDir)
	if code != 1 || cli.Verdict != suite.Verdict || cli.Requests != suite.Requests {
		t.Errorf("CLI: exit %d, %s in %d requests; suite: %s in %d; want exit 1 and the same", code, cli.Verdict, cli.Requests, suite.Verdict, suite.Requests)
	}
	for i := range cli.Rules {
		c, s := cli.Rules[i], suite.Rules[i]
		if c.Status != s.Status || c.Cases != s.Cases || c.Failures != s.Failures {
			t.Errorf("rule %s: CLI %+v, suite %+v", cli.Rules[i].ID, cli.Rules[i], suite.Rules[i])
		}
	}
	if !strings.HasPrefix(cli.Reproduce, rerunCommand()+" -endpoint=") || !strings.Contains(cli.Reproduce, "-seed=9") {
		t.Errorf("CLI reproduce: got %q, want the command that ran it (%s) with -seed=9", cli.Reproduce, rerunCommand())
	}
	if !strings.HasPrefix(suite.Reproduce, "make conformance ENDPOINT=") {
		t.Errorf("suite reproduce: got %q, want make conformance ENDPOINT=...", suite.Reproduce)
	}
}

// TestRelativePathsResolveAgainstTheWorkingDirectory guards the front
// door's promise: a relative -report-dir is where the command was run.
func TestRelativePathsResolveAgainstTheWorkingDirectory(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	if code, _, stderr := runCLI(t, "-budget=3", "-seed=1", "-report-dir=rep"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "rep", result.JSONFile)); err != nil {
		t.Errorf("report: want it under the working directory: %v", err)
	}
}
