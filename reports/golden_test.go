package reports_test

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/putdestination/conformance/result"

	"github.com/putdestination/conformance"
	"github.com/putdestination/conformance/emulator/mutants"
	"github.com/putdestination/conformance/reports"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// goldenMutant is the fixed mutant of the golden files: it accepts an
// update under a new id, so its findings are pairs of requests (the first
// request, then the second, what reproducing needs) with bodies of every
// size.
const goldenMutant = "new-id-on-update"

// goldenRun runs the fixed seed against the fixed mutant, in process,
// without shrinking (which is bounded by time, not by steps), and writes
// every report into a new directory.
func goldenRun(t *testing.T) (*result.Result, string) {
	t.Helper()
	m, ok := mutants.Named(goldenMutant)
	if !ok {
		t.Fatalf("mutant %s: not in mutants.All()", goldenMutant)
	}
	dir := filepath.Join(t.TempDir(), "out")
	res, err := conformance.Check(context.Background(), conformance.Handler(m.New),
		conformance.WithSeed(20261201), conformance.WithBudget(20), conformance.WithWorkers(1),
		conformance.WithoutShrinking(), conformance.WithReportDir(dir), conformance.WithHeader("Authorization", "Bearer "+secret))
	if err != nil {
		t.Fatalf("Check: %v", err)
	}
	if err := reports.Write(dir, res); err != nil {
		t.Fatalf("Write: %v", err)
	}
	validReport(t, dir)
	return res, dir
}

// masks hide what changes from run to run: the report directory, times,
// ids the mutant draws, timestamps.
func mask(s, dir string) string {
	s = strings.ReplaceAll(s, dir, "$REPORT_DIR")
	for _, m := range []struct {
		re   *regexp.Regexp
		with string
	}{
		{regexp.MustCompile(`\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)`), "<time>"},
		{regexp.MustCompile(`dst-[0-9a-f]{16}`), "dst-<id>"},
		{regexp.MustCompile(`\b\d+(\.\d+)?(ns|µs|ms|s)\b`), "<duration>"},
	} {
		s = m.re.ReplaceAllString(s, m.with)
	}
	return s
}

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%s: %v (run go test ./reports/ -run Golden -update to write it)", path, err)
	}
	if got != string(want) {
		t.Errorf("%s: output changed (go test ./reports/ -run Golden -update rewrites it); got:\n%s", path, got)
	}
}

// TestConsoleGolden: the console of a fixed seed against a fixed mutant,
// times, ids and the report directory masked.
func TestConsoleGolden(t *testing.T) {
	res, dir := goldenRun(t)
	var b bytes.Buffer
	if err := reports.Console(&b, res, reports.ConsoleOptions{Dir: dir, Replay: func(report, finding string) string {
		return "conformance replay " + report + " " + finding
	}}); err != nil {
		t.Fatal(err)
	}
	golden(t, "console.golden", mask(b.String(), dir))
}

// TestMarkdownGolden: conformance.md of the same run.
func TestMarkdownGolden(t *testing.T) {
	_, dir := goldenRun(t)
	golden(t, "markdown.golden", mask(string(readFile(t, filepath.Join(dir, reports.MarkdownFile))), dir))
}
