package fuzztargets

import (
	"context"
	"encoding/xml"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/putdestination/conformance/result"

	"github.com/onsi/ginkgo/v2/reporters"
	"github.com/putdestination/conformance"
	"github.com/putdestination/conformance/reports"
	"github.com/putdestination/conformance/rules"
)

// runTarget runs the fuzz target named target in this test binary, in a
// process of its own whose working directory is dir (where Go reads
// testdata/fuzz/<target>), with env added: `go test -run='^target$'` as a
// team's CI runs it, without building anything again.
func runTarget(t *testing.T, dir, target string, env ...string) (string, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()
	bin, err := filepath.Abs(os.Args[0])
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.CommandContext(ctx, bin, "-test.run=^"+target+"$", "-test.count=1")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// TestFuzzTargetWritesReports: conformance.Fuzz, end to end,
// as a team writes it, run by `go test` with CONFORMANCE_REPORT_DIR set,
// against a faulty mutant with a kept input under testdata/fuzz, writes
// every report: conformance.json (valid against the schema) with the kept
// input as a finding under the mutant's rule, its body and the go test
// line that reruns it, and junit.xml failing that rule.
func TestFuzzTargetWritesReports(t *testing.T) {
	const name = "panics-on-unexpected-escape"
	m := mutant(t, name)
	rule := rules.ID(m.Rule)
	kept, err := os.ReadFile(filepath.Join("testdata", "regressions", name))
	if err != nil {
		t.Fatal(err)
	}
	in, err := parseInput(kept)
	if err != nil {
		t.Fatal(err)
	}
	work := t.TempDir()
	corpus := filepath.Join(work, "testdata", "fuzz", "FuzzZooMutant")
	if err := os.MkdirAll(corpus, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(corpus, "kept-"+name), kept, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := runTarget(t, work, "FuzzZooMutant", proofEnv+"="+name, conformance.ReportDirEnv+"=out")
	if err == nil {
		t.Fatalf("FuzzZooMutant on %s: passed, want a failure\n%s", name, tail([]byte(out), 20))
	}
	for _, l := range strings.Split(out, "\n") {
		if len(strings.TrimSpace(l)) > result.MaxLine {
			t.Errorf("console line of %d bytes, want at most %d: %.200s…", len(l), result.MaxLine, l)
		}
	}
	dir := filepath.Join(work, "out") // relative to the package's directory
	data, err := os.ReadFile(filepath.Join(dir, reports.JSONFile))
	if err != nil {
		t.Fatalf("%v\n%s", err, tail([]byte(out), 20))
	}
	if err := result.Validate(data); err != nil {
		t.Errorf("%s: %v", reports.JSONFile, err)
	}
	res, err := result.Load(filepath.Join(dir, reports.JSONFile))
	if err != nil {
		t.Fatal(err)
	}
	if res.Verdict != "non-conformant" || len(res.Fuzz) != 1 || res.Fuzz[0].Target != "FuzzZooMutant" || res.Fuzz[0].Corpus != 1 ||
		res.Fuzz[0].Package != "github.com/putdestination/conformance/fuzztargets" {
		t.Errorf("verdict %q, fuzz %+v: want non-conformant, FuzzZooMutant of this package with one input from a file", res.Verdict, res.Fuzz)
	}
	var found *result.Finding
	for _, f := range res.FindingsFor(rule) {
		if string(f.Request.Body) == string(in.First) {
			found = &f
		}
	}
	if found == nil {
		t.Fatalf("no finding under %s with the kept input's body %q; findings: %d", rule, in.First, len(res.Findings))
	}
	if want := "go test -run='^FuzzZooMutant$/^kept-panics-on-unexpected-escape$' github.com/putdestination/conformance/fuzztargets"; found.Reproduce != want {
		t.Errorf("reproduce: got %q, want %q", found.Reproduce, want)
	}
	if !strings.HasPrefix(found.Curl, "curl ") || !strings.Contains(found.Error, "panicked") {
		t.Errorf("curl %q, error %q: want a curl line and the panic", found.Curl, found.Error)
	}
	for _, f := range []string{reports.HTMLFile, reports.MarkdownFile, filepath.Join(reports.FindingsDir, "index.txt")} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("report %s: %v", f, err)
		}
	}

	raw, err := os.ReadFile(filepath.Join(dir, reports.JUnitFile))
	if err != nil {
		t.Fatal(err)
	}
	var junit reporters.JUnitTestSuites
	if err := xml.Unmarshal(raw, &junit); err != nil {
		t.Fatalf("%s: %v", reports.JUnitFile, err)
	}
	r, _ := rules.Lookup(rule)
	failed := false
	for _, s := range junit.TestSuites {
		for _, tc := range s.TestCases {
			if tc.Failure != nil && len(tc.Failure.Message) > result.MaxLine {
				t.Errorf("JUnit message of %d bytes, want at most %d", len(tc.Failure.Message), result.MaxLine)
			}
			if tc.Name == string(r.ID) && tc.Status == "failed" && strings.Contains(tc.Failure.Description, "FuzzZooMutant") {
				failed = true
			}
		}
	}
	if !failed {
		t.Errorf("%s: no failed test case %q naming the fuzz target\n%s", reports.JUnitFile, r.ID, raw)
	}
}

// TestFuzzTargetCleanReport: the reference emulator through
// conformance.Fuzz (FuzzEmulator) with CONFORMANCE_REPORT_DIR writes a
// conformant result that says it was a fuzz run.
func TestFuzzTargetCleanReport(t *testing.T) {
	work := t.TempDir()
	dir := filepath.Join(work, "reports")
	out, err := runTarget(t, work, "FuzzEmulator", conformance.ReportDirEnv+"="+dir)
	if err != nil {
		t.Fatalf("FuzzEmulator: %v\n%s", err, tail([]byte(out), 20))
	}
	res, err := result.Load(filepath.Join(dir, reports.JSONFile))
	if err != nil {
		t.Fatal(err)
	}
	if res.Verdict != "conformant" || len(res.Fuzz) != 1 || res.Fuzz[0].Target != "FuzzEmulator" || res.Fuzz[0].Inputs == 0 {
		t.Errorf("verdict %q, fuzz %+v: want conformant, FuzzEmulator with its inputs", res.Verdict, res.Fuzz)
	}
	if _, err := os.Stat(filepath.Join(dir, reports.JUnitFile)); err != nil {
		t.Error(err)
	}
}

// TestFuzzTargetUnwritableReportDir: a report directory that cannot be
// made fails the target with one line naming it, and no panic.
func TestFuzzTargetUnwritableReportDir(t *testing.T) {
	work := t.TempDir()
	file := filepath.Join(work, "a-file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := runTarget(t, work, "FuzzEmulator", conformance.ReportDirEnv+"="+filepath.Join(file, "reports"))
	if err == nil {
		t.Fatalf("FuzzEmulator with an unwritable report directory: passed, want a failure\n%s", out)
	}
	var lines []string
	for _, l := range strings.Split(out, "\n") {
		if strings.Contains(l, "conformance.Fuzz") {
			lines = append(lines, l)
		}
	}
	if len(lines) != 1 || !strings.Contains(lines[0], conformance.ReportDirEnv) || !strings.Contains(lines[0], file) || strings.Contains(out, "panic") {
		t.Errorf("got %d lines of conformance.Fuzz, want one naming %s and the directory, and no panic:\n%s", len(lines), conformance.ReportDirEnv, out)
	}
}
