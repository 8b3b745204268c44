package conformance_test

import (
	"context"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/putdestination/conformance"
	"github.com/putdestination/conformance/rules"
)

// TestGoAPIReproduceNamesNoMovingVersion: a run through the Go API, which
// no command started, says how to rerun it with the options of the same
// cases (seed, budget, rules), never with a command at @latest, which
// would run another harness; a test binary of this module names no
// version to pin.
func TestGoAPIReproduceNamesNoMovingVersion(t *testing.T) {
	srv := httptest.NewServer(newEmulator())
	defer srv.Close()
	for _, tt := range []struct {
		name, reason string
		target       conformance.Target
	}{
		{"URL", "an endpoint checked from Go code", conformance.URL(srv.URL)},
		{"handler", "a handler in process", conformance.Handler(newEmulator)},
	} {
		res, err := conformance.Check(context.Background(), tt.target, conformance.WithSeed(7), conformance.WithBudget(2),
			conformance.WithRules(rules.RejectsInvalid, rules.AcceptsValid))
		if err != nil {
			t.Fatal(err)
		}
		want := `rerun with conformance.WithSeed(7), conformance.WithBudget(2), conformance.WithRules("rejects-invalid", "accepts-valid")`
		if res.Reproduce != want {
			t.Errorf("%s (%s): reproduce %q, want %q", tt.name, tt.reason, res.Reproduce, want)
		}
		if strings.Contains(res.Reproduce, "@latest") {
			t.Errorf("%s: reproduce %q names @latest", tt.name, res.Reproduce)
		}
	}
}

// reproduceHelper, set in the environment, makes TestTestFailureReruns run
// the faulty test it stands for (and fail) instead of driving it.
const reproduceHelper = "CONFORMANCE_REPRODUCE_HELPER"

// TestTestFailureReruns: a failure of conformance.Test with a random seed
// prints CONFORMANCE_SEED=… go test -run '^TestName$' ./pkg, and that line,
// run as printed from the module's root, reruns the same cases (the same
// findings) with no change to the code. The test runs itself twice under
// go test, as the faulty test of a team's package.
func TestTestFailureReruns(t *testing.T) {
	if os.Getenv(reproduceHelper) != "" {
		conformance.Test(t, conformance.Handler(acceptsColon), conformance.WithBudget(20), conformance.WithoutShrinking(),
			conformance.WithRules(rules.RejectsInvalid))
		return
	}
	if testing.Short() {
		t.Skip("-short: runs go test twice")
	}
	t.Setenv(reproduceHelper, "1")
	t.Setenv(conformance.SeedEnv, "")
	root, err := filepath.Abs(".")
	if err != nil {
		t.Fatal(err)
	}
	first := goTest(t, root, "go test -count=1 -run '^TestTestFailureReruns$' .")
	line := ""
	for _, l := range strings.Split(first, "\n") {
		if _, after, ok := strings.Cut(l, "reproduce the run: "); ok {
			line = after
		}
	}
	if !regexp.MustCompile(`^CONFORMANCE_SEED=[1-9][0-9]* go test -run '\^TestTestFailureReruns\$' \.$`).MatchString(line) {
		t.Fatalf("reproduce line: got %q, want CONFORMANCE_SEED=<seed> go test -run '^TestTestFailureReruns$' .\n%s", line, first)
	}
	if strings.Contains(first, "in-process.invalid") {
		t.Errorf("failure: got a curl line to the in-process URL:\n%s", first)
	}
	second := goTest(t, root, line)
	if got, want := findingLines(second), findingLines(first); !slices.Equal(got, want) || len(want) == 0 {
		t.Errorf("rerun by %q: findings\n%q\nwant the first run's\n%q", line, got, want)
	}
}

// goTest runs a go test command line with sh in dir, wanting it to fail,
// and returns its output.
func goTest(t *testing.T, dir, line string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "sh", "-c", line)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err == nil {
		t.Fatalf("%s: passed, want the faulty test to fail:\n%s", line, out)
	}
	return string(out)
}

// findingLines are the lines of a failure that say what was found, with
// the case, the times and ids the handler draws left out.
func findingLines(out string) []string {
	var lines []string
	for _, l := range strings.Split(out, "\n") {
		l = strings.TrimSpace(l)
		if strings.HasPrefix(l, "case: ") || regexp.MustCompile(`^\d+\. `).MatchString(l) {
			lines = append(lines, regexp.MustCompile(`\\"created_at\\":\\"[^\\]*\\"`).ReplaceAllString(l, "<time>"))
		}
	}
	return lines
}
