package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/putdestination/conformance/internal/buildinfo"
	"github.com/putdestination/conformance/result"
)

// moduleRoot is this checkout's root, where `go run ./cmd/conformance` runs.
func moduleRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	return root
}

// shellRun runs line with sh in dir, bounded by a hang guard, and returns
// its exit status and output (stdout and stderr as they interleaved).
func shellRun(t *testing.T, dir, line string) (int, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "sh", "-c", line)
	cmd.Dir = dir
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		return ee.ExitCode(), out.String()
	case err != nil:
		t.Fatalf("sh -c %q: %v\n%s", line, err, out.String())
	}
	return 0, out.String()
}

// caseIdentities are the findings of res as the cases that found them:
// rule, property, case seed and index (shrinking may end elsewhere).
func caseIdentities(res *result.Result) []string {
	var ids []string
	for _, f := range res.Findings {
		ids = append(ids, fmt.Sprintf("%s %s %d %d", f.Rule, f.Property, f.CaseSeed, f.CaseIndex))
	}
	slices.Sort(ids)
	return ids
}

// TestReproduceLineRerunsTheRun: run from a clone with `go run
// ./cmd/conformance` and a random seed, the harness prints a reproduce line
// that is `go run ./cmd/conformance …` (no @latest anywhere in what the
// run wrote or printed), and that line, run as printed from the clone's
// root, sends the same cases: the same seed, the same findings.
func TestReproduceLineRerunsTheRun(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: builds the command with go run")
	}
	srv := httptest.NewServer(mutant(t, "accepts-colon-in-name"))
	defer srv.Close()
	root := moduleRoot(t)
	first, second := t.TempDir(), t.TempDir()
	code, out := shellRun(t, root, "go run ./cmd/conformance -endpoint="+srv.URL+" -budget=20 -report-dir="+first)
	if code != 1 {
		t.Fatalf("first run against a faulty server: exit %d, want 1\n%s", code, out)
	}
	a := readResult(t, first)
	if !strings.HasPrefix(a.Reproduce, "go run ./cmd/conformance -endpoint="+srv.URL+" -seed=") {
		t.Fatalf("reproduce: got %q, want the command that ran it, go run ./cmd/conformance, with the seed drawn", a.Reproduce)
	}
	if !strings.Contains(out, "reproduce the run: "+a.Reproduce) || !strings.Contains(out, "replay:     go run ./cmd/conformance replay ") {
		t.Errorf("console: want the reproduce line %q and a replay line with go run ./cmd/conformance:\n%s", a.Reproduce, out)
	}
	if a.Replay != "go run ./cmd/conformance replay" {
		t.Errorf("conformance.json replay: got %q, want go run ./cmd/conformance replay", a.Replay)
	}
	noLatest(t, "the first run's output", out)
	noLatestIn(t, first)

	code, out = shellRun(t, root, a.Reproduce+" -report-dir="+second)
	if code != 1 {
		t.Fatalf("the reproduce line, run as printed: exit %d, want 1\n%s", code, out)
	}
	b := readResult(t, second)
	if b.Seed != a.Seed || b.Reproduce != a.Reproduce {
		t.Errorf("rerun: seed %d, reproduce %q; want seed %d and the same line", b.Seed, b.Reproduce, a.Seed)
	}
	if got, want := caseIdentities(b), caseIdentities(a); !slices.Equal(got, want) || len(want) == 0 {
		t.Errorf("rerun: findings from the cases\n%q\nwant the first run's\n%q", got, want)
	}
}

// noLatest fails when s holds @latest: it reruns whatever was released
// last, not the harness that ran.
func noLatest(t *testing.T, what, s string) {
	t.Helper()
	if i := strings.Index(s, "@latest"); i >= 0 {
		t.Errorf("%s: got @latest in %q", what, s[max(0, i-120):min(len(s), i+20)])
	}
}

// noLatestIn is noLatest for every file under dir.
func noLatestIn(t *testing.T, dir string) {
	t.Helper()
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		if err == nil {
			noLatest(t, path, string(data))
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestVersionSaysTheBuild: -version prints the module's version and the
// VCS revision as the build has them, with the report format.
func TestVersionSaysTheBuild(t *testing.T) {
	code, stdout, _ := runCLI(t, "-version")
	want := "conformance " + buildinfo.Read().String() + "; report format " + result.Format + "\n"
	if code != 0 || stdout != want {
		t.Errorf("-version: exit %d, %q; want 0, %q", code, stdout, want)
	}
}
